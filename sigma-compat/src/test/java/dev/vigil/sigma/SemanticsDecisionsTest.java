package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.map;
import static dev.vigil.sigma.SigmaTestSupport.quote;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decisions docs/SEMANTICS.md records where the specification is silent or where engines differ, one
 * test per row, so that a documented choice cannot change without this class failing.
 */
class SemanticsDecisionsTest {

    private static Rule one(String field, String plainYamlValue) {
        return rule("sel:\n    " + field + ": " + plainYamlValue + "\ncondition: sel\n");
    }

    /**
     * SEMANTICS.md row "YAML 1.2 plain scalars in rule values"; rules specification, "Yaml File": rule files
     * are YAML 1.2.2, whose core schema (YAML 1.2.2 section 10.3.2, "Tag Resolution") reads {@code yes},
     * {@code on}, {@code off} as text, {@code 0o10} as eight, {@code 1_000} as text and an empty value as null.
     * The one documented difference: a decimal written with a leading zero ({@code 010}) stays text.
     */
    @Test
    void yamlPlainScalars_areReadAsYaml12CoreSchema_leadingZeroDecimalsStayText() {
        Rule yes = one("Enabled", "yes");
        assertThat(yes.matches(event("Enabled", "yes"))).isTrue();
        assertThat(yes.matches(event("Enabled", "true"))).isFalse();
        assertThat(yes.matches(event("Enabled", true))).isFalse();
        assertThat(one("Enabled", "off").matches(event("Enabled", "off"))).isTrue();
        assertThat(one("Enabled", "off").matches(event("Enabled", "false"))).isFalse();
        assertThat(one("Enabled", "True").matches(event("Enabled", true))).isTrue();
        assertThat(one("Enabled", "TRUE").matches(event("Enabled", "true"))).isTrue();

        Rule leadingZero = one("Code", "010");
        assertThat(leadingZero.matches(event("Code", "010"))).isTrue();
        assertThat(leadingZero.matches(event("Code", "8"))).isFalse();
        assertThat(leadingZero.matches(event("Code", "10"))).isFalse();
        assertThat(one("Code", "0o10").matches(event("Code", "8"))).isTrue();
        assertThat(one("Code", "0o10").matches(event("Code", "0o10"))).isFalse();
        assertThat(one("Code", "0x10").matches(event("Code", 16))).isTrue();
        assertThat(one("Code", "0x10").matches(event("Code", "0x10"))).isFalse();
        assertThat(one("Code", "1_000").matches(event("Code", "1_000"))).isTrue();
        assertThat(one("Code", "1_000").matches(event("Code", "1000"))).isFalse();
        assertThat(one("Time", "1:20").matches(event("Time", "1:20"))).isTrue();
        assertThat(one("Ratio", "1e3").matches(event("Ratio", 1000))).isTrue();
        assertThat(one("Flag", "y").matches(event("Flag", "y"))).isTrue();

        Rule empty = one("SidHistory", "");
        assertThat(empty.matches(event("Other", "x"))).isTrue();
        assertThat(empty.matches(event("SidHistory", ""))).isFalse();

        assertThat(one("Enabled", "'true'").matches(event("Enabled", "true"))).isTrue();
        assertThat(one("Code", "'0x10'").matches(event("Code", "0x10"))).isTrue();
        assertThat(one("Code", "'0x10'").matches(event("Code", 16))).isFalse();
    }

    /**
     * SEMANTICS.md row "`1 of`/`all of` a pattern that matches no search identifier"; rules specification,
     * "Condition" (silent on an empty match). Vigil rejects the rule at load instead of reading
     * {@code all of} an empty set as true (sigma-go) and {@code 1 of} it as false.
     */
    @Test
    void ofPattern_matchingNoSearchIdentifier_isRejectedAtLoad() {
        Problem all = rejected("""
                selection:
                    Image: x
                condition: selection and not all of filter_*
                """);
        assertThat(all.message()).contains("no search identifier matches 'filter_*'");
        Problem one = rejected("""
                selection:
                    Image: x
                condition: selection and not 1 of filter_*
                """);
        assertThat(one.message()).contains("no search identifier matches 'filter_*'");
    }

