package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationCondition.Op;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attack on the match cap with an upper-bound count (a window decided when it closes): "fewer than 11,000
 * requests from a host in an hour" ({@code event_count lt 11000}). {@code Detector.largestCountNeeded()}
 * only counts gt/gte/eq bounds, so the cap stays at the default 10,000: a host sending 12,000 requests in
 * the hour has its oldest 2,000 dropped, the closed window counts 10,000, and the correlation reports
 * "fewer than 11,000" (value 10,000) for a host that sent more. The count a closing window reports can never
 * exceed the cap, so any {@code lt}/{@code lte}/{@code neq} bound above it is always satisfied: a false alert
 * for every busy group, and for a rule meant as "between N and M", a flood makes it fire.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: upper bounds, equalities and inequalities raise the cap to one more than their bound.
 */
class UpperBoundCapAttackTest {

    @Test
    void anUpperBoundAboveTheCap_isNotSatisfiedByAWindowThatHeldMoreMatches() {
        Detector d = Detector.builder().addRule(rule("req"))
                .addCorrelation(corr("quiet", CorrelationType.EVENT_COUNT, Duration.ofHours(1), "req")
                        .groupBy(List.of("host")).condition(CorrelationCondition.of(Op.LT, 11_000)).build())
                .build();
        CorrelationTestSupport.Sink sink = new CorrelationTestSupport.Sink();
        try (DetectorSession s = d.newSession().onAlert(sink).open()) {
            for (int i = 0; i < 12_000; i++) {
                s.accept(event("req", i * 0.25, "host", "web01"));
            }
            s.finish();
        }
        assertThat(sink.correlations("quiet")).as("web01 sent 12,000 requests within the hour").isEmpty();
    }
}
