package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.map;
import static dev.vigil.sigma.SigmaTestSupport.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.rule.Rule;
import org.junit.jupiter.api.Test;

/**
 * docs/MAPPING.md, "Selecting events for a rule": condition keys with Sigma value modifiers, and
 * {@code hints_are_data} for logs whose own fields are named product, category or service.
 */
class MappingConditionsTest {

    private static final String RULE = """
            title: Deleted
            logsource:
                product: acme
                service: audit
            detection:
                selection:
                    method: delete
                condition: selection
            """;

    private static Rule rule(String mappingYaml) {
        LogsourceMapping m = LogsourceMapping.empty().extendedWith(mappingYaml, "m.yml");
        return only(SigmaLoader.builder().mapping(m).build(), RULE);
    }

    @Test
    void conditionKeyWithModifiers_matchesAsInARule() {
        Rule r = rule("""
                logsources:
                  - product: acme
                    service: audit
                    conditions:
                      logName|endswith: "%2Factivity"
                      trace|exists: true
                      kind|startswith: [audit., acme.]
                """);
        assertThat(r.matches(event("logName", "projects/p/logs/acme%2Factivity", "trace", "t1", "kind", "acme.v1",
                "method", "delete"))).isTrue();
        assertThat(r.matches(event("logName", "projects/p/logs/acme%2Factivity", "kind", "acme.v1",
                "method", "delete"))).as("trace absent").isFalse();
        assertThat(r.matches(event("logName", "projects/p/logs/acme%2Fdata_access", "trace", "t1", "kind", "acme.v1",
                "method", "delete"))).as("other suffix").isFalse();
        assertThat(r.matches(event("logName", "x%2Factivity", "trace", "t1", "kind", "other.v1",
                "method", "delete"))).as("no listed prefix").isFalse();
    }

    @Test
    void plainConditionKey_staysExact_wildcardIsALiteral() {
        Rule r = rule("""
                logsources:
                  - product: acme
                    service: audit
                    conditions:
                      source: "acme*"
                """);
        assertThat(r.matches(event("source", "ACME*", "method", "delete"))).isTrue();
        assertThat(r.matches(event("source", "acme-billing", "method", "delete"))).isFalse();
    }

    @Test
    void unknownModifierInCondition_isRejected_withFileAndLine() {
        assertThatThrownBy(() -> LogsourceMapping.empty().extendedWith("""
                logsources:
                  - product: acme
                    service: audit
                    conditions:
                      logName|finishes: x
                """, "m.yml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m.yml:5:").hasMessageContaining("unknown modifier 'finishes'");
    }

    @Test
    void hintNamedField_ofALogWithHintsAreData_isData_notADeclaration() {
        String entry = """
                logsources:
                  - product: acme
                    service: audit
                    conditions:
                      _path: audit
                """;
        var e = event("_path", "audit", "service", "billing", "method", "delete");
        assertThat(rule(entry).matches(e))
                .as("without the option, service: billing declares another log source").isFalse();
        assertThat(rule(entry + "    hints_are_data: true\n").matches(e)).isTrue();
        assertThat(rule(entry + "    hints_are_data: true\n")
                .matches(event("_path", "other", "service", "audit", "method", "delete")))
                .as("other logs still declare their log source by it").isTrue();
    }

    @Test
    void hintsAreData_withoutConditions_isRejected() {
        assertThatThrownBy(() -> LogsourceMapping.empty().extendedWith("""
                logsources:
                  - product: acme
                    service: audit
                    hints_are_data: true
                """, "m.yml")).hasMessageContaining("m.yml:4:").hasMessageContaining("hints_are_data needs conditions");
    }

    @Test
    void hintFieldHoldingAnObject_declaresNothing() {
        Rule r = rule("""
                logsources:
                  - product: acme
                    service: audit
                    conditions:
                      event.dataset: acme.audit
                """);
        assertThat(r.matches(event("event", map("dataset", "acme.audit"), "service", map("name", "api"),
                "method", "delete"))).as("ECS service object").isTrue();
        assertThat(r.matches(event("service", "billing", "method", "delete")))
                .as("a string still declares a log source, here another one").isFalse();
    }
}
