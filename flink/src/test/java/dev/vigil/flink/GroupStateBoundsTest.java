package dev.vigil.flink;

import static dev.vigil.flink.AttackSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyed state follows the session's bounds: groups the session evicts leave keyed state, and a restore
 * under eviction still gives the alerts of an uninterrupted run; a time far ahead of the watermark does
 * not keep a key longer than two horizons past the watermark it came at.
 */
class GroupStateBoundsTest {

    private static long keysInState(KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> h) {
        CorrelationOperator op = (CorrelationOperator) h.getOperator();
        try (var keys = op.getKeyedStateBackend().getKeys("vigil-matches", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> h,
            List<RoutedMatch> matches, int from, int to) throws Exception {
        long max = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            RoutedMatch m = matches.get(i);
            long t = AttackSupport.millis(m);
            h.processElement(new StreamRecord<>(m, t));
            max = Math.max(max, t);
            if (i % 50 == 49) {
                h.processWatermark(max - 60_000);
            }
        }
    }

    @ParameterizedTest(name = "maxGroups {0}")
    @ValueSource(ints = {2, 5})
    void restoreUnderEviction_givesTheAlertsOfAnUninterruptedRun(int maxGroups) throws Exception {
        RuleSet rules = CorrelationEquivalenceTest.RULES;
        List<RoutedMatch> matches = AttackSupport.routed(rules, CorrelationEquivalenceTest.stream(13, 3000));
        VigilFlink.Settings settings = new VigilFlink.Settings(Duration.ofMinutes(10), Duration.ZERO, maxGroups, 100);
        List<String> uninterrupted;
        try (var h = AttackSupport.harness(rules, settings)) {
            h.open();
            feed(h, matches, 0, matches.size());
            h.processWatermark(Long.MAX_VALUE);
            uninterrupted = AttackSupport.correlationIds(h.extractOutputValues());
        }
        List<String> restored = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = AttackSupport.harness(rules, settings)) {
            h.open();
            feed(h, matches, 0, 1500);
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 0);
            restored.addAll(AttackSupport.correlationIds(h.extractOutputValues()));
        }
        try (var h = AttackSupport.harness(rules, settings)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, matches, 1500, matches.size());
            h.processWatermark(Long.MAX_VALUE);
            restored.addAll(AttackSupport.correlationIds(h.extractOutputValues()));
        }
        assertThat(uninterrupted).isNotEmpty();
        assertThat(restored).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void timeFarAheadOfTheWatermark_expiresWithinTwoHorizons() throws Exception {
        RuleSet rules = GroupStateGrowthAttackTest.RULES;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(AttackSupport.event("fail", "h", "forged" + i, Duration.ofDays(365).toSeconds()));
        }
        VigilFlink.Settings settings = AttackSupport.settings(Duration.ofMinutes(1), 100_000, 100);
        long horizon = CorrelationOperator.horizon(CompiledRules.compile(rules).detector.correlations(), settings);
        try (var h = AttackSupport.harness(rules, settings)) {
            h.open();
            h.processWatermark(T0.toEpochMilli());
            for (RoutedMatch m : AttackSupport.routed(rules, events)) {
                h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
            }
            assertThat(keysInState(h)).isEqualTo(20);
            h.processWatermark(T0.toEpochMilli() + 2 * horizon + 1_000);
            assertThat(keysInState(h)).as("keys two horizons later").isZero();
        }
    }
}
