package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.T0;
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
 * Attack on the stream's time (event time, bounded lateness, as `vigil hunt --lateness` on large inputs):
 * the docs say an attacker "has to forge more than 1 % of the recent matches" to move the watermark. But
 * {@link StreamTime} never goes back: a burst of 11 forged times (20 hours ahead of the logs, still in the
 * past of the real clock, so not implausible) among 1,024 matches moves the stream's time once, for good.
 * Long after the forged matches have left the latest 1,024 (here 5,000 honest matches later, the forgery
 * being 0 % of the recent matches), every honest match is still late and dropped: 11 events blind the
 * session's correlations for 20 hours of log time. (At the start of a stream two forged times suffice.)
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: the stream's time is the median of the latest match times (StreamTime).
 */
class ForgedBurstStreamTimeAttackTest {

    @Test
    void aPastBurstOfForgedTimes_doesNotMakeEveryLaterHonestMatchLate() {
        Detector d = Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).build())
                .build();
        assertThat(T0.plus(Duration.ofHours(21))).as("the forged times are not beyond the clock").isBefore(java.time.Instant.now());
        CorrelationTestSupport.Sink sink = new CorrelationTestSupport.Sink();
        long honest = 0;
        try (DetectorSession s = d.newSession().allowedLateness(Duration.ofMinutes(1)).onAlert(sink).open()) {
            for (int i = 0; i < 1013; i++) {
                s.accept(event("fail", honest++, "user", "u" + i));
            }
            for (int i = 0; i < 11; i++) {
                s.accept(event("fail", 20 * 3600, "user", "forged" + i));
            }
            for (int i = 0; i < 5000; i++) {
                s.accept(event("fail", honest++, "user", "noise" + i));
            }
            // the forged matches are long out of the latest 1,024; now bob fails three times
            for (int i = 0; i < 3; i++) {
                s.accept(event("fail", honest++, "user", "bob"));
            }
            s.finish();
            assertThat(s.stats().late()).as("honest matches dropped as late").isZero();
        }
        assertThat(sink.correlations("brute")).filteredOn(a -> "bob".equals(a.group().get("user"))).hasSize(1);
    }
}
