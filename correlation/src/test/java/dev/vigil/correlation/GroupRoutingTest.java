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
 * The hooks a stream processor routes with: {@link Detector#groupKeys} names the groups of a match in each
 * correlation, {@link DetectorSession#acceptMatch(Detection, String, String)} feeds one group of one correlation only.
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
        Map<String, List<String>> keys = DETECTOR.groupKeys(new Detection(FAIL, event("fail", 0, "user", "bob", "host", "h1")));

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
                Detection d = new Detection(FAIL, event("fail", i, "user", "bob", "host", "h1"));
                session.acceptMatch(d, "id-by_user", DETECTOR.groupKeys(d).get("id-by_user").get(0));
                session.acceptMatch(d, "no-such", "bob");
                session.acceptMatch(d, "id-by_user", "alice");
            }
            session.finish();
        }
        assertThat(sink.correlations("by_user")).hasSize(1);
        assertThat(sink.correlations("by_user_host")).isEmpty();
    }

    /** A match whose group-by field holds two values is routed to both groups, each fed on its own. */
    @Test
    void aMatchWithTwoUsers_isRoutedToBothGroups_eachFedAlone() {
        Detection d = new Detection(FAIL, event("fail", 0, "user", List.of("decoy", "admin"), "host", "h1"));
        List<String> groups = DETECTOR.groupKeys(d).get("id-by_user");
        assertThat(groups).hasSize(2);
        CorrelationTestSupport.Sink sink = new CorrelationTestSupport.Sink();
        try (DetectorSession session = DETECTOR.newSession().onAlert(sink).open()) {
            for (int i = 0; i < 2; i++) {
                Detection m = new Detection(FAIL, event("fail", i, "user", List.of("decoy", "admin"), "host", "h1"));
                session.acceptMatch(m, "id-by_user", groups.get(1));
            }
            session.finish();
        }
        assertThat(sink.correlations("by_user")).hasSize(1)
                .allSatisfy(a -> assertThat(a.group()).containsEntry("user", "admin"));
    }
}
