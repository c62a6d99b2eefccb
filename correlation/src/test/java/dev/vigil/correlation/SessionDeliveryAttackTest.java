package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session's sink under hostile use: calls back into the session, feedback loops, concurrent feeders. */
class SessionDeliveryAttackTest {

    static Detector detector;

    @BeforeAll
    static void build() {
        detector = Detector.builder().addRule(rule("fail")).addRule(rule("other"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).generate(true).build())
                .build();
    }

    /** A sink that calls accept() is not called again before it returns; the alerts follow in order. */
    @Test
    void aSinkThatAcceptsAnEvent_isNotReentered() {
        AtomicInteger inSink = new AtomicInteger();
        int[] maxNesting = {0};
        List<Alert> seen = new ArrayList<>();
        DetectorSession[] self = new DetectorSession[1];
        try (DetectorSession s = detector.newSession().onAlert(a -> {
            int n = inSink.incrementAndGet();
            maxNesting[0] = Math.max(maxNesting[0], n);
            try {
                seen.add(a);
                if (a instanceof Detection d && seen.size() < 3) {
                    self[0].accept(event("other", seen.size(), "user", "x"));
                }
            } finally {
                inSink.decrementAndGet();
            }
        }).open()) {
            self[0] = s;
            s.accept(event("fail", 0, "user", "a"));
            s.finish();
        }
        assertThat(seen).hasSize(3);
        assertThat(maxNesting[0]).as("the sink is documented to get one alert at a time").isEqualTo(1);
    }

    /** A sink feeding alerts back as events runs as a loop, not a recursion. */
    @Test
    void aLongFeedbackChain_doesNotGrowTheStack() {
        int rounds = 20_000;
        int[] delivered = {0};
        DetectorSession[] self = new DetectorSession[1];
        Throwable[] thrown = {null};
        Thread t = new Thread(null, () -> {
            try (DetectorSession s = detector.newSession().onAlert(a -> {
                if (++delivered[0] < rounds) {
                    self[0].accept(event("other", delivered[0], "user", "x"));
                }
            }).open()) {
                self[0] = s;
                s.accept(event("other", 0, "user", "x"));
                s.finish();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "feedback", 512 * 1024);
        t.start();
        join(t);
        assertThat(thrown[0]).as("feeding alerts back must not grow the stack (failed after %d rounds)", delivered[0])
                .isNull();
        assertThat(delivered[0]).isEqualTo(rounds);
    }

    /** Stress: 4 threads accept concurrently; every alert is delivered exactly once, per-thread order kept. */
    @Test
    void concurrentAccept_deliversEverythingOnce_inEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        for (int round = 0; round < 5; round++) {
            List<Alert> delivered = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try (DetectorSession s = detector.newSession().partitions(2).batchSize(7)
                    .onAlert(delivered::add).open()) {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int tt = t;
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            s.accept(event(i % 5 == 0 ? "other" : "fail", i, "user", "u" + tt, "seq", i, "t", tt));
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                s.finish();
                long detections = delivered.stream().filter(a -> a instanceof Detection).count();
                assertThat(detections).isEqualTo((long) threads * perThread);
                long corr = delivered.stream().filter(a -> a instanceof CorrelationAlert).count();
                assertThat(corr).isEqualTo(s.stats().alerts());
                for (int t = 0; t < threads; t++) {
                    String tt = String.valueOf(t);
                    List<Integer> seqs = delivered.stream().filter(a -> a instanceof Detection d
                            && tt.equals(String.valueOf(d.event().fields().get("t"))))
                            .map(a -> (Integer) ((Detection) a).event().fields().get("seq")).toList();
                    assertThat(seqs).hasSize(perThread).isSorted();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
