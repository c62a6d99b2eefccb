package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.T0;
import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.CorrelationTestSupport.Sink;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Correlation state and time under input an attacker writes: millions of groups that never fire,
 * forged and impossible timestamps, a group fed newest-first. See docs/RELIABILITY.md.
 */
class HostileCorrelationTest {

    static Detector detector;

    @BeforeAll
    static void build() {
        detector = Detector.builder()
                .addRules(List.of(rule("fail"), rule("logon"), rule("a"), rule("b"), rule("c")))
                .addCorrelations(List.of(
                        corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                                .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).build(),
                        corr("spray", CorrelationType.VALUE_COUNT, Duration.ofHours(1), "logon")
                                .groupBy(List.of("host")).valueField(FieldRef.of("user"))
                                .condition(CorrelationCondition.atLeast(3)).build(),
                        corr("chain", CorrelationType.TEMPORAL, Duration.ofHours(1), "a", "b", "c")
                                .groupBy(List.of("host")).build()))
                .build();
        assertThat(detector.problems()).isEmpty();
    }

    private static Sink run(UnaryOperator<SessionBuilder> options, List<Event> events, long[] counters,
            CorrelationStats[] stats) {
        Sink sink = new Sink();
        try (DetectorSession s = options.apply(detector.newSession()).onAlert(sink).open()) {
            for (Event e : events) {
                s.accept(e);
            }
            s.flush();
            if (counters != null) {
                System.arraycopy(s.workCounters(), 0, counters, 0, 2);
            }
            s.finish();
            if (stats != null) {
                stats[0] = s.stats();
            }
        }
        return sink;
    }

    // ---- bounded state

    @Test
    void evictedGroups_leaveNothingReferenced_underUnboundedLateness() {
        int n = 20_000;
        List<WeakReference<String>> names = new ArrayList<>();
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().maxGroups(100).onAlert(sink).open()) {
            for (int i = 0; i < n; i++) {
                String user = new String("user-" + i); // one instance, only the event holds it
                names.add(new WeakReference<>(user));
                s.accept(event("fail", i, "user", user));
            }
            s.flush();
            assertThat(s.stats().evictedGroups()).isEqualTo(n - 100);
            assertThat(s.stats().liveGroups()).isEqualTo(100);
            assertThat(s.workCounters()[1]).as("groups scheduled for the watermark").isLessThanOrEqualTo(100);
            long alive = 0;
            for (int attempt = 0; attempt < 20; attempt++) {
                System.gc();
                alive = names.stream().filter(r -> r.get() != null).count();
                if (alive <= 100) {
                    break;
                }
            }
            // only the groups kept may still reference their values: not a queue of dead inserts and
            // deletes, nor an expiry queue of evicted matches
            assertThat(alive).isLessThanOrEqualTo(100);
        }
        assertThat(sink.correlations()).isEmpty();
    }

    @Test
    void aGroupThatNeverFires_holdsAtMostMaxMatchesPerGroup_andSaysWhatItDropped() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            events.add(event("logon", i, "host", "dc01", "user", "svc"));
        }
        CorrelationStats[] stats = new CorrelationStats[1];
        long[] counters = new long[2];
        Sink sink = run(o -> o.maxMatchesPerGroup(1_000), events, counters, stats);
        assertThat(sink.correlations()).isEmpty();
        assertThat(stats[0].droppedMatches()).isEqualTo(4_000);
    }

    @Test
    void aCountCorrelationNeedingMoreThanTheCap_raisesTheCapAndStillFires() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(event("fail", i, "user", "bob"));
        }
        CorrelationStats[] stats = new CorrelationStats[1];
        Sink sink = run(o -> o.maxMatchesPerGroup(1), events, null, stats);
        assertThat(sink.correlations("brute")).hasSize(1);
        assertThat(stats[0].droppedMatches()).isZero();
    }

    // ---- out of order: a late match costs the windows it changes, not a rescan

    @Test
    void newestFirst_findsTheSameAlerts_withNoMoreWorkThanOldestFirst() {
        for (String type : List.of("fail", "logon", "chain")) {
            List<Event> oldest = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                // one group, results that do not depend on the order: bursts of 3 failures 10 minutes apart;
                // one user logging on all day (never 3 users); rules a and b but never c
                oldest.add(switch (type) {
                    case "fail" -> event("fail", (i / 3) * 600 + i % 3, "user", "bob");
                    case "logon" -> event("logon", i, "host", "dc01", "user", "svc");
                    default -> event(i % 997 == 0 ? "b" : "a", i, "host", "dc01");
                });
            }
            List<Event> newest = new ArrayList<>(oldest);
            java.util.Collections.reverse(newest);
            long[] oldWork = new long[2];
            long[] newWork = new long[2];
            Sink inOrder = run(o -> o, oldest, oldWork, null);
            Sink reversed = run(o -> o, newest, newWork, null);
            assertThat(windows(reversed.correlations())).as(type).isEqualTo(windows(inOrder.correlations()));
            // without pruning, newest-first probes every later match within the timespan: millions
            assertThat(newWork[0]).as(type + ": windows probed newest-first against " + oldWork[0] + " oldest-first")
                    .isLessThanOrEqualTo(2 * oldWork[0] + 100);
        }
    }

    private static List<String> windows(List<CorrelationAlert> alerts) {
        return alerts.stream().map(a -> a.rule().name() + " " + a.group() + " " + a.window() + " " + a.value())
                .sorted().toList();
    }

    // ---- event time an attacker cannot weaponise

    @Test
    void oneForgedFutureTime_doesNotMakeLaterMatchesLate() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(event("fail", i, "user", "u" + i));
        }
        events.add(event("fail", 30 * 24 * 3600, "user", "forged")); // 30 days ahead, still in the past of the clock
        for (int i = 0; i < 3; i++) {
            events.add(event("fail", 100 + i, "user", "bob"));
        }
        CorrelationStats[] stats = new CorrelationStats[1];
        Sink sink = run(o -> o.allowedLateness(Duration.ofMinutes(1)), events, null, stats);
        assertThat(stats[0].late()).isZero();
        assertThat(sink.correlations("brute")).hasSize(1);
        assertThat(sink.correlations("brute").get(0).group()).containsEntry("user", "bob");
    }

    @Test
    void manyAgreeingTimes_doMoveTheStreamsTime() {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().allowedLateness(Duration.ofMinutes(1)).onAlert(sink).open()) {
            for (int i = 0; i < 100; i++) {
                s.accept(event("fail", 3600 + i, "user", "u" + i));
            }
            s.accept(event("fail", 0, "user", "old"));
            s.flush();
            assertThat(s.stats().late()).isEqualTo(1);
        }
    }

    @Test
    void impossibleTimes_areCountedAndCorrelatedAsUntimed_neverThrow() {
        List<Object> forged = List.of("9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                Long.MAX_VALUE, Long.MIN_VALUE, new java.math.BigInteger("9".repeat(100)), 1e300, -1e300,
                "2999-01-01T00:00:00Z");
        List<Event> events = new ArrayList<>();
        for (Object time : forged) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "fail");
            m.put("@timestamp", time);
            m.put("user", "eve");
            events.add(Event.of(m));
        }
        CorrelationStats[] stats = new CorrelationStats[1];
        Sink sink = run(o -> o.allowedLateness(Duration.ofMinutes(1)), events, null, stats);
        // whatever the time field held, every match was correlated, none at a time beyond the clock's
        assertThat(stats[0].matches()).isEqualTo(forged.size());
        assertThat(stats[0].late()).isZero();
        // beyond year 9999 is no time at all (EventTime); within it but beyond the clock, implausible
        assertThat(stats[0].implausibleTimes()).isEqualTo(2);
        assertThat(stats[0].untimed()).isEqualTo(forged.size());
        assertThat(sink.correlations("brute")).isNotEmpty().allSatisfy(a ->
                assertThat(a.window().end()).isBefore(java.time.Instant.now().plus(Duration.ofDays(2))));
    }

    @Test
    void futureSkew_canBeRaisedForReplayedSyntheticData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "fail");
        m.put("@timestamp", "2999-01-01T00:00:00Z");
        m.put("user", "eve");
        CorrelationStats[] stats = new CorrelationStats[1];
        run(o -> o.maxFutureSkew(SessionBuilder.UNBOUNDED), List.of(Event.of(m)), null, stats);
        assertThat(stats[0].implausibleTimes()).isZero();
        assertThat(stats[0].untimed()).isZero();
        assertThat(T0).isNotNull();
    }
}
