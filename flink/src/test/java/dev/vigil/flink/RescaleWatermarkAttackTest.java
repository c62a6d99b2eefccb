package dev.vigil.flink;

import static dev.vigil.flink.AttackSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Attack: restore a checkpoint at a higher parallelism (1 to 2, an ordinary rescale).
 *
 * <p>What goes wrong: the checkpoint's watermark is kept in <em>split</em> operator list state
 * ({@code getListState}), which Flink redistributes entry by entry: with one entry and two new instances,
 * the second instance gets none, its {@code restoredWatermark} is {@code Long.MIN_VALUE}, and its replay
 * ends on the watermark of its last match instead of the checkpoint's. Windows with upper bounds only that
 * the checkpoint's watermark had already decided (and whose alerts went out before the barrier) are
 * undecided again, and the next watermark decides and emits them a second time: every such alert of that
 * instance's groups is duplicated at an exactly-once sink. (FLINK.md: "After rescaling the same holds per
 * group".)
 *
 * <p>Scaling down (2 to 1) has the same fault another way: the restored instance takes the <em>least</em>
 * of the former instances' watermarks and ends every replay on it, so the groups of the instance that was
 * ahead have their decided windows undecided again and sent twice.
 *
 * <p>Expected: no alert after the restore (nothing new came); every group's replay ends on the watermark
 * of the instance it came from (the watermark kept per key group, e.g. in keyed state or union state
 * with the subtask's key-group range).
 */
class RescaleWatermarkAttackTest {

    private static final RuleSet RULES = AttackSupport.rules("rescale", AttackSupport.FAIL_RULE + """
            ---
            title: at most two failures per host in a minute
            name: few
            correlation:
              type: event_count
              rules: [fail]
              group-by: [host]
              timespan: 1m
              condition: {lte: 2}
            ---
            title: a thousand failures per host in an hour (keeps the hosts' matches in state for an hour)
            name: many
            correlation:
              type: event_count
              rules: [fail]
              group-by: [host]
              timespan: 1h
              condition: {gte: 1000}
            """);

    private static final VigilFlink.Settings SETTINGS = AttackSupport.settings(Duration.ofSeconds(10), 100_000, 1_000);
    private static final int MAX_PARALLELISM = 128;

    @Test
    void scaleUpFromOneToTwo_noDecidedWindowIsDecidedAgain() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int h = 0; h < 40; h++) {
            events.add(AttackSupport.event("fail", "h" + h, "u", 0));
        }
        List<RoutedMatch> matches = AttackSupport.routed(RULES, events);
        long t0 = T0.toEpochMilli();

        OperatorSubtaskState snapshot;
        List<String> before;
        try (var h = AttackSupport.harness(RULES, SETTINGS, MAX_PARALLELISM, 1, 0)) {
            h.open();
            h.processWatermark(t0 - 1);
            for (RoutedMatch m : matches) {
                h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
            }
            // five minutes on: every host's one-minute window has closed with one failure, and fired
            h.processWatermark(t0 + 5 * 60_000);
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 0);
            before = AttackSupport.correlationIds(h.extractOutputValues());
        }
        assertThat(before).as("each host's window decided before the checkpoint").hasSize(40);

        List<String> after = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState part =
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask);
            try (KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> h =
                    AttackSupport.harness(RULES, SETTINGS, MAX_PARALLELISM, 2, subtask)) {
                h.initializeState(part);
                h.open();
                h.processWatermark(t0 + 6 * 60_000);
                after.addAll(AttackSupport.correlationIds(h.extractOutputValues()));
            }
        }
        assertThat(after).as("alerts sent again after rescaling from 1 to 2 (already sent before the checkpoint)")
                .isEmpty();
    }

    @Test
    void scaleDownFromTwoToOne_instanceAheadKeepsItsDecidedWindows() throws Exception {
        long t0 = T0.toEpochMilli();
        List<OperatorSubtaskState> parts = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            List<Event> events = new ArrayList<>();
            for (int h = 0; events.size() < 20; h++) {
                String host = "h" + h;
                if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(host,
                        MAX_PARALLELISM, 2) == subtask) {
                    events.add(AttackSupport.event("fail", host, "u", 0));
                }
            }
            try (var h = AttackSupport.harness(RULES, SETTINGS, MAX_PARALLELISM, 2, subtask)) {
                h.open();
                h.processWatermark(t0 - 1);
                for (RoutedMatch m : AttackSupport.routed(RULES, events)) {
                    h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
                }
                // subtask 0 is five minutes ahead (its windows decided), subtask 1 just behind its matches
                h.processWatermark(subtask == 0 ? t0 + 5 * 60_000 : t0 + 1_000);
                h.prepareSnapshotPreBarrier(1);
                parts.add(h.snapshot(1, 0));
                before.addAll(AttackSupport.correlationIds(h.extractOutputValues()));
            }
        }
        assertThat(before).as("subtask 0's 20 windows decided before the checkpoint").hasSize(20);

        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(parts.get(0), parts.get(1)), MAX_PARALLELISM, 2, 1, 0);
        List<String> after;
        try (var h = AttackSupport.harness(RULES, SETTINGS, MAX_PARALLELISM, 1, 0)) {
            h.initializeState(merged);
            h.open();
            h.processWatermark(t0 + 6 * 60_000);
            after = AttackSupport.correlationIds(h.extractOutputValues());
        }
        assertThat(after).as("after 2 to 1: subtask 1's 20 windows decide now, subtask 0's must not again")
                .hasSize(20).doesNotContainAnyElementsOf(before);
    }
}
