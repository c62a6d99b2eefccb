package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SigmaLoader.Builder#filter}: which rules load, what is counted, and how correlations stay whole. */
class RuleFilterTest {

    /** A detection rule with the given metadata lines. */
    static String rule(String title, String meta) {
        return """
                title: %s
                name: %s
                %s
                logsource: {product: windows}
                detection:
                  sel: {EventID: 1}
                  condition: sel
                """.formatted(title, title, meta);
    }

    static final String RULES = String.join("---\n",
            rule("crit", "level: critical\nstatus: stable\ntags: [attack.credential_access, attack.t1003.001]"),
            rule("high", "level: high\nstatus: test\ntags: [attack.t10030]"),
            rule("low", "level: low\nstatus: experimental\ntags: [ATTACK.T1003]"),
            rule("nolevel", "status: test"),
            rule("old", "level: high\nstatus: deprecated"),
            rule("odd", "level: high\nstatus: unsupported"));

    static LoadResult load(RuleFilter filter, String yaml) {
        return SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).filter(filter).build()
                .loadString(yaml, "rules.yml");
    }

    static List<String> titles(LoadResult r) {
        return r.rules().stream().map(Rule::title).toList();
    }

    @Test
    void noFilter_loadsEveryRule() {
        LoadResult r = SigmaTestSupport.IGNORE.loadString(RULES, "rules.yml");
        assertThat(titles(r)).containsExactly("crit", "high", "low", "nolevel", "old", "odd");
        assertThat(r.skipped()).isEmpty();
        assertThat(r.skippedCount()).isZero();
    }

    @Test
    void defaults_skipDeprecatedAndUnsupported_countedByStatus() {
        LoadResult r = load(RuleFilter.defaults(), RULES);
        assertThat(titles(r)).containsExactly("crit", "high", "low", "nolevel");
        assertThat(r.skipped()).containsExactly(Map.entry("status deprecated", 1), Map.entry("status unsupported", 1));
        assertThat(r.documents()).isEqualTo(6);
        assertThat(r.loaded()).isEqualTo(4);
    }

    @Test
    void minLevel_keepsAtOrAbove_ruleWithoutLevelIsInformational() {
        LoadResult r = load(RuleFilter.minLevel(Level.HIGH), RULES);
        assertThat(titles(r)).containsExactly("crit", "high", "old", "odd");
        assertThat(r.skipped()).containsExactly(Map.entry("level below high", 2));
        assertThat(titles(load(RuleFilter.minLevel(Level.INFORMATIONAL), RULES))).hasSize(6);
    }

    @Test
    void status_keepsOnlyThose_andExcludeStatusNone_keepsAll() {
        LoadResult r = load(RuleFilter.status("Stable", "test"), RULES);
        assertThat(titles(r)).containsExactly("crit", "high", "nolevel");
        assertThat(r.skipped()).containsExactly(Map.entry("status experimental", 1), Map.entry("status deprecated", 1),
                Map.entry("status unsupported", 1));
        assertThat(titles(load(RuleFilter.excludeStatus(List.of()), RULES))).hasSize(6);
    }

    @Test
    void status_ruleWithoutStatus_keptByExcludeStatus_rejectedByStatus() {
        String bare = rule("bare", "level: low");
        assertThat(titles(load(RuleFilter.defaults(), bare))).containsExactly("bare");
        assertThat(load(RuleFilter.status("test"), bare).skipped()).containsExactly(Map.entry("no status", 1));
    }

    @Test
    void tag_matchesByDottedPrefix_caseInsensitive() {
        LoadResult r = load(RuleFilter.tag("attack.T1003"), RULES);
        assertThat(titles(r)).containsExactly("crit", "low"); // attack.t1003.001 and ATTACK.T1003, not attack.t10030
        assertThat(r.skipped()).containsExactly(Map.entry("no tag attack.t1003", 4));
        assertThat(titles(load(RuleFilter.tag("attack.credential_access", "attack.t10030"), RULES)))
                .containsExactly("crit", "high");
    }

    @Test
    void ruleIds_andExcludeRuleIds_matchIdOrName() {
        assertThat(titles(load(RuleFilter.ruleIds(List.of("HIGH", "low")), RULES))).containsExactly("high", "low");
        LoadResult r = load(RuleFilter.excludeRuleIds(List.of("high")), RULES);
        assertThat(titles(r)).containsExactly("crit", "low", "nolevel", "old", "odd");
        assertThat(r.skipped()).containsExactly(Map.entry("excluded by id", 1));
    }

    @Test
    void and_combines_andARejectionNamesTheFirstTestThatFailed() {
        LoadResult r = load(RuleFilter.defaults().and(RuleFilter.minLevel(Level.HIGH)), RULES);
        assertThat(titles(r)).containsExactly("crit", "high");
        assertThat(r.skipped()).containsExactly(Map.entry("level below high", 2), Map.entry("status deprecated", 1),
                Map.entry("status unsupported", 1));
        assertThat(r.skippedCount()).isEqualTo(4);
    }

    @Test
    void skippedRule_isNotCompiled() {
        String broken = """
                title: broken but deprecated
                status: deprecated
                logsource: {product: windows}
                detection:
                  sel: {EventID|nosuchmodifier: 1}
                  condition: sel and missing
                """;
        assertThat(SigmaTestSupport.IGNORE.loadString(broken, "b.yml").errors()).isNotEmpty();
        LoadResult r = load(RuleFilter.defaults(), broken);
        assertThat(r.problems()).isEmpty();
        assertThat(r.skippedCount()).isEqualTo(1);
    }

    static final String CORRELATED = String.join("---\n",
            rule("failed", "id: 11111111-0000-0000-0000-000000000001\nlevel: low\nstatus: test"),
            rule("other", "level: low\nstatus: test"),
            """
            title: many failed
            name: many_failed
            level: high
            status: test
            correlation:
              type: event_count
              rules: [11111111-0000-0000-0000-000000000001]
              group-by: [User]
              timespan: 5m
              condition: {gte: 3}
            """);

    @Test
    void keptCorrelation_keepsTheRuleItRefersTo_asReferencedOnly() {
        LoadResult r = load(RuleFilter.minLevel(Level.HIGH), CORRELATED);
        assertThat(r.errors()).isEmpty();
        assertThat(titles(r)).containsExactly("failed");
        assertThat(r.correlations()).extracting(CorrelationRule::name).containsExactly("many_failed");
        assertThat(r.referencedOnly()).extracting(RuleMetadata::title).containsExactly("failed");
        assertThat(r.reports(r.rules().get(0).metadata())).isFalse();
        assertThat(r.reports(r.correlations().get(0).metadata())).isTrue();
        assertThat(r.skipped()).containsExactly(Map.entry("level below high", 1)); // 'other' only
        assertThat(r.loaded()).isEqualTo(2);
    }

    @Test
    void skippedCorrelation_doesNotKeepItsRules() {
        LoadResult r = load(RuleFilter.minLevel(Level.CRITICAL), CORRELATED);
        assertThat(r.rules()).isEmpty();
        assertThat(r.correlations()).isEmpty();
        assertThat(r.skipped()).containsExactly(Map.entry("level below critical", 3));
    }

    @Test
    void ruleIdOfACorrelation_loadsItAndTheRulesItNeeds() {
        LoadResult r = load(RuleFilter.ruleIds(List.of("many_failed")), CORRELATED);
        assertThat(titles(r)).containsExactly("failed");
        assertThat(r.correlations()).hasSize(1);
        assertThat(r.skipped()).containsExactly(Map.entry("id not selected", 1));
    }

    @Test
    void correlationOverAnExcludedRule_isNotLoaded_withAWarningAtTheReference() {
        LoadResult r = load(RuleFilter.excludeRuleIds(List.of("11111111-0000-0000-0000-000000000001")), CORRELATED);
        assertThat(titles(r)).containsExactly("other");
        assertThat(r.correlations()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.where().file()).isEqualTo("rules.yml");
            assertThat(p.where().line()).isEqualTo(26);
            assertThat(p.message()).isEqualTo("the correlation refers to '11111111-0000-0000-0000-000000000001', which"
                    + " the filter excludes by id: the correlation is not loaded");
        });
        assertThat(r.skipped()).containsExactly(Map.entry("excluded by id", 1),
                Map.entry(FilterPlan.NEEDS_EXCLUDED, 1));
    }

    @Test
    void correlationOverACorrelation_keepsTheWholeChain() {
        String chain = CORRELATED + """
                ---
                title: then a success
                level: critical
                status: stable
                correlation:
                  type: temporal
                  rules: [many_failed, success]
                  group-by: [User]
                  timespan: 10m
                ---
                """ + rule("success", "level: informational\nstatus: deprecated");
        LoadResult r = load(RuleFilter.defaults().and(RuleFilter.minLevel(Level.CRITICAL)), chain);
        assertThat(r.errors()).isEmpty();
        assertThat(titles(r)).containsExactly("failed", "success");
        assertThat(r.correlations()).extracting(CorrelationRule::title).containsExactly("many failed", "then a success");
        assertThat(r.referencedOnly()).extracting(RuleMetadata::title)
                .containsExactlyInAnyOrder("failed", "success", "many failed");
        assertThat(r.skipped()).containsExactly(Map.entry("level below critical", 1));
    }
}
