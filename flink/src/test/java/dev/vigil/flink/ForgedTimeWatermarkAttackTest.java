package dev.vigil.flink;

import static dev.vigil.flink.AttackSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Attack: one event with a forged time 30 days ahead among honest ones, on the watermark strategy FLINK.md
 * tells users to assign ({@code forBoundedOutOfOrderness(5 min)} with {@code e.timestamp()} as the
 * timestamp), the default allowed lateness (1 minute).
 *
 * <p>What goes wrong: the session's clock is the Flink watermark, which follows the greatest time seen, and
 * the session's own defence ({@code maxFutureSkew}, the median {@code StreamTime} that RELIABILITY.md's
 * "Forged event times: no blinded watermark" rests on) is switched off. One forged event moves event time
 * 30 days ahead for good: every honest match after it goes to {@code lateMatches()} and is never correlated
 * (a brute force in progress raises nothing), and windows with upper bounds close at once. The embedded
 * detector, given the same events, correlates them all.
 *
 * <p>Expected: the honest correlation alerts of the embedded detector. Ship a watermark strategy that a
 * minority of forged times cannot move (as {@code StreamTime} does), or keep a future-skew check against
 * processing time, and say in FLINK.md which strategy to use.
 *
 * <p>Now: FLINK.md recommends {@link VigilFlink#watermarks} (median of recent times, future skew checked
 * against processing time), and this test runs on it.
 */
class ForgedTimeWatermarkAttackTest {

    private static final RuleSet RULES = AttackSupport.rules("forged", AttackSupport.FAIL_RULE + """
            ---
            title: three failures by one user in five minutes
            name: three
            correlation:
              type: event_count
              rules: [fail]
              group-by: [user]
              timespan: 5m
              condition: {gte: 3}
            """);

    private static List<Event> events(boolean forged) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(AttackSupport.event("fail", "h", "victim", i * 10L));
            if (forged && i == 4) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("product", "test");
                m.put("type", "other");
                m.put("user", "attacker");
                m.put("@timestamp", T0.plus(Duration.ofDays(30)).toString());
                events.add(Event.of(m));
            }
        }
        return events;
    }

    /** The job's correlation on the recommended watermark strategy ({@link VigilFlink#watermarks}), a watermark after every event. */
    private static List<String> flink(List<Event> events) throws Exception {
        List<Long> marks = new ArrayList<>();
        WatermarkOutput output = AttackSupport.collecting(marks);
        WatermarkGenerator<Event> strategy = VigilFlink.watermarks(Duration.ofMinutes(5)).createWatermarkGenerator(null);
        try (var h = AttackSupport.harness(RULES, AttackSupport.settings(Duration.ofMinutes(1), 100_000, 10_000))) {
            h.open();
            for (Event e : events) {
                long t = e.timestamp().toEpochMilli();
                strategy.onEvent(e, t, output);
                List<RoutedMatch> routed = AttackSupport.routed(RULES, List.of(e));
                for (RoutedMatch m : routed) {
                    h.processElement(new StreamRecord<>(m, t));
                }
                strategy.onPeriodicEmit(output);
                h.processWatermark(marks.get(marks.size() - 1));
            }
            h.processWatermark(Long.MAX_VALUE);
            return AttackSupport.correlationIds(h.extractOutputValues());
        }
    }

    private static List<String> embedded(List<Event> events) {
        List<Alert> all = FlinkTestSupport.embedded(RULES, events);
        return all.stream().filter(a -> a instanceof CorrelationAlert).map(Alert::id).toList();
    }

    @Test
    void oneForgedFutureTime_doesNotBlindCorrelationOnTheDocumentedWatermarkStrategy() throws Exception {
        List<Event> honest = events(false);
        assertThat(flink(honest)).as("without the forged event: as the embedded detector")
                .containsExactlyInAnyOrderElementsOf(embedded(honest)).hasSizeGreaterThan(10);

        List<Event> attacked = events(true);
        List<String> expected = embedded(attacked);
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(flink(attacked)).as("honest correlation alerts after one forged time")
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
