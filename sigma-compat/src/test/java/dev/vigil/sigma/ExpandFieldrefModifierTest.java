package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static dev.vigil.sigma.SigmaTestSupport.ruleText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** rules spec § Placeholders with the expand modifier; modifiers appendix § Specific Modifiers (fieldref). */
class ExpandFieldrefModifierTest {

    private static final SigmaLoader WITH_PLACEHOLDERS = SigmaLoader.builder()
            .logsourceMode(LogsourceMode.IGNORE)
            .placeholder("Servers", List.of("srv*", "dc01"))
            .placeholder("Administrators", List.of("admin", "root"))
            .placeholder("domain", List.of("CORP"))
            .build();

    @Test
    @DisplayName("rules spec § Placeholders: expand replaces %Servers% with its OR-ed values and patterns")
    void expand_placeholderValues_matchAny() {
        Rule r = rule(WITH_PLACEHOLDERS, """
                selection:
                    Computer|expand: '%Servers%'
                condition: selection
                """);
        assertThat(r.matches(event("Computer", "srv-web-01"))).isTrue();
        assertThat(r.matches(event("Computer", "DC01"))).isTrue();
        assertThat(r.matches(event("Computer", "ws-042"))).isFalse();
        assertThat(r.matches(event("Computer", "%Servers%"))).isFalse();
    }

