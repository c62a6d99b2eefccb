package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.field;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** rules spec § General: values are case-insensitive strings; numbers compare by their text. */
class ValueMatchingTest {

    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource({
        "cmd.exe, CMD.EXE, true",
        "CMD.EXE, cmd.exe, true",
        "CmD.ExE, cMd.eXe, true",
        "cmd.exe, cmd.ex, false",
        "cmd.exe, 'cmd.exe ', false"
    })
    @DisplayName("rules spec § General: matching is case-insensitive by default")
    void plainValue_differentCase_matches(String sigma, String value, boolean expected) {
        assertThat(field("Image", sigma).matches(event("Image", value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource({
        "ÄÖÜ, äöü, true",
        "äöü, ÄÖÜ, true",
        "straße, STRASSE, false",
        "ПРИВЕТ, привет, true",
        "привет, ПрИвЕт, true",
        "привет, пока, false",
        "ΣΟΦΙΑ, σοφια, true",
        "ǅ, ǆ, true"
    })
    @DisplayName("rules spec § General: case-insensitivity is Unicode-aware (umlauts, Cyrillic, Greek)")
    void unicodeValue_otherCase_matches(String sigma, String value, boolean expected) {
        assertThat(field("User", sigma).matches(event("User", value))).isEqualTo(expected);
    }

    /**
     * rules spec § General, a known edge: case folding is the locale-independent Unicode lower case
     * (Locale.ROOT), not Turkish rules. Dotted capital İ lower-cases to "i̇" (i + U+0307), so it
     * does not equal "i"; dotless ı and I stay different letters. ß does not fold to "ss" either.
     */
    @Test
    @DisplayName("rules spec § General: Turkish dotted/dotless i are not folded to i (documented edge)")
    void turkishI_localeIndependentFolding_documented() {
        assertThat(field("City", "İSTANBUL").matches(event("City", "istanbul"))).isFalse();
        assertThat(field("City", "İSTANBUL").matches(event("City", "İstanbul"))).isTrue();
        assertThat(field("City", "ıspARTA").matches(event("City", "ISPARTA"))).isFalse();
        assertThat(field("City", "ıspARTA").matches(event("City", "ısparta"))).isTrue();
        assertThat(field("City", "Isparta").matches(event("City", "ISPARTA"))).isTrue();
    }

    @Test
    @DisplayName("rules spec § General: case-insensitive contains over Unicode text")
    void unicodeContains_otherCase_matches() {
        Rule r = rule("""
                selection:
                    Message|contains: 'ÜBERWACHUNG'
                condition: selection
                """);
        assertThat(r.matches(event("Message", "Die Überwachung ist aktiv"))).isTrue();
        assertThat(r.matches(event("Message", "Die Uberwachung ist aktiv"))).isFalse();
    }

    static Stream<Arguments> eventIds() {
        return Stream.of(
                Arguments.of(4688, true),
                Arguments.of(4688L, true),
                Arguments.of(new BigDecimal("4688"), true),
                Arguments.of(4688.0, true),
                Arguments.of("4688", true),
                Arguments.of(4689, false),
                Arguments.of(46880, false),
                Arguments.of("04688", false),
                Arguments.of("4688 ", false),
                Arguments.of(List.of(1, 4688), true));
    }

    @ParameterizedTest(name = "event EventID {0} -> {1}")
    @MethodSource("eventIds")
    @DisplayName("rules spec § Maps: rule 'EventID: 4688' matches the number 4688 and the text \"4688\"")
    void numericRuleValue_numberOrText_matches(Object value, boolean expected) {
        Rule r = rule("s:\n    EventID: 4688\ncondition: s\n");
        assertThat(r.matches(event("EventID", value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "event EventID {0} -> {1}")
    @MethodSource("eventIds")
    @DisplayName("rules spec § Maps: quoted rule value '4688' matches the same events as 4688")
    void quotedNumericRuleValue_numberOrText_matches(Object value, boolean expected) {
        Rule r = rule("s:\n    EventID: '4688'\ncondition: s\n");
        assertThat(r.matches(event("EventID", value))).isEqualTo(expected);
    }

    @Test
    @DisplayName("rules spec § Maps: decimal and boolean rule values compare by their text")
    void decimalAndBooleanRuleValues_matchByText() {
        Rule decimal = rule("s:\n    Version: 1.5\ncondition: s\n");
        assertThat(decimal.matches(event("Version", 1.5))).isTrue();
        assertThat(decimal.matches(event("Version", "1.5"))).isTrue();
        assertThat(decimal.matches(event("Version", 1.05))).isFalse();
        Rule bool = rule("s:\n    Enabled: true\ncondition: s\n");
        assertThat(bool.matches(event("Enabled", true))).isTrue();
        assertThat(bool.matches(event("Enabled", "True"))).isTrue();
        assertThat(bool.matches(event("Enabled", false))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Maps: a hexadecimal value written in quotes is text ('0x17')")
    void quotedHexValue_matchesSameText() {
        Rule r = rule("s:\n    TicketEncryption: '0x17'\ncondition: s\n");
        assertThat(r.matches(event("TicketEncryption", "0x17"))).isTrue();
        assertThat(r.matches(event("TicketEncryption", "0X17"))).isTrue();
        assertThat(r.matches(event("TicketEncryption", 23))).isFalse();
    }

    /**
     * rules spec § Yaml File ("numeric values don't use any quotes") and § Maps, which quotes
     * '0x40810000'. Choice (as pySigma, whose YAML 1.1 reader does the same): an unquoted 0x17 is
     * the YAML integer 23 and matches by that decimal text, so hexadecimal values must be quoted.
     */
    @Test
    @DisplayName("rules spec § Yaml File: an unquoted 0x17 is the YAML 1.1 integer 23 (documented edge)")
    void unquotedHexValue_isYamlInteger_documented() {
        Rule r = rule("s:\n    TicketEncryption: 0x17\ncondition: s\n");
        assertThat(r.matches(event("TicketEncryption", 23))).isTrue();
        assertThat(r.matches(event("TicketEncryption", "0x17"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § General: a wildcard matches inside a number's text")
    void wildcard_numberEventValue_matchesText() {
        assertThat(field("EventID", "46*").matches(event("EventID", 4688))).isTrue();
        assertThat(field("EventID", "47*").matches(event("EventID", 4688))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Maps: a list-valued event field matches when any element matches")
    void listField_anyElementMatches_matches() {
        Rule r = field("Hashes", "*SHA256=ABC*");
        assertThat(r.matches(event("Hashes", List.of("MD5=1", "SHA256=abc,IMPHASH=2")))).isTrue();
        assertThat(r.matches(event("Hashes", List.of("MD5=1")))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Maps: a dotted field name reaches nested objects")
    void dottedFieldName_nestedObject_matches() {
        Rule r = rule("s:\n    process.name: 'cmd.exe'\ncondition: s\n");
        assertThat(r.matches(event("process", SigmaTestSupport.map("name", "CMD.exe")))).isTrue();
        assertThat(r.matches(event("process.name", "cmd.exe"))).isTrue();
        assertThat(r.matches(event("process", SigmaTestSupport.map("name", "x.exe")))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Detection: a loaded rule fires through the Engine")
    void engine_loadedRule_detects() {
        Rule r = field("Image", "*\\whoami.exe");
        Engine engine = Engine.builder().addRule(r).build();
        assertThat(engine.match(event("Image", "C:\\Windows\\System32\\whoami.exe"))).hasSize(1);
        assertThat(engine.match(event("Image", "C:\\Windows\\System32\\cmd.exe"))).isEmpty();
    }
}
