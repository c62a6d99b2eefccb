package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hooks a stream processor routes with: {@link Detector#groupKeys} names the group of a match in each
 * correlation, {@link DetectorSession#acceptMatch(Detection, String)} feeds one correlation only.
 */
class GroupRoutingTest {

    private static final Rule FAIL = rule("fail");
    private static final Detector DETECTOR = Detector.builder().addRule(FAIL)
            .addCorrelation(corr("by_user", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                    .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(2)).build())
            .addCorrelation(corr("by_user_host", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                    .groupBy(List.of("user", "host")).condition(CorrelationCondition.atLeast(2)).build())
            .build();

    @Test
    void groupKeys_oneKeyPerCorrelationTakingTheRule_sameKeyForTheSameValues() {
        Map<String, String> keys = DETECTOR.groupKeys(new Detection(FAIL, event("fail", 0, "user", "bob", "host", "h1")));

        assertThat(keys).containsOnlyKeys("id-by_user", "id-by_user_host");
        assertThat(keys.get("id-by_user")).isEqualTo(DETECTOR.groupKeys(
                new Detection(FAIL, event("fail", 9, "user", "bob", "host", "h2"))).get("id-by_user"));
        assertThat(keys.get("id-by_user_host")).isNotEqualTo(DETECTOR.groupKeys(
                new Detection(FAIL, event("fail", 9, "user", "bob", "host", "h2"))).get("id-by_user_host"));
    }

    @Test
    void groupKeys_matchLackingAGroupByField_leavesThatCorrelationOut() {
        assertThat(DETECTOR.groupKeys(new Detection(FAIL, event("fail", 0, "user", "bob"))))
                .containsOnlyKeys("id-by_user");
        assertThat(DETECTOR.groupKeys(new Detection(rule("other"), event("other", 0, "user", "bob")))).isEmpty();
    }

    @Test
    void acceptMatch_forOneCorrelation_feedsThatOneOnly() {
        CorrelationTestSupport.Sink sink = new CorrelationTestSupport.Sink();
        try (DetectorSession session = DETECTOR.newSession().onAlert(sink).open()) {
            for (int i = 0; i < 3; i++) {
                session.acceptMatch(new Detection(FAIL, event("fail", i, "user", "bob", "host", "h1")), "id-by_user");
                session.acceptMatch(new Detection(FAIL, event("fail", i, "user", "bob", "host", "h1")), "no-such");
            }
            session.finish();
        }
        assertThat(sink.correlations("by_user")).hasSize(1);
        assertThat(sink.correlations("by_user_host")).isEmpty();
    }
}
