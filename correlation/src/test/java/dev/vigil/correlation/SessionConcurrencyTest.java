package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.CorrelationTestSupport.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** One session fed from several threads, and a session moved to a reloaded detector while events flow. */
class SessionConcurrencyTest {

    private static final CorrelationRule BRUTE = corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
            .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).build();
    private static final CorrelationRule SPRAY = corr("spray", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
            .groupBy(List.of("host")).condition(CorrelationCondition.atLeast(4)).build();

    private static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    private static Detector detector(List<Rule> rules, List<CorrelationRule> correlations) {
        Detector d = Detector.builder().addRules(rules).addCorrelations(correlations).build();
        assertThat(d.problems()).isEmpty();
        return d;
    }

    /** Bursts of three failures per user, an hour apart: alerts that do not depend on arrival order. */
    private static List<Event> bursts(int users, int bursts) {
        List<Event> events = new ArrayList<>();
        for (int b = 0; b < bursts; b++) {
            for (int u = 0; u < users; u++) {
                for (int k = 0; k < 3; k++) {
                    events.add(event("fail", b * 3600 + u * 7 + k, "user", "u" + u, "host", "h" + (u % 5)));
                }
            }
        }
        return events;
    }

    private static List<String> feed(Detector d, List<Event> events, int threads, int partitions) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try (DetectorSession s = d.newSession().partitions(partitions).onAlert(a -> ids.add(a.id().toString())).open()) {
            List<Thread> ts = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int me = t;
                ts.add(started(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = me; i < events.size(); i += threads) {
                        s.accept(events.get(i));
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            s.finish();
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        return sorted;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void severalFeedingThreads_giveTheAlertsOfOne(int threads) throws Exception {
        Detector d = detector(List.of(rule("fail")), List.of(BRUTE.toBuilder().generate(true).build()));
        List<Event> events = bursts(40, 5);
        List<String> one = feed(d, events, 1, 1);
        assertThat(one).hasSize(events.size() + 40 * 5); // every detection, and one alert per burst
        assertThat(feed(d, events, threads, 1)).isEqualTo(one);
        assertThat(feed(d, events, threads, 2)).isEqualTo(one);
    }

    @Test
    void swap_keepsTheStateOfUnchangedCorrelations_andDropsTheOthers() {
        Detector before = detector(List.of(rule("fail")), List.of(BRUTE, SPRAY));
        CorrelationRule spray5 = corr("spray", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                .groupBy(List.of("host")).condition(CorrelationCondition.atLeast(5)).build();
        // the reloaded set: brute unchanged (its title may change), spray changed, a new rule
        Detector after = detector(List.of(rule("fail"), rule("logon")),
                List.of(BRUTE.toBuilder().title("brute force, reworded").build(), spray5));
        Sink sink = new Sink();
        try (DetectorSession s = before.newSession().onAlert(sink).open()) {
            s.accept(event("fail", 0, "user", "bob", "host", "h1"));
            s.accept(event("fail", 1, "user", "bob", "host", "h1"));
            s.accept(event("fail", 2, "user", "eve", "host", "h1"));
            s.swap(after);
            s.accept(event("fail", 3, "user", "bob", "host", "h1"));
            s.accept(event("logon", 4, "user", "bob"));
            s.finish();
            assertThat(s.stats().evictedGroups()).as("spray's group, whose rule changed").isEqualTo(1);
        }
        List<CorrelationAlert> brute = sink.correlations("brute");
        assertThat(brute).singleElement().satisfies(a -> {
            assertThat(a.group()).containsEntry("user", "bob");
            assertThat(a.matchCount()).isEqualTo(3);
            assertThat(a.rule().title()).isEqualTo("brute force, reworded");
        });
        assertThat(sink.correlations("spray")).as("4 failures on h1, but spray now needs 5, and lost 3 of them").isEmpty();
        assertThat(sink.all).filteredOn(a -> a instanceof Detection d && d.rule().name().equals("logon")).hasSize(1);
    }

    @Test
    void swapWhileEventsFlow_matchesEveryEventExactlyOnce() throws Exception {
        List<Rule> rules = List.of(rule("fail"));
        Detector a = detector(rules, List.of(BRUTE.toBuilder().generate(true).build()));
        Detector b = detector(rules, List.of(BRUTE.toBuilder().generate(true).title("again").build()));
        List<Event> events = bursts(50, 20);
        Set<Event> matched = ConcurrentHashMap.newKeySet();
        List<Alert> all = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        try (DetectorSession s = a.newSession().partitions(2).onAlert(alert -> {
            all.add(alert);
            if (alert instanceof Detection d) {
                assertThat(matched.add(d.event())).as("matched twice: " + d.event()).isTrue();
            }
        }).open()) {
            Thread swapper = started(() -> {
                for (int i = 0; !done.get(); i++) {
                    s.swap(i % 2 == 0 ? b : a);
                }
            });
            Thread[] feeders = new Thread[3];
            for (int t = 0; t < feeders.length; t++) {
                int me = t;
                feeders[t] = started(() -> {
                    for (int i = me; i < events.size(); i += feeders.length) {
                        s.accept(events.get(i));
                    }
                });
            }
            for (Thread t : feeders) {
                t.join();
            }
            done.set(true);
            swapper.join();
            s.finish();
        }
        assertThat(matched).hasSize(events.size());
        // state carried across every swap: each burst still gives its one alert
        assertThat(all).filteredOn(x -> x instanceof CorrelationAlert).hasSize(50 * 20);
    }
}