    /**
     * SEMANTICS.md row "`field: null` against an absent field and an empty string"; rules specification,
     * "Special Field Values" (the application "depends on the target SIEM"). {@code null} matches a field
     * that is null or absent, never the empty string; {@code ''} matches only the empty string;
     * {@code exists} sees a null field as present.
     */
    @Test
    void null_matchesNullAndAbsent_emptyStringOnlyEmpty() {
        Rule isNull = one("PasswordLastSet", "null");
        assertThat(isNull.matches(event("PasswordLastSet", null))).isTrue();
        assertThat(isNull.matches(event("Other", "x"))).isTrue();
        assertThat(isNull.matches(event("PasswordLastSet", ""))).isFalse();
        assertThat(isNull.matches(event("PasswordLastSet", "null"))).isFalse();

        Rule empty = one("PasswordLastSet", "''");
        assertThat(empty.matches(event("PasswordLastSet", ""))).isTrue();
        assertThat(empty.matches(event("PasswordLastSet", null))).isFalse();
        assertThat(empty.matches(event("Other", "x"))).isFalse();

        Rule exists = rule("sel:\n    PasswordLastSet|exists: true\ncondition: sel\n");
        assertThat(exists.matches(event("PasswordLastSet", null))).isTrue();
        assertThat(exists.matches(event("Other", "x"))).isFalse();

        assertThat(rejected("sel:\n    F:\n    - ''\n    - null\ncondition: sel\n").message())
                .contains("null cannot be part of a list of values");
    }

