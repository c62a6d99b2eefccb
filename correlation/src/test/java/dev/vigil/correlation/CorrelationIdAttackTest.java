package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Correlation alert ids: alerts of one group and window made of different matches. */
class CorrelationIdAttackTest {

    /** An event of {@code type} for user bob at T0 + seconds, read from line {@code line} of f.jsonl. */
    private static Event event(String type, int seconds, int line) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("user", "bob");
        m.put("@timestamp", CorrelationTestSupport.T0.plusSeconds(seconds).toString());
        return Event.of(m, SourcePosition.of("f.jsonl", line), EventTime.defaults());
    }

    /** Two alerts of one group and window made of different matches have two ids. */
    @Test
    void twoAlertsFromDifferentMatches_inTheSameWindow_twoIds() {
        Detector detector = Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(2)).generate(true).build())
                .build();
        List<CorrelationAlert> out = new ArrayList<>();
        try (DetectorSession s = detector.newSession().onAlert(a -> {
            if (a instanceof CorrelationAlert c) {
                out.add(c);
            }
        }).open()) {
            // four failed logons in the same second (common with second-resolution logs): two alerts
            for (int i = 0; i < 4; i++) {
                s.accept(event("fail", 0, i + 1));
            }
            s.finish();
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0).matches()).doesNotContainAnyElementsOf(out.get(1).matches());
        assertThat(out.get(0).id()).as("distinct alerts from distinct matches must not share an id")
                .isNotEqualTo(out.get(1).id());
    }

    /** A temporal_ordered chain repeated at the same instants gives two alerts with two ids. */
    @Test
    void temporalOrdered_repeatedChainAtSameInstants_twoIds() {
        Detector detector = Detector.builder().addRule(rule("a")).addRule(rule("b"))
                .addCorrelation(corr("seq", CorrelationType.TEMPORAL_ORDERED, Duration.ofMinutes(5), "a", "b")
                        .groupBy(List.of("user")).generate(true).build())
                .build();
        List<Alert> out = new ArrayList<>();
        try (DetectorSession s = detector.newSession().onAlert(a -> {
            if (a instanceof CorrelationAlert) {
                out.add(a);
            }
        }).open()) {
            s.accept(event("a", 0, 1));
            s.accept(event("b", 1, 2));
            s.accept(event("a", 0, 3));
            s.accept(event("b", 1, 4));
            s.finish();
        }
        assertThat(out).hasSize(2);
        assertThat(out.get(0).id()).isNotEqualTo(out.get(1).id());
    }
}
