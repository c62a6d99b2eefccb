package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * modifiers appendix § String Modifiers, windash: every dash of the value may be any of {@code -},
 * {@code /}, en dash, em dash and horizontal bar.
 *
 * <p>Choice: the appendix says "all possible permutations" of the five characters, and Vigil
 * permutes every dash of the value. pySigma permutes only a {@code -} or {@code /} at the start of a
 * word ({@code \B[-/]\b}); Vigil's reading matches a superset of pySigma's.
 */
class WindashModifierTest {

    private static final List<String> DASHES = List.of("-", "/", "\u2013", "\u2014", "\u2015");

    @ParameterizedTest(name = "dash U+{0}")
    @ValueSource(strings = {"-", "/", "\u2013", "\u2014", "\u2015"})
    @DisplayName("modifiers appendix § String Modifiers: windash accepts each of the 5 dash characters")
    void windash_eachDashCharacter_matches(String dash) {
        Rule r = rule("""
                selection:
                    CommandLine|windash|contains: ' -enc '
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "powershell " + dash + "enc SQBFAFgA"))).isTrue();
    }

    @Test
    @DisplayName("modifiers appendix § String Modifiers: windash does not accept other characters or none")
    void windash_nonDash_doesNotMatch() {
        Rule r = rule("""
                selection:
                    CommandLine|windash|contains: ' -enc '
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "powershell _enc x"))).isFalse();
        assertThat(r.matches(event("CommandLine", "powershell \\enc x"))).isFalse();
        assertThat(r.matches(event("CommandLine", "powershell enc x"))).isFalse();
    }

    static Stream<Arguments> dashPairs() {
        List<Arguments> out = new ArrayList<>();
        for (String a : DASHES) {
            for (String b : DASHES) {
                out.add(Arguments.of(a, b));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "''{0}s {1}i''")
    @MethodSource("dashPairs")
    @DisplayName("modifiers appendix § String Modifiers: windash permutes several dashes of one value independently")
    void windash_twoDashesAnyCombination_matches(String first, String second) {
        Rule r = rule("""
                selection:
                    CommandLine|windash|contains: ' -s -i '
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "psexec " + first + "s " + second + "i cmd"))).isTrue();
        assertThat(r.matches(event("CommandLine", "psexec " + first + "s i cmd"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § String Modifiers: windash leaves a value without dashes unchanged")
    void windash_noDashInValue_plainMatch() {
        Rule r = rule("""
                selection:
                    CommandLine|windash|contains: 'bypass'
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "powershell -ep Bypass"))).isTrue();
        assertThat(r.matches(event("CommandLine", "powershell -ep RemoteSigned"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § String Modifiers: windash on a list and with startswith")
    void windashList_startswith_matchesEachValue() {
        Rule r = rule("""
                selection:
                    CommandLine|windash|startswith:
                        - '-nop'
                        - '-noprofile'
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "/nop -c x"))).isTrue();
        assertThat(r.matches(event("CommandLine", "\u2014NoProfile -c x"))).isTrue();
        assertThat(r.matches(event("CommandLine", "x -nop"))).isFalse();
    }
}
