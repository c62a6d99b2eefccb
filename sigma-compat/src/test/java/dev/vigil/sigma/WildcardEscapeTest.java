package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.field;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Rule;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wildcards and the escape character. Each case is a Sigma value (as written in the rule, in a
 * single-quoted YAML string), an event value, and whether they match. Java literals double every
 * backslash: {@code "C:\\\\*"} is the Sigma text {@code C:\\*}.
 */
class WildcardEscapeTest {

    static Stream<Arguments> wildcards() {
        return Stream.of(
                Arguments.of("prog?.exe", "progA.exe", true),
                Arguments.of("prog?.exe", "progB.exe", true),
                Arguments.of("prog?.exe", "prog.exe", false),
                Arguments.of("prog?.exe", "progAB.exe", false),
                Arguments.of("antivirus_V*.exe", "antivirus_V1.exe", true),
                Arguments.of("antivirus_V*.exe", "antivirus_V21.2.1.exe", true),
                Arguments.of("antivirus_V*.exe", "antivirus_V.exe", true),
                Arguments.of("antivirus_V*.exe", "antivirus_V1.dll", false),
                Arguments.of("*", "anything", true),
                Arguments.of("*", "", true),
                Arguments.of("*\\cmd.exe", "C:\\Windows\\System32\\cmd.exe", true),
                Arguments.of("*\\cmd.exe", "C:\\Windows\\System32\\notcmd.exe", false),
                // a single backslash before * escapes it: C:\* is the plain text "C:*"
                Arguments.of("C:\\*", "C:\\Users\\x", false),
                Arguments.of("C:\\*", "C:*", true),
                Arguments.of("*mimi*katz*", "x-MIMI-KATZ-y", true),
                Arguments.of("*mimi*katz*", "katz mimi", false),
                Arguments.of("a?c*", "abcdef", true),
                Arguments.of("a?c*", "acdef", false),
                Arguments.of("*a*a*a*a*a*b", "a".repeat(5000), false));
    }

    @ParameterizedTest(name = "Sigma ''{0}'' vs ''{1}'' -> {2}")
    @MethodSource("wildcards")
    @DisplayName("rules spec § String Wildcard: ? is one character, * any run")
    void wildcard_value_matchesAsSpecified(String sigma, String value, boolean expected) {
        assertThat(field("Image", sigma).matches(event("Image", value))).isEqualTo(expected);
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                // a wildcard has to be escaped to be handled as a plain character: \* and \?
                Arguments.of("a\\*b", "a*b", true),
                Arguments.of("a\\*b", "axb", false),
                Arguments.of("a\\*b", "a\\xb", false),
                Arguments.of("what\\?", "what?", true),
                Arguments.of("what\\?", "whatX", false),
                // backslash + wildcard: \\* is a backslash followed by the wildcard *
                Arguments.of("C:\\\\*", "C:\\Windows", true),
                Arguments.of("C:\\\\*", "C:\\", true),
                Arguments.of("C:\\\\*", "C:x", false),
                Arguments.of("C:\\\\*", "C:\\\\Windows", true),
                // \\\* is a plain backslash and a plain asterisk
                Arguments.of("C:\\\\\\*", "C:\\*", true),
                Arguments.of("C:\\\\\\*", "C:\\Windows", false),
                Arguments.of("C:\\\\\\*", "C:\\\\*", false),
                // \\\\ (four) is the plain value \\ (two)
                Arguments.of("a\\\\\\\\b", "a\\\\b", true),
                Arguments.of("a\\\\\\\\b", "a\\b", false),
                // three backslashes are handled as a double backslash too
                Arguments.of("a\\\\\\b", "a\\\\b", true),
                Arguments.of("a\\\\\\b", "a\\b", false),
                // a plain backslash not before a wildcard: single \ ...
                Arguments.of("C:\\Windows\\System32\\whoami.exe", "C:\\Windows\\System32\\whoami.exe", true),
                Arguments.of("C:\\Windows\\System32\\whoami.exe", "C:\\\\Windows\\\\System32\\\\whoami.exe", false),
                // ... or double \\, which means the same single backslash
                Arguments.of("C:\\\\Windows\\\\System32\\\\whoami.exe", "C:\\Windows\\System32\\whoami.exe", true),
                Arguments.of("C:\\\\Windows\\\\System32\\\\whoami.exe", "C:\\\\Windows\\\\System32\\\\whoami.exe", false),
                // backslash before characters with no special meaning stays a backslash
                Arguments.of("\\n\\t\\x41", "\\n\\t\\x41", true),
                Arguments.of("\\n\\t\\x41", "n\tA", false),
                // a trailing backslash is a plain backslash, single or doubled
                Arguments.of("C:\\Windows\\", "C:\\Windows\\", true),
                Arguments.of("C:\\Windows\\", "C:\\Windows", false),
                Arguments.of("C:\\Windows\\\\", "C:\\Windows\\", true),
                Arguments.of("C:\\Windows\\\\", "C:\\Windows\\\\", false),
                Arguments.of("\\", "\\", true));
    }

    @ParameterizedTest(name = "Sigma ''{0}'' vs ''{1}'' -> {2}")
    @MethodSource("escapes")
    @DisplayName("rules spec § Escape Character: \\ escapes *, ? and itself; before anything else it is plain")
    void escape_value_matchesAsSpecified(String sigma, String value, boolean expected) {
        assertThat(field("Image", sigma).matches(event("Image", value))).isEqualTo(expected);
    }

    @Test
    @DisplayName("rules spec § Escape Character: escapes hold under contains/startswith/endswith")
    void escapedWildcard_withContains_isLiteral() {
        Rule r = rule("""
                selection:
                    CommandLine|contains: '\\\\\\*\\?'
                condition: selection
                """);
        assertThat(r.matches(event("CommandLine", "dir C:\\x\\*? /s"))).isTrue();
        assertThat(r.matches(event("CommandLine", "dir C:\\x\\ab? /s"))).isFalse();
        assertThat(r.matches(event("CommandLine", "dir C:\\x\\*x /s"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Escape Character: an escaped wildcard is literal in keywords too")
    void escapedWildcard_inKeyword_isLiteral() {
        Rule r = rule("""
                keywords:
                    - 'rm -rf \\*'
                condition: keywords
                """);
        assertThat(r.matches(event("cmd", "sudo rm -rf * now"))).isTrue();
        assertThat(r.matches(event("cmd", "sudo rm -rf /tmp now"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Yaml File: in a double-quoted YAML string YAML unescapes first")
    void doubleQuotedYaml_backslashesUnescapedByYaml_thenSigma() {
        // YAML turns "C:\\Windows\\*" into C:\Windows\* for Sigma, which reads \* as a literal *
        Rule r = rule("""
                selection:
                    Image: "C:\\\\Windows\\\\*"
                condition: selection
                """);
        assertThat(r.matches(event("Image", "C:\\Windows*"))).isTrue();
        assertThat(r.matches(event("Image", "C:\\Windows\\cmd.exe"))).isFalse();
    }
}