    /**
     * SEMANTICS.md row "windash: which characters"; modifiers appendix, "String Modifiers": permutations of
     * {@code -}, {@code /}, en dash, em dash and horizontal bar. Every one of the five in the value is
     * replaced by each of the five (so {@code /x} also matches {@code -x}); other dashes (hyphen U+2010,
     * minus sign U+2212, fullwidth hyphen-minus U+FF0D) are not among them.
     */
    @Test
    void windash_permutesTheFiveSpecDashes_inBothDirections_andNoOthers() {
        Rule r = rule("sel:\n    CommandLine|windash|contains: ' -enc '\ncondition: sel\n");
        for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
            assertThat(r.matches(event("CommandLine", "powershell " + dash + "enc AAA"))).as(dash).isTrue();
        }
        for (String dash : List.of("\u2010", "\u2212", "\uff0d")) {
            assertThat(r.matches(event("CommandLine", "powershell " + dash + "enc AAA"))).as(dash).isFalse();
        }
        Rule slash = rule("sel:\n    CommandLine|windash: '/x'\ncondition: sel\n");
        assertThat(slash.matches(event("CommandLine", "-x"))).isTrue();
        assertThat(slash.matches(event("CommandLine", "\u2014x"))).isTrue();
    }

    /**
     * SEMANTICS.md row "`neq` with a list of values"; modifiers appendix, "Generic Modifiers": "The field is
     * different from the specified values". With a list: none of them. An absent or null field is
     * different from every value, so it matches.
     */
    @Test
    void neq_withAList_meansNoneOfThem_andAnAbsentFieldMatches() {
        Rule r = rule("sel:\n    User|neq:\n    - SYSTEM\n    - LOCAL SERVICE\ncondition: sel\n");
        assertThat(r.matches(event("User", "system"))).isFalse();
        assertThat(r.matches(event("User", "LOCAL SERVICE"))).isFalse();
        assertThat(r.matches(event("User", "alice"))).isTrue();
        assertThat(r.matches(event("Other", "x"))).isTrue();
        assertThat(r.matches(event("User", null))).isTrue();
    }

    /**
     * SEMANTICS.md row "numbers against strings"; rules specification, "General": values are strings. A
     * number in a rule compares by its decimal text: it matches the JSON number, the string and a whole
     * double ({@code 4688.0} read from JSON), not the string {@code "4688.0"} nor leading zeros; a quoted
     * {@code '04688'} matches only that text.
     */
    @Test
    void number_comparesByItsDecimalText() {
        Rule r = one("EventID", "4688");
        assertThat(r.matches(event("EventID", 4688))).isTrue();
        assertThat(r.matches(event("EventID", 4688L))).isTrue();
        assertThat(r.matches(event("EventID", "4688"))).isTrue();
        assertThat(r.matches(event("EventID", 4688.0))).isTrue();
        assertThat(r.matches(event("EventID", "4688.0"))).isFalse();
        assertThat(r.matches(event("EventID", "04688"))).isFalse();
        assertThat(r.matches(event("EventID", " 4688"))).isFalse();

        Rule zeros = one("EventID", "'04688'");
        assertThat(zeros.matches(event("EventID", "04688"))).isTrue();
        assertThat(zeros.matches(event("EventID", 4688))).isFalse();

        // the comparison modifiers compare numbers, and read numeric strings
        Rule gt = rule("sel:\n    Count|gt: 10\ncondition: sel\n");
        assertThat(gt.matches(event("Count", "011"))).isTrue();
        assertThat(gt.matches(event("Count", 11.5))).isTrue();
        assertThat(gt.matches(event("Count", "eleven"))).isFalse();
    }

    /**
     * SEMANTICS.md row "case folding beyond ASCII"; rules specification, "General": case-insensitive (silent
     * on Unicode). Vigil lower-cases both sides with the locale-independent Unicode lower case: Cyrillic,
     * {@code ẞ}/{@code ß} fold; {@code İ} does not equal {@code i}, {@code ß} does not equal {@code SS},
     * final sigma {@code ς} does not equal {@code σ}. {@code re|i} uses Unicode case-insensitive regex and
     * does equate the sigmas. {@code cased} compares exactly.
     */
    @Test
    void caseFolding_isUnicodeLowerCase_notFullCaseFolding() {
        assertThat(one("User", quote("ЖУРНАЛ")).matches(event("User", "журнал"))).isTrue();
        assertThat(one("User", quote("ẞ")).matches(event("User", "ß"))).isTrue();
        assertThat(one("User", quote("İ")).matches(event("User", "i"))).isFalse();
        assertThat(one("User", quote("ß")).matches(event("User", "SS"))).isFalse();
        assertThat(one("User", quote("σ")).matches(event("User", "ς"))).isFalse();
        assertThat(rule("sel:\n    User|re|i: 'σ'\ncondition: sel\n").matches(event("User", "ς"))).isTrue();

        Rule cased = rule("sel:\n    User|cased: 'Журнал'\ncondition: sel\n");
        assertThat(cased.matches(event("User", "Журнал"))).isTrue();
        assertThat(cased.matches(event("User", "журнал"))).isFalse();
    }

    /**
     * SEMANTICS.md row "keyword search: over which values"; rules specification, "Keywords search" ("across
     * an entire event"). A keyword is a case-insensitive {@code contains} over every leaf value, nested maps
     * and lists included, numbers and booleans by their text; field names are not searched.
     */
    @Test
    void keyword_searchesEveryLeafValue_notTheKeys() {
        Rule r = rule("keywords:\n    - mimikatz\ncondition: keywords\n");
        assertThat(r.matches(event("CommandLine", "run MIMIKATZ.exe"))).isTrue();
        assertThat(r.matches(event("Process", map("Args", List.of("a", "mimikatz"))))).isTrue();
        assertThat(r.matches(event("mimikatz", "x"))).isFalse();
        assertThat(r.matches(event("mimikatz", map("nested", "x")))).isFalse();

        Rule number = rule("keywords:\n    - 4688\ncondition: keywords\n");
        assertThat(number.matches(event("EventID", 4688))).isTrue();
        assertThat(number.matches(event("EventID", 14688))).isTrue();
        Rule bool = rule("keywords:\n    - 'true'\ncondition: keywords\n");
        assertThat(bool.matches(event("Elevated", true))).isTrue();
    }

    /**
     * SEMANTICS.md row "duplicate rule ids across files"; rules specification, "Identification" (ids
     * "should be" globally unique). Both rules load; a warning at the second names the first's file.
     */
    @Test
    void duplicateId_bothLoad_withAWarningNamingTheOtherFile() {
        String rule = """
                title: %s
                id: 929a690e-bef0-4204-a928-ef5e620d6fcc
                logsource: {product: windows}
                detection:
                  sel: {Image: x}
                  condition: sel
                """;
        LoadResult result = IGNORE.load(List.of(), List.of(
                new SigmaText("one.yml", rule.formatted("first")), new SigmaText("two.yml", rule.formatted("second"))));
        assertThat(result.rules()).extracting(Rule::title).containsExactly("first", "second");
        assertThat(result.errors()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.where().file()).isEqualTo("two.yml");
            assertThat(p.message()).contains("929a690e-bef0-4204-a928-ef5e620d6fcc").contains("one.yml");
        });
    }
}
