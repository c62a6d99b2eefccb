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
 * The correlation operator on Flink's own keyed state backend (its test harness): a restore of every
 * stage from snapshots in the middle of a stream gives the alerts of an uninterrupted run, chained alerts
 * re-keyed between stages included, and a key that never goes quiet keeps a bounded number of matches in
 * state.
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

    /**
     * The correlation stages of a rule set, one harness each, wired as the job wires them: what a stage sends
     * on ({@link CorrelationOperator#NEXT}) goes to the next in order with the watermarks.
     */
    private static final class Stages implements AutoCloseable {
        final List<KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord>> harnesses = new ArrayList<>();

        Stages(RuleSet rules, List<OperatorSubtaskState> restoreFrom) throws Exception {
            int n = CompiledRules.compile(rules).stages();
            for (int k = 0; k < n; k++) {
                var h = new KeyedOneInputStreamOperatorTestHarness<>(new CorrelationOperator(rules, SETTINGS, k),
                        RoutedMatch::group, Types.STRING);
                if (restoreFrom != null) {
                    h.initializeState(restoreFrom.get(k));
                }
                h.open();
                harnesses.add(h);
            }
        }

        /** Passes on what stage {@code k} sent to the next stage so far. */
        private void forward(int k) throws Exception {
            if (k + 1 < harnesses.size()) {
                var next = harnesses.get(k).getSideOutput(CorrelationOperator.NEXT);
                StreamRecord<RoutedMatch> r;
                while (next != null && (r = next.poll()) != null) {
                    harnesses.get(k + 1).processElement(r);
                }
            }
        }

        void element(RoutedMatch m, long time) throws Exception {
            harnesses.get(0).processElement(new StreamRecord<>(m, time));
            for (int k = 0; k < harnesses.size(); k++) {
                forward(k);
            }
        }

        void watermark(long w) throws Exception {
            for (int k = 0; k < harnesses.size(); k++) {
                harnesses.get(k).processWatermark(w);
                forward(k);
            }
        }

        /** As tasks do on a checkpoint: each stage correlates what waits and sends it on before its barrier. */
        List<OperatorSubtaskState> snapshot() throws Exception {
            List<OperatorSubtaskState> out = new ArrayList<>();
            for (int k = 0; k < harnesses.size(); k++) {
                harnesses.get(k).prepareSnapshotPreBarrier(1);
                forward(k);
                out.add(harnesses.get(k).snapshot(1, 0));
            }
            return out;
        }

        List<String> alertIds() {
            List<String> ids = new ArrayList<>();
            harnesses.forEach(h -> ids.addAll(ids(h.extractOutputValues())));
            return ids;
        }

        @Override
        public void close() throws Exception {
            for (var h : harnesses) {
                h.close();
            }
        }
    }

    /** Feeds the matches with a watermark every 50, the latest event time less a minute. */
    private static void feed(Stages s, List<RoutedMatch> matches, int from, int to) throws Exception {
        long max = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            RoutedMatch m = matches.get(i);
            long t = m.event().timestamp().toEpochMilli();
            s.element(m, t);
            max = Math.max(max, t);
            if (i % 50 == 49) {
                s.watermark(max - 60_000);
            }
        }
    }

    private static List<String> ids(List<AlertRecord> alerts) {
        return alerts.stream().map(a -> a.id).toList();
    }

    /**
     * All stages of the test correlations, chains two deep whose group-bys differ included: snapshots of
     * every stage taken mid-stream and restored give the alerts of an uninterrupted run.
     */
    @ParameterizedTest(name = "snapshot after {0} matches")
    @ValueSource(ints = {500, 1000, 1500, 2000, 2500})
    void restoreFromASnapshotMidStream_givesTheAlertsOfAnUninterruptedRun(int half) throws Exception {
        RuleSet rules = CorrelationEquivalenceTest.RULES;
        List<RoutedMatch> matches = routed(rules, CorrelationEquivalenceTest.stream(13, 3000));
        List<String> uninterrupted;
        List<String> chained;
        try (Stages s = new Stages(rules, null)) {
            feed(s, matches, 0, matches.size());
            s.watermark(Long.MAX_VALUE);
            uninterrupted = s.alertIds();
            chained = ids(s.harnesses.get(2).extractOutputValues());
        }

        List<String> before;
        List<OperatorSubtaskState> snapshot;
        try (Stages s = new Stages(rules, null)) {
            feed(s, matches, 0, half);
            snapshot = s.snapshot();
            before = s.alertIds();
        }
        List<String> after;
        try (Stages s = new Stages(rules, snapshot)) {
            feed(s, matches, half, matches.size());
            s.watermark(Long.MAX_VALUE);
            after = s.alertIds();
        }

        assertThat(uninterrupted).hasSizeGreaterThan(100);
        assertThat(chained).as("alerts of the correlation two stages deep").isNotEmpty();
        assertThat(before).isNotEmpty();
        List<String> restored = new ArrayList<>(before);
        restored.addAll(after);
        assertThat(restored).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    @Test
    void keyThatNeverGoesQuiet_keepsABoundedNumberOfMatchesInState() throws Exception {
        RuleSet one = RuleSet.of("one", List.of(new dev.vigil.sigma.SigmaText("one.yml", """
                title: rule fail
                name: fail
                logsource: {product: test}
                detection:
                  selection: {type: fail}
                  condition: selection
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
        try (Stages s = new Stages(one, null)) {
            feed(s, matches, 0, matches.size());
            CorrelationOperator op = (CorrelationOperator) s.harnesses.get(0).getOperator();
            op.setCurrentKey(matches.get(0).group());
            assertThat(matches).hasSize(5_000);
            assertThat(op.matchesInState()).isPositive().isLessThanOrEqualTo(2 * SETTINGS.maxMatchesPerGroup());
        }
    }
}
