package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
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

    /**
     * The correlation stages of a rule set, one harness each, wired as the job wires them: what a stage sends
     * on ({@link CorrelationOperator#NEXT}) goes to the next in order with the watermarks.
     */
    private static final class Stages implements AutoCloseable {
        final List<KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord>> harnesses = new ArrayList<>();

        Stages(RuleSet rules, List<OperatorSubtaskState> restoreFrom) throws Exception {
            this(rules, restoreFrom, SETTINGS);
        }

        Stages(RuleSet rules, List<OperatorSubtaskState> restoreFrom, VigilFlink.Settings settings) throws Exception {
            int n = CompiledRules.compile(rules).stages();
            for (int k = 0; k < n; k++) {
                var h = new KeyedOneInputStreamOperatorTestHarness<>(new CorrelationOperator(rules, settings, k),
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

    /** The alerts of an uninterrupted run, of its deepest stage, and of a run restored after {@code half} matches. */
    private record Runs(List<String> uninterrupted, List<String> chained, List<String> before, List<String> restored) {
    }

    /**
     * Runs all stages of the test correlations over the test stream uninterrupted, checking each stage with
     * {@code check} before the end, and again with a snapshot of every stage after {@code half} matches, restored.
     */
    private static Runs runs(VigilFlink.Settings settings, int half, Check check) throws Exception {
        RuleSet rules = CorrelationEquivalenceTest.RULES;
        List<RoutedMatch> matches = AttackSupport.routed(rules, CorrelationEquivalenceTest.stream(13, 3000));
        List<String> uninterrupted;
        List<String> chained;
        try (Stages s = new Stages(rules, null, settings)) {
            feed(s, matches, 0, matches.size());
            for (var h : s.harnesses) {
                check.stage((CorrelationOperator) h.getOperator());
            }
            s.watermark(Long.MAX_VALUE);
            uninterrupted = s.alertIds();
            chained = ids(s.harnesses.get(2).extractOutputValues());
        }
        List<String> before;
        List<OperatorSubtaskState> snapshot;
        try (Stages s = new Stages(rules, null, settings)) {
            feed(s, matches, 0, half);
            snapshot = s.snapshot();
            before = s.alertIds();
        }
        List<String> restored = new ArrayList<>(before);
        try (Stages s = new Stages(rules, snapshot, settings)) {
            feed(s, matches, half, matches.size());
            s.watermark(Long.MAX_VALUE);
            restored.addAll(s.alertIds());
        }
        return new Runs(uninterrupted, chained, before, restored);
    }

    /** A check of one stage's operator. */
    private interface Check {
        void stage(CorrelationOperator op) throws Exception;
    }

    /**
     * All stages of the test correlations, chains two deep whose group-bys differ included: snapshots of
     * every stage taken mid-stream and restored give the alerts of an uninterrupted run.
     */
    @ParameterizedTest(name = "snapshot after {0} matches")
    @ValueSource(ints = {500, 1000, 1500, 2000, 2500})
    void restoreFromASnapshotMidStream_givesTheAlertsOfAnUninterruptedRun(int half) throws Exception {
        Runs r = runs(SETTINGS, half, op -> { });
        assertThat(r.uninterrupted()).hasSizeGreaterThan(100);
        assertThat(r.chained()).as("alerts of the correlation two stages deep").isNotEmpty();
        assertThat(r.before()).isNotEmpty();
        assertThat(r.restored()).containsExactlyInAnyOrderElementsOf(r.uninterrupted());
    }

    /**
     * Every stage bounds its keyed state by {@code maxGroups} as its session does (chained alerts use a
     * group as matches do): no stage keeps more keys than {@code maxGroups} per correlation, and under
     * eviction a restore of all stages still gives the alerts of an uninterrupted run.
     */
    @ParameterizedTest(name = "maxGroups {0}")
    @ValueSource(ints = {5, 8})
    void restoreUnderEvictionInEveryStage_givesTheAlertsOfAnUninterruptedRun(int maxGroups) throws Exception {
        long most = (long) maxGroups * CompiledRules.compile(CorrelationEquivalenceTest.RULES).detector.correlations().size();
        Runs r = runs(new VigilFlink.Settings(Duration.ofMinutes(10), Duration.ZERO, maxGroups, 100), 1500, op -> {
            try (var keys = op.getKeyedStateBackend().getKeys("vigil-matches", VoidNamespace.INSTANCE)) {
                assertThat(keys.count()).isLessThanOrEqualTo(most);
            }
        });
        assertThat(r.chained()).as("alerts of the correlation two stages deep").isNotEmpty();
        assertThat(r.restored()).containsExactlyInAnyOrderElementsOf(r.uninterrupted());
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
        List<RoutedMatch> matches = AttackSupport.routed(one, events);
        try (Stages s = new Stages(one, null)) {
            feed(s, matches, 0, matches.size());
            CorrelationOperator op = (CorrelationOperator) s.harnesses.get(0).getOperator();
            op.setCurrentKey(matches.get(0).group());
            assertThat(matches).hasSize(5_000);
            assertThat(op.matchesInState()).isPositive().isLessThanOrEqualTo(2 * SETTINGS.maxMatchesPerGroup());
        }
    }
}
