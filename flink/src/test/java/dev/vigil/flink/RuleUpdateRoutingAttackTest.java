package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Attack: a rule-update stream (third parties write the rules) sends a set whose correlations or rule keys
 * differ from the job's initial set; it compiles without errors, so {@link MatchFunction} takes it.
 *
 * <p>FLINK.md: "updates change the matching rules only; the correlations (and the correlator's rule set)
 * stay those of the job's start". What goes wrong: the routing of matches to correlations is done by the
 * <em>update's</em> detector ({@code Detector.groupKeys} of the new set), while the correlation operator
 * keeps the initial set, and {@code CorrelationOperator.feed} looks rules up by key in the initial set and
 * {@code DetectorSession.acceptMatch} ignores correlation keys it does not know. So:
 * <ul>
 *   <li>an update that leaves a correlation out (a detection-only rule pack, say) silently stops every
 *       initial correlation: nothing is routed to it any more;</li>
 *   <li>an update that gives a rule a new id (correlations reference it by name) silently drops every
 *       match of it: {@code rulesByKey.get(newId)} is null;</li>
 * </ul>
 * no error, no log line, no metric, and the matches still go into keyed state.
 *
 * <p>Expected: the initial correlations keep correlating the updated rules' matches (route with the
 * initial correlations, resolve rules by the names the correlations use), or an update that would starve a
 * correlation is refused with a {@code Problem} as an update with errors is.
 */
class RuleUpdateRoutingAttackTest {

    private static final String RULE = """
            title: rule fail
            id: %s
            name: fail
            logsource: {product: test}
            detection:
              selection: {type: fail}
              condition: selection
            """;
    private static final String CORRELATION = """
            ---
            title: three failures by one user
            name: three
            correlation:
              type: event_count
              rules: [fail]
              group-by: [user]
              timespan: 5m
              condition: {gte: 3}
            """;
    private static final String ID1 = "30000000-0000-4000-8000-000000000001";
    private static final String ID2 = "30000000-0000-4000-8000-000000000002";
    private static final RuleSet V1 = AttackSupport.rules("v1", RULE.formatted(ID1) + CORRELATION);

    private static List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(AttackSupport.event("fail", "h", "u" + (i % 3), i));
        }
        return events;
    }

    /**
     * Correlation alerts of the job's correlating operator (initial set V1) for the matches of {@code router}
     * (the rule set in force at the matching operator), routed as the matching operator does in a job that
     * started with V1.
     */
    private static List<String> correlate(RuleSet router) throws Exception {
        List<RoutedMatch> matches = AttackSupport.routed(V1, router, events());
        try (var h = AttackSupport.harness(V1, AttackSupport.settings(Duration.ofMinutes(1), 100_000, 10_000))) {
            h.open();
            for (RoutedMatch m : matches) {
                h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
            }
            h.processWatermark(Long.MAX_VALUE);
            return AttackSupport.correlationIds(h.extractOutputValues());
        }
    }

    @Test
    void updateWithoutTheCorrelation_initialCorrelationKeepsCorrelating() throws Exception {
        RuleSet detectionOnly = AttackSupport.rules("v2", RULE.formatted(ID1));
        assertThat(CompiledRules.compile(detectionOnly).hasErrors()).as("the update is accepted").isFalse();
        List<String> before = correlate(V1);
        assertThat(before).hasSizeGreaterThanOrEqualTo(3);
        assertThat(correlate(detectionOnly)).as("the initial correlation after an update without it").hasSameSizeAs(before);
    }

    @Test
    void updateGivingTheRuleANewId_itsMatchesStillReachTheCorrelation() throws Exception {
        RuleSet renamed = AttackSupport.rules("v2", RULE.formatted(ID2) + CORRELATION);
        assertThat(CompiledRules.compile(renamed).hasErrors()).as("the update is accepted").isFalse();
        List<String> before = correlate(V1);
        assertThat(before).hasSizeGreaterThanOrEqualTo(3);
        assertThat(correlate(renamed)).as("correlation alerts after the rule's id changed").hasSameSizeAs(before);
    }
}
