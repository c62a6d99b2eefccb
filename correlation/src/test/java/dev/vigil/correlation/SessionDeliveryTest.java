package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.T0;
import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session's one sink: set once, run outside the session's lock, in order; and the safe default lateness. */
class SessionDeliveryTest {

    static Detector detector;

    @BeforeAll
    static void build() {
        detector = Detector.builder().addRule(rule("fail")).addRule(rule("other"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).generate(true).build())
                .build();
    }

    @Test
    void open_withoutASink_failsSayingWhatIsMissing() {
        assertThatThrownBy(() -> detector.newSession().open())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("onAlert");
        assertThatThrownBy(() -> detector.newSession().onAlert(a -> { }).onAlert(a -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
    }

    @Test
    void aSlowSink_doesNotHoldUpAnotherThreadsCorrelation() throws Exception {
        CountDownLatch sinkEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Alert> delivered = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (DetectorSession s = detector.newSession().batchSize(1).onAlert(a -> {
            if (delivered.isEmpty()) {
                sinkEntered.countDown();
                await(release);
            }
            delivered.add(a);
        }).open()) {
            Future<?> slow = pool.submit(() -> s.accept(event("fail", 0, "user", "a")));
            assertThat(sinkEntered.await(10, TimeUnit.SECONDS)).isTrue();
            // the first thread is inside the sink; this one still gets its events correlated
            Future<?> other = pool.submit(() -> {
                for (int i = 1; i <= 3; i++) {
                    s.accept(event("fail", i, "user", "b"));
                }
            });
            other.get(10, TimeUnit.SECONDS);
            assertThat(s.stats().matches()).isEqualTo(4);
            assertThat(s.stats().alerts()).as("correlated while the sink was blocked").isEqualTo(1);
            release.countDown();
            slow.get(10, TimeUnit.SECONDS);
            s.flush();
        } finally {
            pool.shutdownNow();
        }
        assertThat(delivered).hasSize(5);
        assertThat(delivered.subList(0, 4)).allMatch(a -> a instanceof Detection);
        assertThat(delivered.get(4)).isInstanceOf(CorrelationAlert.class);
    }

    @Test
    void theSinkMayCallBackIntoTheSession() {
        List<Long> seen = new ArrayList<>();
        DetectorSession[] self = new DetectorSession[1];
        try (DetectorSession s = detector.newSession().onAlert(a -> seen.add(self[0].stats().matches())).open()) {
            self[0] = s;
            s.accept(event("fail", 0, "user", "a"));
            s.accept(event("fail", 1, "user", "a"));
        }
        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void aFailingSink_throwsToTheCaller_andTheAlertsAfterItAreDeliveredNextTime() {
        List<Alert> delivered = new ArrayList<>();
        boolean[] failed = {false};
        try (DetectorSession s = detector.newSession().onAlert(a -> {
            if (!failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("sink down");
            }
            delivered.add(a);
        }).open()) {
            assertThatThrownBy(() -> s.accept(event("fail", 0, "user", "a"))).hasMessage("sink down");
            s.accept(event("fail", 1, "user", "a"));
            s.accept(event("fail", 2, "user", "a"));
            s.finish();
        }
        assertThat(delivered).hasSize(3);
        assertThat(delivered).filteredOn(a -> a instanceof CorrelationAlert).hasSize(1);
    }

    @Test
    void defaultLateness_onEventTime_keepsMatchesThatComeOutOfOrder() {
        // two files read one after the other: the second holds the earlier events (the first is long
        // enough to give the stream a time: 16 matches, StreamTime.AT_LEAST)
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            events.add(event("fail", 600 + i, "user", "x" + i));
        }
        events.addAll(List.of(event("other", 900), event("fail", 0, "user", "a"), event("fail", 1, "user", "a"),
                event("fail", 2, "user", "a")));
        List<CorrelationAlert> byDefault = correlations(detector.newSession(), events);
        assertThat(byDefault).hasSize(1);
        assertThat(byDefault.get(0).window().start()).isEqualTo(T0);
        assertThat(correlations(detector.newSession().allowedLateness(Duration.ZERO), events))
                .as("what a zero lateness would have lost").isEmpty();
    }

    @Test
    void ids_doNotDependOnPartitions() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(event("fail", i * 7, "user", "u" + (i % 9)));
        }
        List<String> one = ids(correlations(detector.newSession().partitions(1), events));
        List<String> four = ids(correlations(detector.newSession().partitions(4), events));
        assertThat(one).isNotEmpty().containsExactlyInAnyOrderElementsOf(four);
        assertThat(ids(correlations(detector.newSession().partitions(1), events))).as("and not on the run")
                .containsExactlyElementsOf(one);
    }

    private static List<String> ids(List<CorrelationAlert> alerts) {
        return alerts.stream().map(Alert::id).toList();
    }

    private static List<CorrelationAlert> correlations(SessionBuilder options, List<Event> events) {
        List<CorrelationAlert> out = new ArrayList<>();
        try (DetectorSession s = options.onAlert(a -> {
            if (a instanceof CorrelationAlert c) {
                out.add(c);
            }
        }).open()) {
            events.forEach(s::accept);
            s.finish();
        }
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
