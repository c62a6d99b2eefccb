package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hooks a stream processor routes with: {@link Detector#groupKeys} names the groups of a match (or of a
 * chained alert) in each correlation, {@link DetectorSession#acceptMatch(Detection, String, String)} and
 * {@link DetectorSession#acceptAlert} feed one group of one correlation only.
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

    /**
     * A chain whose group-bys differ, through an alias: the first correlation groups by user and host, the
     * second by machine (the first's host, the login rule's computer). Its alerts, taken from one session by
     * {@code onChained} and fed to another by {@code groupKeys(alert)} and {@code acceptAlert}, give the
     * alerts of one session running both.
     */
    @Test
    void chainedAlerts_routedToAnotherSession_giveTheAlertsOfOneSession() {
        Rule login = rule("login");
        Detector detector = Detector.builder().addRule(FAIL).addRule(login)
                .addCorrelation(corr("by_user_host", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user", "host")).condition(CorrelationCondition.atLeast(2)).build())
                .addCorrelation(corr("spread", CorrelationType.TEMPORAL, Duration.ofMinutes(10), "by_user_host", "login")
                        .groupBy(List.of("machine")).alias("machine", "by_user_host", FieldRef.of("host"))
                        .alias("machine", "login", FieldRef.of("computer")).build())
                .build();
        List<Detection> matches = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            matches.add(new Detection(FAIL, event("fail", i * 10, "user", "u" + i % 3, "host", "h" + i % 2)));
            matches.add(new Detection(login, event("login", i * 10 + 5, "computer", "h" + i % 2)));
        }
        CorrelationTestSupport.Sink one = new CorrelationTestSupport.Sink();
        try (DetectorSession session = detector.newSession().onAlert(one).open()) {
            matches.forEach(session::acceptMatch);
            session.finish();
        }

        CorrelationTestSupport.Sink split = new CorrelationTestSupport.Sink();
        List<CorrelationAlert> chained = new java.util.ArrayList<>();
        try (DetectorSession first = detector.newSession().onAlert(split).onChained(chained::add).open();
                DetectorSession second = detector.newSession().onAlert(split).open()) {
            for (Detection m : matches) {
                detector.groupKeys(m).forEach((corr, groups) -> groups.forEach(
                        g -> (detector.depth(corr) == 0 ? first : second).acceptMatch(m, corr, g)));
            }
            first.finish();
            for (CorrelationAlert a : chained) {
                detector.groupKeys(a).forEach((corr, groups) -> second.acceptAlert(a, corr, groups.get(0)));
            }
            second.finish();
        }
        assertThat(detector.depth("id-spread")).isEqualTo(1);
        assertThat(chained).hasSizeGreaterThan(2);
        assertThat(detector.groupKeys(chained.get(0))).containsOnlyKeys("id-spread");
        assertThat(one.correlations("spread")).hasSizeGreaterThan(1);
        assertThat(split.correlations().stream().map(CorrelationAlert::id).sorted().toList())
                .isEqualTo(one.correlations().stream().map(CorrelationAlert::id).sorted().toList());
    }
}
