package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attack: a log writer (or simply a Windows export, which lists events newest-first) feeds one group of a
 * {@code value_sum} correlation (lower bound, sliding windows) in reverse time order. Every late match
 * probes the window ending at every later match of its group within the timespan, and every probe is a
 * Drools accumulate over the whole group: n matches cost n²/2 probes and about n³ work. Measured: 1,000
 * matches newest-first 28 s against 0.25 s oldest-first; 2,000 matches 233 s against 0.5 s (at the default
 * cap of 10,000 matches per group, hours for one group). The same holds for value_avg, value_median and
 * value_percentile. The documented guarantee for event_count/value_count ("newest-first does no more Drools
 * work than oldest-first") does not extend to them, and nothing bounds the work: a CPU denial of service.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: the aggregate of every window a late match changes is computed in one sliding pass (WindowAggregates), and only windows that may hold are probed in Drools.
 */
class NewestFirstSumAttackTest {

    @Test
    void valueSum_fedNewestFirst_doesNoMoreWorkThanOldestFirst() {
        Detector d = Detector.builder().addRule(rule("x"))
                .addCorrelation(corr("exfil", CorrelationType.VALUE_SUM, Duration.ofHours(1), "x")
                        .groupBy(List.of("user")).valueField(FieldRef.of("bytes"))
                        .condition(CorrelationCondition.atLeast(1_000_000_000_000L)).build())
                .build();
        List<Event> oldest = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            oldest.add(event("x", i, "user", "bob", "bytes", 1));
        }
        List<Event> newest = new ArrayList<>(oldest);
        Collections.reverse(newest);
        long oldWork = probes(d, oldest);
        long newWork = probes(d, newest);
        assertThat(newWork).as("windows probed newest-first, against %d oldest-first", oldWork)
                .isLessThanOrEqualTo(2 * oldWork + 100);
    }

    private static long probes(Detector d, List<Event> events) {
        try (DetectorSession s = d.newSession().onAlert(a -> { }).open()) {
            for (Event e : events) {
                s.accept(e);
            }
            s.flush();
            return s.workCounters()[0];
        }
    }
}
