package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static dev.vigil.sigma.SigmaTestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * filters spec § Global filter: a filter document names rules (by id or name) and adds its
 * selection and condition to them.
 *
 * <p>Choice (the spec does not say how the filter's condition combines with the rule's): as in
 * pySigma, the rule's condition becomes {@code (rule condition) and (filter condition)}, so a filter
 * that excludes events is written {@code condition: not selection}.
 */
class SigmaFilterTest {

    private static final String RULE = """
            title: Whoami Execution
            id: 6f3e2987-db24-4c78-a860-b4f4095a7095
            name: whoami_execution
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    Image|endswith: '\\whoami.exe'
                condition: selection
            """;

    private static final String OTHER_RULE = """
            title: Net Execution
            id: df0841c0-9846-4e9f-ad8a-7df91571771b
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    Image|endswith: '\\net.exe'
                condition: selection
            """;

    private static String filter(String ruleRef, String condition) {
        return """
                title: Filter Administrator account
                description: The valid administrator account start with adm_
                logsource:
                    category: process_creation
                    product: windows
                filter:
                    rules:
                        - %s
                    selection:
                        User|startswith: 'adm_'
                    condition: %s
                """.formatted(ruleRef, condition);
    }

    private static final Event ADMIN_WHOAMI = event("Image", "C:\\Windows\\System32\\whoami.exe", "User", "adm_bob");
    private static final Event USER_WHOAMI = event("Image", "C:\\Windows\\System32\\whoami.exe", "User", "bob");
    private static final Event ADMIN_NET = event("Image", "C:\\Windows\\System32\\net.exe", "User", "adm_bob");

    private static List<Rule> load(String... documents) {
        LoadResult result = IGNORE.loadString(String.join("---\n", documents), "rules.yml");
        assertThat(result.errors()).isEmpty();
        return result.rules();
    }

    @Test
    @DisplayName("filters spec § Relative rules: a filter naming the rule by id stops it firing on filtered events")
    void filterById_filteredEvent_ruleDoesNotFire() {
        List<Rule> rules = load(RULE, filter("6f3e2987-db24-4c78-a860-b4f4095a7095", "not selection"));
        assertThat(rules).hasSize(1);
        Rule r = rules.get(0);
        assertThat(r.matches(ADMIN_WHOAMI)).isFalse();
        assertThat(r.matches(USER_WHOAMI)).isTrue();
    }

    @Test
    @DisplayName("filters spec § Relative rules: a filter naming the rule by name works the same")
    void filterByName_filteredEvent_ruleDoesNotFire() {
        Rule r = load(RULE, filter("whoami_execution", "not selection")).get(0);
        assertThat(r.matches(ADMIN_WHOAMI)).isFalse();
        assertThat(r.matches(USER_WHOAMI)).isTrue();
    }

    @Test
    @DisplayName("filters spec § Global filter: the filter may come before the rule it names")
    void filterBeforeRule_applied() {
        Rule r = load(filter("whoami_execution", "not selection"), RULE).get(0);
        assertThat(r.matches(ADMIN_WHOAMI)).isFalse();
        assertThat(r.matches(USER_WHOAMI)).isTrue();
    }

    @Test
    @DisplayName("filters spec § Relative rules: rules the filter does not name are unchanged")
    void filter_unnamedRule_unchanged() {
        List<Rule> rules = load(RULE, OTHER_RULE, filter("whoami_execution", "not selection"));
        Rule net = rules.stream().filter(r -> r.title().equals("Net Execution")).findFirst().orElseThrow();
        assertThat(net.matches(ADMIN_NET)).isTrue();
    }

    @Test
    @DisplayName("filters spec § Relative rules: one filter may name several rules")
    void filter_severalRules_allFiltered() {
        String f = filter("whoami_execution", "not selection")
                .replace("        - whoami_execution\n", "        - whoami_execution\n        - df0841c0-9846-4e9f-ad8a-7df91571771b\n");
        List<Rule> rules = load(RULE, OTHER_RULE, f);
        assertThat(rules).allSatisfy(r -> assertThat(r.matches(ADMIN_WHOAMI) || r.matches(ADMIN_NET)).isFalse());
        assertThat(rules.get(0).matches(USER_WHOAMI)).isTrue();
    }

