package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attack (detection evasion through the memory bound): a password spray ({@code value_count} of users per
 * host, at least 3 within an hour). The attacker tries user u1, then u2, then pads the group with the
 * default {@code maxMatchesPerGroup} (10,000) further failures of u2 (cheap: one script, one account), then
 * tries u3. The cap drops the group's oldest match whatever its value, so u1 is gone when u3 comes: the
 * window holds only {u2, u3} and the spray is never reported. Repeated values add nothing to a distinct
 * count, yet they push out the values that do; the same padding hides a {@code temporal} chain (a flood of
 * one rule pushes out the other rule's match). Expected: the cap should not let a repeated value evict a
 * distinct value still inside the window (e.g. keep the latest match per value), since the cap is only
 * raised to "what a count rule needs", which 3 users are well within.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: over the cap, value_count and temporal drop the oldest hit of a repeated value.
 */
class ValueCountFloodAttackTest {

    @Test
    void paddingWithOneRepeatedUser_doesNotHideASprayOfThreeUsers() {
        Detector d = Detector.builder().addRule(rule("logon"))
                .addCorrelation(corr("spray", CorrelationType.VALUE_COUNT, Duration.ofHours(1), "logon")
                        .groupBy(List.of("host")).valueField(FieldRef.of("user"))
                        .condition(CorrelationCondition.atLeast(3)).build())
                .build();
        CorrelationTestSupport.Sink sink = new CorrelationTestSupport.Sink();
        try (DetectorSession s = d.newSession().onAlert(sink).open()) {
            s.accept(event("logon", 0, "host", "dc01", "user", "u1"));
            s.accept(event("logon", 1, "host", "dc01", "user", "u2"));
            for (int i = 0; i < SessionBuilder.DEFAULT_MAX_MATCHES_PER_GROUP; i++) {
                s.accept(event("logon", 2 + i * 0.3, "host", "dc01", "user", "u2"));
            }
            s.accept(event("logon", 3500, "host", "dc01", "user", "u3"));
            s.finish();
        }
        assertThat(sink.correlations("spray")).as("u1, u2 and u3 failed on dc01 within the hour").hasSize(1);
    }
}