    /**
     * rules spec § Placeholders and § Escape Character: {@code \%} is a plain percent sign, so a
     * backslash right before a placeholder is written escaped, {@code \\%name%}.
     */
    @Test
    @DisplayName("rules spec § Placeholders: a placeholder inside a longer value, several placeholders combined")
    void expand_placeholdersInText_everyCombination() {
        Rule r = rule(WITH_PLACEHOLDERS, """
                selection:
                    User|expand: '%domain%\\\\%Administrators%'
                condition: selection
                """);
        assertThat(r.matches(event("User", "CORP\\admin"))).isTrue();
        assertThat(r.matches(event("User", "corp\\root"))).isTrue();
        assertThat(r.matches(event("User", "CORP\\guest"))).isFalse();
        assertThat(r.matches(event("User", "OTHER\\admin"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Placeholders: expand combines with contains")
    void expandContains_placeholderValue_foundInside() {
        Rule r = rule(WITH_PLACEHOLDERS, """
                selection:
                    CommandLine|expand|contains: ' /user:%Administrators% '
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "net use \\\\h /user:root pw"))).isTrue();
        assertThat(r.matches(event("CommandLine", "net use \\\\h /user:bob pw"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Placeholders: without expand, %name% is a literal value")
    void noExpand_placeholderSyntax_isLiteral() {
        Rule r = rule(WITH_PLACEHOLDERS, """
                selection:
                    Computer: '%Servers%'
                condition: selection
                """);
        assertThat(r.matches(event("Computer", "%Servers%"))).isTrue();
        assertThat(r.matches(event("Computer", "dc01"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Placeholders: \\% is a plain percent sign (\\%plain%domain%)")
    void expand_escapedPercent_isPlain() {
        Rule r = rule(WITH_PLACEHOLDERS, """
                selection:
                    Value|expand: '\\%plain%domain%'
                condition: selection
                """);
        assertThat(r.matches(event("Value", "%plainCORP"))).isTrue();
        assertThat(r.matches(event("Value", "\\%plainCORP"))).isFalse();
        assertThat(r.matches(event("Value", "%plain%domain%"))).isFalse();
    }

    /**
     * rules spec § Placeholders: a tool that cannot handle a placeholder "must reject the rule". A
     * placeholder with no values is rejected, naming it; the other rules of the load are kept.
     */
    @Test
    @DisplayName("rules spec § Placeholders: a placeholder without values rejects the rule, naming it")
    void expand_placeholderWithoutValues_ruleRejected() {
        String yaml = ruleText("""
                selection:
                    Computer|expand: '%JumpServers%'
                condition: selection
                """) + "---\n" + ruleText("""
                selection:
                    Computer|expand: '%Servers%'
                condition: selection
                """).replace("11111111-2222-3333-4444-555555555555", "22222222-2222-3333-4444-555555555555");
        LoadResult result = WITH_PLACEHOLDERS.loadString(yaml, "rules.yml");
        assertThat(result.rules()).hasSize(1);
        assertThat(result.errors()).hasSize(1);
        Problem p = result.errors().get(0);
        assertThat(p.message()).contains("JumpServers");
        assertThat(p.where().field()).isEqualTo("Computer|expand");
        assertThat(p.where().line()).isEqualTo(7);
    }

    @Test
    @DisplayName("rules spec § Placeholders: a placeholder given no values by a loader without any is rejected")
    void expand_loaderWithoutPlaceholders_rejected() {
        Problem p = rejected("""
                selection:
                    Computer|expand: '%Servers%'
                condition: selection
                """);
        assertThat(p.message()).contains("Servers");
    }

    /**
     * rules spec § Placeholders. A placeholder name is a word (pySigma: {@code %(\w+)%}); a percent
     * sign that does not open one, as in "100%", is a plain character.
     */
    @Test
    @DisplayName("rules spec § Placeholders: a percent sign that opens no placeholder is plain")
    void expand_percentWithoutName_isPlain() {
        Rule r = rule(WITH_PLACEHOLDERS, """
                selection:
                    Value|expand: '100% of %domain% (50%)'
                condition: selection
                """);
        assertThat(r.matches(event("Value", "100% of CORP (50%)"))).isTrue();
        assertThat(r.matches(event("Value", "100% of %domain% (50%)"))).isFalse();
    }

    // ---- fieldref ----

    @Test
    @DisplayName("modifiers appendix § Specific Modifiers: fieldref compares two fields of the event")
    void fieldref_equalFields_matches() {
        Rule r = rule("""
                selection:
                    TargetUserName|fieldref: SubjectUserName
                condition: selection
                """);
        assertThat(r.matches(event("TargetUserName", "alice", "SubjectUserName", "alice"))).isTrue();
        assertThat(r.matches(event("TargetUserName", "Alice", "SubjectUserName", "ALICE"))).as("case-insensitive").isTrue();
        assertThat(r.matches(event("TargetUserName", "alice", "SubjectUserName", "bob"))).isFalse();
        assertThat(r.matches(event("TargetUserName", "alice"))).as("other field absent").isFalse();
        assertThat(r.matches(event("SubjectUserName", "alice"))).as("field absent").isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Specific Modifiers: fieldref compares numbers by their text")
    void fieldref_numberAndNumericString_equal() {
        Rule r = rule("""
                selection:
                    ProcessId|fieldref: ParentProcessId
                condition: selection
                """);
        assertThat(r.matches(event("ProcessId", 4, "ParentProcessId", "4"))).isTrue();
        assertThat(r.matches(event("ProcessId", 4, "ParentProcessId", 5))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Specific Modifiers: fieldref with startswith, endswith, contains")
    void fieldrefPosition_otherFieldInside_matches() {
        Rule starts = rule("s:\n    CommandLine|fieldref|startswith: Image\ncondition: s\n");
        Rule ends = rule("s:\n    Image|fieldref|endswith: OriginalFileName\ncondition: s\n");
        Rule contains = rule("s:\n    CommandLine|fieldref|contains: User\ncondition: s\n");
        assertThat(starts.matches(event("CommandLine", "C:\\x.exe -a", "Image", "c:\\X.EXE"))).isTrue();
        assertThat(starts.matches(event("CommandLine", "\"C:\\x.exe\" -a", "Image", "C:\\x.exe"))).isFalse();
        assertThat(ends.matches(event("Image", "C:\\Temp\\rundll32.exe", "OriginalFileName", "RUNDLL32.EXE"))).isTrue();
        assertThat(ends.matches(event("Image", "C:\\Temp\\evil.exe", "OriginalFileName", "RUNDLL32.EXE"))).isFalse();
        assertThat(contains.matches(event("CommandLine", "runas /user:bob cmd", "User", "bob"))).isTrue();
        assertThat(contains.matches(event("CommandLine", "runas /user:eve cmd", "User", "bob"))).isFalse();
    }

    /** modifiers appendix § Specific Modifiers: "Can be combined with the neq modifier". */
    @Test
    @DisplayName("modifiers appendix § Specific Modifiers: fieldref|neq holds when the fields differ")
    void fieldrefNeq_differentFields_matches() {
        Rule r = rule("""
                selection:
                    TargetUserName|fieldref|neq: SubjectUserName
                condition: selection
                """);
        assertThat(r.matches(event("TargetUserName", "alice", "SubjectUserName", "bob"))).isTrue();
        assertThat(r.matches(event("TargetUserName", "alice", "SubjectUserName", "ALICE"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Generic Modifiers: fieldref|cased compares case-sensitively")
    void fieldrefCased_differentCase_doesNotMatch() {
        Rule r = rule("s:\n    A|fieldref|cased: B\ncondition: s\n");
        assertThat(r.matches(event("A", "Alice", "B", "Alice"))).isTrue();
        assertThat(r.matches(event("A", "Alice", "B", "alice"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Specific Modifiers: fieldref with a list is OR over the referenced fields")
    void fieldrefList_anyFieldEqual_matches() {
        Rule r = rule("""
                selection:
                    User|fieldref:
                        - SubjectUserName
                        - TargetUserName
                condition: selection
                """);
        assertThat(r.matches(event("User", "bob", "SubjectUserName", "x", "TargetUserName", "bob"))).isTrue();
        assertThat(r.matches(event("User", "bob", "SubjectUserName", "x", "TargetUserName", "y"))).isFalse();
    }

    /** Found by SigmaLoaderFuzzTest: an empty fieldref value used to escape the loader as an exception. */
    @Test
    @DisplayName("modifiers appendix § fieldref: an empty or null field name is an error at the value, in every mode")
    void fieldref_emptyName_rejectedAtTheValue() {
        for (LogsourceMode mode : LogsourceMode.values()) {
            for (String value : List.of("''", "null")) {
                SigmaLoader loader = SigmaLoader.builder().logsourceMode(mode).build();
                Problem p = rejected(loader, ruleText("""
                        selection:
                            TargetFilename|fieldref: %s
                        condition: selection
                        """.formatted(value)));
                assertThat(p.message()).as(mode + " " + value)
                        .containsAnyOf("'fieldref' needs the name of a field", "cannot apply to null");
                assertThat(p.where().file()).isEqualTo("test.yml");
                assertThat(p.where().line()).isEqualTo(7);
            }
        }
    }
}
