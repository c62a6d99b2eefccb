package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attack (a rule pack reloaded with {@link DetectorSession#swap}): SessionBuilder documents that "a count
 * correlation that needs more matches than [maxMatchesPerGroup] raises the bound to what it needs, so that
 * it can still fire". The bound is raised once, in {@code open()}, from the first detector's
 * {@code largestCountNeeded()}; a detector swapped in later with a larger count keeps the old cap, drops
 * the group's oldest matches (counted as droppedMatches) and can never fire. A host that starts with a small
 * pack and reloads a larger one silently loses that correlation.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: each partition computes the cap from its own detector.
 */
class SwapCountCapAttackTest {

    @Test
    void aCountCorrelationSwappedIn_raisesTheCapToWhatItNeeds_andFires() {
        Detector small = Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofHours(1), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).build())
                .build();
        Detector large = Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("slow-brute", CorrelationType.EVENT_COUNT, Duration.ofHours(1), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(50)).build())
                .build();
        CorrelationTestSupport.Sink sink = new CorrelationTestSupport.Sink();
        try (DetectorSession s = small.newSession().maxMatchesPerGroup(10).onAlert(sink).open()) {
            s.swap(large);
            for (int i = 0; i < 50; i++) {
                s.accept(event("fail", i, "user", "bob"));
            }
            s.finish();
            assertThat(s.stats().droppedMatches()).as("matches dropped from a group that needs 50").isZero();
        }
        assertThat(sink.correlations("slow-brute")).as("50 failures of bob within an hour").hasSize(1);
    }
}
