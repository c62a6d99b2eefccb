package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** modifiers appendix § Regular Expression: re and its sub-modifiers i, m, s. */
class RegexModifierTest {

    private static Rule re(String modifiers, String regex) {
        return rule("selection:\n    Value|re" + modifiers + ": " + SigmaTestSupport.quote(regex)
                + "\ncondition: selection\n");
    }

    @Test
    @DisplayName("rules spec § General / modifiers appendix § Regular Expression: re is case-sensitive by default")
    void re_differentCase_doesNotMatch() {
        Rule r = re("", "Mimikatz");
        assertThat(r.matches(event("Value", "Invoke-Mimikatz"))).isTrue();
        assertThat(r.matches(event("Value", "invoke-mimikatz"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: re|i matches case-insensitively")
    void reI_differentCase_matches() {
        Rule r = re("|i", "Mimikatz");
        assertThat(r.matches(event("Value", "INVOKE-MIMIKATZ"))).isTrue();
        assertThat(r.matches(event("Value", "invoke-mimi"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: re searches anywhere unless anchored")
    void re_unanchored_findsInsideText() {
        assertThat(re("", "c.d").matches(event("Value", "abcxdef"))).isTrue();
        assertThat(re("", "^c.d").matches(event("Value", "abcxdef"))).isFalse();
        assertThat(re("", "^ab").matches(event("Value", "abcxdef"))).isTrue();
        assertThat(re("", "ef$").matches(event("Value", "abcxdef"))).isTrue();
        assertThat(re("", "de$").matches(event("Value", "abcxdef"))).isFalse();
        assertThat(re("", "^abcxdef$").matches(event("Value", "abcxdef"))).isTrue();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: the PCRE subset (classes, quantifiers, alternation, groups)")
    void re_supportedMetacharacters_work() {
        Rule r = re("", "^(cmd|powershell)\\.exe [a-z]{2,4} [^0-9]+$");
        assertThat(r.matches(event("Value", "cmd.exe abc xyz"))).isTrue();
        assertThat(r.matches(event("Value", "powershell.exe ab x"))).isTrue();
        assertThat(r.matches(event("Value", "cmd.exe a xyz"))).isFalse();
        assertThat(r.matches(event("Value", "cmd.exe abc x1"))).isFalse();
        assertThat(r.matches(event("Value", "cmdXexe abc xyz"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: without m, ^ and $ are the ends of the whole value")
    void re_noM_anchorsWholeText() {
        assertThat(re("", "^second$").matches(event("Value", "first\nsecond\nthird"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: re|m makes ^ and $ match at line ends")
    void reM_anchorsPerLine() {
        assertThat(re("|m", "^second$").matches(event("Value", "first\nsecond\nthird"))).isTrue();
        assertThat(re("|m", "^econd$").matches(event("Value", "first\nsecond\nthird"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: re|s lets . match a newline")
    void reS_dotMatchesNewline() {
        assertThat(re("", "begin.end").matches(event("Value", "begin\nend"))).isFalse();
        assertThat(re("|s", "begin.end").matches(event("Value", "begin\nend"))).isTrue();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: sub-modifiers combine (re|i|m|s)")
    void reIms_combined_allApply() {
        Rule r = re("|i|m|s", "^BEGIN.END$");
        assertThat(r.matches(event("Value", "x\nbegin\nend\ny"))).isTrue();
        assertThat(r.matches(event("Value", "x\nbegin\nen\ny"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: i without re is rejected")
    void subModifierWithoutRe_rejected() {
        Problem p = rejected("""
                selection:
                    Value|i: 'x'
                condition: selection
                """);
        assertThat(p.message()).contains("'i'").contains("re");
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: an invalid expression is rejected with a reason")
    void re_invalidExpression_rejectedWithReason() {
        Problem p = rejected("""
                selection:
                    Value|re: 'a(b'
                condition: selection
                """);
        assertThat(p.message()).contains("regular expression");
        assertThat(p.where().field()).isEqualTo("Value|re");
    }

    @Test
    @DisplayName("modifiers appendix § Regular Expression: re matches the decimal text of a number")
    void re_numberValue_matchesText() {
        Rule r = re("", "^46[0-9]{2}$");
        assertThat(r.matches(event("Value", 4688))).isTrue();
        assertThat(r.matches(event("Value", 4788))).isFalse();
    }

    /**
     * modifiers appendix § Regular Expression: the catastrophic-backtracking pattern (a+)+$ over a
     * crafted 50,000-character value. Matching is linear (RE2), so this completes; the timeout only
     * guards against a regression to a backtracking engine.
     */
    @Test
    @Timeout(20)
    @DisplayName("modifiers appendix § Regular Expression: (a+)+$ on a crafted 50k value completes (RE2)")
    void re_catastrophicPattern_completesWithCorrectResult() {
        Rule r = re("", "^(a+)+$");
        String crafted = "a".repeat(50_000) + "!";
        assertThat(r.matches(event("Value", crafted))).isFalse();
        assertThat(r.matches(event("Value", "a".repeat(50_000)))).isTrue();
        Rule unanchored = re("", "(a+)+$");
        assertThat(unanchored.matches(event("Value", crafted))).isFalse();
        assertThat(unanchored.matches(event("Value", crafted + "a"))).isTrue();
    }
}