    /** The pySigma semantics the class javadoc describes: a positive filter condition narrows the rule. */
    @Test
    @DisplayName("filters spec § filter condition: the condition is AND-ed (pySigma); 'selection' keeps only those events")
    void filterPositiveCondition_andedToRule_onlySelectedFire() {
        Rule r = load(RULE, filter("whoami_execution", "selection")).get(0);
        assertThat(r.matches(ADMIN_WHOAMI)).isTrue();
        assertThat(r.matches(USER_WHOAMI)).isFalse();
    }

    @Test
    @DisplayName("filters spec § filter selection: the filter's identifiers do not clash with the rule's")
    void filterIdentifiers_sameNamesAsRule_keptApart() {
        // both the rule and the filter call their selection 'selection'
        Rule r = load(RULE, filter("whoami_execution", "not selection")).get(0);
        assertThat(r.matches(event("Image", "C:\\x\\whoami.exe"))).as("no User field: not filtered").isTrue();
        assertThat(r.matches(event("Image", "C:\\x\\other.exe", "User", "bob"))).isFalse();
    }

    @Test
    @DisplayName("filters spec § Global filter: two filters on one rule both apply")
    void twoFilters_bothApply() {
        String second = """
                title: Filter backup host
                logsource:
                    category: process_creation
                    product: windows
                filter:
                    rules: whoami_execution
                    host:
                        Computer: backup01
                    condition: not host
                """;
        Rule r = load(RULE, filter("whoami_execution", "not selection"), second).get(0);
        assertThat(r.matches(ADMIN_WHOAMI)).isFalse();
        assertThat(r.matches(event("Image", "C:\\whoami.exe", "User", "bob", "Computer", "BACKUP01"))).isFalse();
        assertThat(r.matches(event("Image", "C:\\whoami.exe", "User", "bob", "Computer", "ws01"))).isTrue();
    }

    @Test
    @DisplayName("filters spec § Global filter: a filter in another file of the folder applies")
    void filterInOtherFile_folderLoad_applied(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("win_whoami.yml"), RULE, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("mf_admin_accounts.yml"), filter("6f3e2987-db24-4c78-a860-b4f4095a7095",
                "not selection"), StandardCharsets.UTF_8);
        LoadResult result = IGNORE.load(List.of(dir));
        assertThat(result.errors()).isEmpty();
        assertThat(result.rules()).hasSize(1);
        assertThat(result.documents()).as("filters are not rule documents").isEqualTo(1);
        assertThat(result.rules().get(0).matches(ADMIN_WHOAMI)).isFalse();
        assertThat(result.rules().get(0).matches(USER_WHOAMI)).isTrue();
    }

    /**
     * filters spec § Log source is mandatory. Choice (pySigma): a filter applies to a named rule only
     * when the rule's log source is within the filter's (each dimension the filter sets is equal).
     */
    @Test
    @DisplayName("filters spec § Log source: a filter for another log source does not apply")
    void filterOtherLogsource_notApplied() {
        String linux = filter("whoami_execution", "not selection").replace("product: windows", "product: linux");
        LoadResult result = IGNORE.loadString(RULE + "---\n" + linux, "rules.yml");
        assertThat(result.errors()).isEmpty();
        assertThat(result.rules().get(0).matches(ADMIN_WHOAMI)).isTrue();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p.message()).contains("log source"));
    }

    @Test
    @DisplayName("filters spec § Log source: a filter with a broader log source applies")
    void filterBroaderLogsource_applied() {
        String broad = filter("whoami_execution", "not selection").replace("    category: process_creation\n", "");
        Rule r = load(RULE, broad).get(0);
        assertThat(r.matches(ADMIN_WHOAMI)).isFalse();
    }

    @Test
    @DisplayName("filters spec § Relative rules: a filter that names no rules is rejected")
    void filterWithoutRules_rejected() {
        String f = filter("x", "not selection").replace("    rules:\n        - x\n", "");
        LoadResult result = IGNORE.loadString(RULE + "---\n" + f, "rules.yml");
        assertThat(result.rules()).hasSize(1);
        assertThat(result.errors()).singleElement().satisfies(p -> assertThat(p.where().field()).isEqualTo("filter.rules"));
    }

    @Test
    @DisplayName("filters spec § filter condition: a filter without condition is rejected")
    void filterWithoutCondition_rejected() {
        String f = filter("whoami_execution", "x").replace("    condition: x\n", "");
        LoadResult result = IGNORE.loadString(RULE + "---\n" + f, "rules.yml");
        Problem p = result.errors().get(0);
        assertThat(p.where().field()).isEqualTo("filter.condition");
        assertThat(result.rules().get(0).matches(ADMIN_WHOAMI)).as("rule unfiltered").isTrue();
    }
}
