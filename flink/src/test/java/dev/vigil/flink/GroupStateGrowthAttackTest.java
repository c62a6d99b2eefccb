package dev.vigil.flink;

import static dev.vigil.flink.AttackSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Attack: an attacker sprays group-by values (one failure per made-up user), the shape RELIABILITY.md's
 * soak runs against the embedded session (5 M groups, flat 13 MiB live heap, because {@code maxGroups}
 * evicts the least recently used group).
 *
 * <p>What goes wrong: on Flink the session still evicts, but the keyed state does not follow: every key's
 * list of matches stays in Flink state until the watermark is past its last match by the horizon
 * (lateness + suppression + <em>the sum of all correlations' timespans</em>), whatever {@code maxGroups}
 * says. With {@code maxGroups} 10, 2,000 sprayed users keep 2,000 keys in state (200 times what the session
 * holds); and a restore reads every one of them into one heap {@code ArrayList} in {@code replay()} before
 * the session evicts them again, so "state larger than one heap" does not restore. With a forged future
 * time (a year ahead; the embedded session would call it implausible, {@code maxFutureSkew} 1 day) a key's
 * expiry timer is a year away: its state stays for good while honest keys expire, so the growth is
 * unbounded in time too.
 *
 * <p>Expected: keyed state bounded as the session is: a group the session evicted or forgot is dropped from
 * keyed state (or its list is cut when the session evicts it), and a match time far beyond the watermark
 * does not pin state.
 */
class GroupStateGrowthAttackTest {

    static final RuleSet RULES = AttackSupport.rules("spray", AttackSupport.FAIL_RULE + """
            ---
            title: many users failing on one account, never reached
            name: never
            correlation:
              type: event_count
              rules: [fail]
              group-by: [user]
              timespan: 1h
              condition: {gte: 1000000}
            """);
    private static final int MAX_GROUPS = 10;

    private static long keysInState(KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> h) {
        CorrelationOperator op = (CorrelationOperator) h.getOperator();
        try (var keys = op.getKeyedStateBackend().getKeys("vigil-matches", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    @Test
    void sprayedGroups_keyedStateBoundedLikeTheSessionsMaxGroups() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(AttackSupport.event("fail", "h", "user" + i, i / 100));
        }
        List<RoutedMatch> matches = AttackSupport.routed(RULES, events);
        try (var h = AttackSupport.harness(RULES, AttackSupport.settings(Duration.ofMinutes(1), MAX_GROUPS, 100))) {
            h.open();
            for (RoutedMatch m : matches) {
                h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
            }
            h.processWatermark(T0.toEpochMilli() + 60_000);
            assertThat(keysInState(h)).as("keys in Flink state, maxGroups %d", MAX_GROUPS)
                    .isLessThanOrEqualTo(10L * MAX_GROUPS);
        }
    }

    @Test
    void forgedFutureTime_doesNotPinAKeysStateForever() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("product", "test");
            m.put("type", "fail");
            m.put("user", "forged" + i);
            m.put("@timestamp", T0.plus(Duration.ofDays(365)).toString());
            events.add(dev.vigil.core.event.Event.of(m));
        }
        events.add(AttackSupport.event("fail", "h", "honest", 0));
        List<RoutedMatch> matches = AttackSupport.routed(RULES, events);
        try (var h = AttackSupport.harness(RULES, AttackSupport.settings(Duration.ofMinutes(1), MAX_GROUPS, 100))) {
            h.open();
            h.processWatermark(T0.toEpochMilli() - 1);
            for (RoutedMatch m : matches) {
                h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
            }
            // two days of honest event time pass: far beyond lateness + timespan
            h.processWatermark(T0.toEpochMilli() + Duration.ofDays(2).toMillis());
            assertThat(keysInState(h)).as("keys still in state two days later (the honest one expired)")
                    .isLessThanOrEqualTo(MAX_GROUPS);
        }
    }
}
