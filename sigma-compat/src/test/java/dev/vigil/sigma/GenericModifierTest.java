package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generic modifiers: contains, startswith, endswith, all, exists, cased, neq. */
class GenericModifierTest {

    @ParameterizedTest(name = "{0}: ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            contains   | x mimikatz y   | true
            contains   | MIMIKATZ       | true
            contains   | mimi katz      | false
            startswith | mimikatz.exe   | true
            startswith | xmimikatz      | false
            endswith   | c:\\mimikatz   | true
            endswith   | mimikatz.exe   | false
            """)
    @DisplayName("modifiers appendix § Generic Modifiers: contains, startswith, endswith")
    void positionModifier_value_matchesAsSpecified(String modifier, String value, boolean expected) {
        Rule r = rule("selection:\n    CommandLine|" + modifier + ": 'mimikatz'\ncondition: selection\n");
        assertThat(r.matches(event("CommandLine", value))).isEqualTo(expected);
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: contains keeps inner wildcards")
    void contains_innerWildcard_matchesAcrossText() {
        Rule r = rule("""
                selection:
                    CommandLine|contains: 'net?user*/add'
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "cmd /c net user bob pw /add now"))).isTrue();
        assertThat(r.matches(event("CommandLine", "cmd /c net localgroup /add"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: contains on a list is OR")
    void containsList_anyValue_matches() {
        Rule r = rule("""
                selection:
                    CommandLine|contains:
                        - ' -enc '
                        - ' -encodedcommand '
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "powershell -EncodedCommand abc"))).isTrue();
        assertThat(r.matches(event("CommandLine", "powershell -enc abc"))).isTrue();
        assertThat(r.matches(event("CommandLine", "powershell -nop abc"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: contains|all requires every value")
    void containsAll_everyValuePresent_matches() {
        Rule r = rule("""
                selection:
                    CommandLine|contains|all:
                        - ' -nop '
                        - ' -w hidden '
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "powershell -w hidden -nop -c x"))).isTrue();
        assertThat(r.matches(event("CommandLine", "powershell -nop -c x"))).isFalse();
        assertThat(r.matches(event("CommandLine", "powershell -w hidden -c x"))).isFalse();
    }

    /**
     * modifiers appendix § Generic Modifiers, all: AND of the values. Against a multi-valued (list)
     * field each value may be satisfied by a different element of the list.
     */
    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: all over a list-valued field")
    void all_listField_eachValueFoundInSomeElement() {
        Rule r = rule("""
                selection:
                    Tags|all:
                        - admin
                        - remote
                condition: selection
                """);
        assertThat(r.matches(event("Tags", List.of("Remote", "admin", "x")))).isTrue();
        assertThat(r.matches(event("Tags", List.of("admin", "x")))).isFalse();
        assertThat(r.matches(event("Tags", "admin"))).isFalse();
    }

    /**
     * modifiers appendix § Generic Modifiers: "Single item values are not allowed to have an all
     * modifier". Rejected at load with the field and line (no SigmaHQ rule does it: every one loads).
     */
    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: all with a single value is rejected")
    void allSingleValue_rejected() {
        assertThat(rejected("""
                selection:
                    CommandLine|contains|all: 'whoami'
                condition: selection
                """).toString()).contains("(CommandLine|contains|all)").contains("'all' needs a list of two or more values");
        assertThat(rejected("""
                selection:
                    CommandLine|contains|all: ['whoami']
                condition: selection
                """).message()).contains("'all' needs a list");
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: exists true holds for present fields, even '' or null")
    void existsTrue_fieldPresent_matches() {
        Rule r = rule("""
                selection:
                    EventID: 4738
                    PasswordLastSet|exists: true
                condition: selection
                """);
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", "2024-01-01"))).isTrue();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", ""))).isTrue();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", null))).as("null value").isTrue();
        assertThat(r.matches(event("EventID", 4738))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: exists false holds for absent fields only")
    void existsFalse_fieldAbsent_matches() {
        Rule r = rule("""
                selection:
                    PasswordLastSet|exists: false
                condition: selection
                """);
        assertThat(r.matches(event("EventID", 4738))).isTrue();
        assertThat(r.matches(event("PasswordLastSet", null))).isFalse();
        assertThat(r.matches(event("PasswordLastSet", ""))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: exists takes a boolean")
    void exists_nonBooleanValue_rejected() {
        Problem p = rejected("""
                selection:
                    PasswordLastSet|exists: 'maybe'
                condition: selection
                """);
        assertThat(p.message()).contains("exists");
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: cased matches case-sensitively")
    void cased_differentCase_doesNotMatch() {
        Rule r = rule("""
                selection:
                    Image|cased: 'CMD.exe'
                condition: selection
                """);
        assertThat(r.matches(event("Image", "CMD.exe"))).isTrue();
        assertThat(r.matches(event("Image", "cmd.exe"))).isFalse();
        assertThat(r.matches(event("Image", "CMD.EXE"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: cased with contains and wildcards")
    void casedContains_sameCase_matches() {
        Rule r = rule("""
                selection:
                    CommandLine|cased|contains: 'Invoke-*Mimikatz'
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "x Invoke-Some-Mimikatz y"))).isTrue();
        assertThat(r.matches(event("CommandLine", "x invoke-some-mimikatz y"))).isFalse();
    }

    /**
     * modifiers appendix § Generic Modifiers, neq: "the field is different from the specified
     * values". Choice (pySigma negates the whole detection item): a list is NOT (v1 OR v2), and an
     * absent field counts as different.
     */
    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: neq with one value")
    void neq_otherValue_matches() {
        Rule r = rule("""
                selection:
                    EventID: 4624
                    User|neq: 'SYSTEM'
                condition: selection
                """);
        assertThat(r.matches(event("EventID", 4624, "User", "alice"))).isTrue();
        assertThat(r.matches(event("EventID", 4624, "User", "system"))).as("case-insensitive").isFalse();
        assertThat(r.matches(event("EventID", 4624, "User", "SYSTEM"))).isFalse();
        assertThat(r.matches(event("EventID", 4624))).as("absent field differs").isTrue();
    }

    /** Choice as above: a list under neq means the field differs from every value. */
    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: neq with a list means none of the values")
    void neqList_noneOfTheValues_matches() {
        Rule r = rule("""
                selection:
                    LogonType|neq:
                        - 2
                        - 10
                condition: selection
                """);
        assertThat(r.matches(event("LogonType", 3))).isTrue();
        assertThat(r.matches(event("LogonType", 2))).isFalse();
        assertThat(r.matches(event("LogonType", "10"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Numeric Modifiers: neq on numbers compares the numbers' text")
    void neqNumber_sameNumberAsText_doesNotMatch() {
        Rule r = rule("""
                selection:
                    EventID|neq: 4688
                condition: selection
                """);
        assertThat(r.matches(event("EventID", 4689))).isTrue();
        assertThat(r.matches(event("EventID", 4688))).isFalse();
        assertThat(r.matches(event("EventID", "4688"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: neq combines with contains")
    void neqContains_valueAbsentFromText_matches() {
        Rule r = rule("""
                selection:
                    Image|endswith: '\\rundll32.exe'
                    CommandLine|neq|contains: '.dll'
                condition: selection
                """);
        assertThat(r.matches(event("Image", "C:\\rundll32.exe", "CommandLine", "rundll32 x.cpl,Run"))).isTrue();
        assertThat(r.matches(event("Image", "C:\\rundll32.exe", "CommandLine", "rundll32 x.DLL,Run"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Value Modifiers: an unknown modifier is rejected, naming it")
    void unknownModifier_rejectedNamingModifier() {
        Problem p = rejected("""
                selection:
                    Image|endswitch: '\\cmd.exe'
                condition: selection
                """);
        assertThat(p.message()).contains("endswitch");
        assertThat(p.where().field()).isEqualTo("Image|endswitch");
        assertThat(p.where().line()).isEqualTo(7);
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: only one of contains/startswith/endswith")
    void twoPositionModifiers_rejected() {
        Problem p = rejected("""
                selection:
                    Image|startswith|endswith: 'x'
                condition: selection
                """);
        assertThat(p.message()).contains("contains, startswith, endswith");
    }
}
