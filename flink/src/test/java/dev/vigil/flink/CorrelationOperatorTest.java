package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correlation operator on Flink's own keyed state backend (its test harness): a restore from a
 * snapshot in the middle of a stream gives the alerts of an uninterrupted run, and a key that never goes
 * quiet keeps a bounded number of matches in state.
 */
class CorrelationOperatorTest {

    private static final VigilFlink.Settings SETTINGS =
            new VigilFlink.Settings(Duration.ofMinutes(10), Duration.ZERO, 100_000, 100);

    /** The routed matches the matching operator makes of {@code events}, in order. */
    private static List<RoutedMatch> routed(RuleSet rules, List<Event> events) {
        CompiledRules compiled = CompiledRules.compile(rules);
        List<RoutedMatch> out = new ArrayList<>();
        Collector<AlertRecord> ignore = new Collector<>() {
            @Override
            public void collect(AlertRecord record) {
            }

            @Override
            public void close() {
            }
        };
        for (Event e : events) {
            MatchFunction.match(compiled, e, ignore, out::add);
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> harness(RuleSet rules)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new CorrelationOperator(rules, SETTINGS),
                RoutedMatch::group, Types.STRING);
    }

    /** Feeds the matches with a watermark every 50, the latest event time less a minute. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> h,
            List<RoutedMatch> matches, int from, int to) throws Exception {
        long max = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            RoutedMatch m = matches.get(i);
            long t = m.event().timestamp().toEpochMilli();
            h.processElement(new StreamRecord<>(m, t));
            max = Math.max(max, t);
            if (i % 50 == 49) {
                h.processWatermark(max - 60_000);
            }
        }
    }

    private static List<String> ids(List<AlertRecord> alerts) {
        return alerts.stream().map(a -> a.id).toList();
    }

    @ParameterizedTest(name = "snapshot after {0} matches")
    @ValueSource(ints = {500, 1000, 1500, 2000, 2500})
    void restoreFromASnapshotMidStream_givesTheAlertsOfAnUninterruptedRun(int half) throws Exception {
        List<RoutedMatch> matches = routed(CorrelationEquivalenceTest.RULES, CorrelationEquivalenceTest.stream(13, 3000));
        List<String> uninterrupted;
        try (var h = harness(CorrelationEquivalenceTest.RULES)) {
            h.open();
            feed(h, matches, 0, matches.size());
            h.processWatermark(Long.MAX_VALUE);
            uninterrupted = ids(h.extractOutputValues());
        }

        List<String> before;
        OperatorSubtaskState snapshot;
        try (var h = harness(CorrelationEquivalenceTest.RULES)) {
            h.open();
            feed(h, matches, 0, half);
            h.prepareSnapshotPreBarrier(1);   // as a task does before it sends the checkpoint's barrier on
            snapshot = h.snapshot(1, 0);
            before = ids(h.extractOutputValues());
        }
        List<String> after;
        try (var h = harness(CorrelationEquivalenceTest.RULES)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, matches, half, matches.size());
            h.processWatermark(Long.MAX_VALUE);
            after = ids(h.extractOutputValues());
        }

        assertThat(uninterrupted).hasSizeGreaterThan(100);
        assertThat(before).isNotEmpty();
        List<String> restored = new ArrayList<>(before);
        restored.addAll(after);
        assertThat(restored).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void keyThatNeverGoesQuiet_keepsABoundedNumberOfMatchesInState() throws Exception {
        RuleSet one = RuleSet.of("one", List.of(new dev.vigil.sigma.SigmaText("one.yml", AttackSupport.FAIL_RULE + """
                ---
                title: never reached
                name: never
                correlation:
                  type: value_count
                  rules: [fail]
                  group-by: [host]
                  timespan: 1d
                  condition: {gte: 1000000, field: user}
                """)));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            events.add(Event.of(java.util.Map.of("product", "test", "type", "fail", "host", "h1", "user", "u" + i,
                    "@timestamp", CorrelationEquivalenceTest.T0.plusSeconds(i).toString())));
        }
        List<RoutedMatch> matches = routed(one, events);
        try (var h = harness(one)) {
            h.open();
            feed(h, matches, 0, matches.size());
            CorrelationOperator op = (CorrelationOperator) h.getOperator();
            op.setCurrentKey(matches.get(0).group());
            assertThat(matches).hasSize(5_000);
            assertThat(op.matchesInState()).isPositive().isLessThanOrEqualTo(2 * SETTINGS.maxMatchesPerGroup());
        }
    }
}
