package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Where the specification restricts modifiers, loading is as strict as it: numeric modifiers apply to
 * numbers and string modifiers to strings (modifiers appendix, "String Modifiers", "Numeric Modifiers"),
 * fieldref names a field (modifiers appendix, "Specific Modifiers"), and a CIDR network has no host bits
 * (the spec is silent; as pySigma, see docs/SEMANTICS.md). Each is an error naming the field and line.
 */
class ModifierStrictnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"lt|contains", "contains|lt", "gte|startswith", "endswith|gt", "lte|windash",
            "gt|base64", "base64offset|gte", "lt|utf16le", "wide|gt", "gte|cidr", "hour|contains", "lt|expand",
            "lt|fieldref"})
    void comparisonsWithStringModifiers_areRejected_inEitherOrder(String mods) {
        assertThat(rejected("""
                selection:
                    Count|%s: 5
                condition: selection
                """.formatted(mods)).toString()).contains("(Count|" + mods + ")").containsPattern("test.yml:7:\\d+ ");
    }

    @Test
    void twoComparisonsOnOneValue_areRejected_butARangeOfTwoEntriesLoads() {
        assertThat(rejected("""
                selection:
                    Count|gt|lt: 5
                condition: selection
                """).message()).contains("one comparison per value");
        var r = rule("""
                low:
                    Count|gt: 5
                high:
                    Count|lt: 10
                condition: low and high
                """);
        assertThat(r.matches(event("Count", 7))).isTrue();
        assertThat(r.matches(event("Count", 12))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"'Target*'", "'Tar?et'", "'Target|contains'", "' Target'", "42"})
    void fieldref_needsThePlainNameOfAField(String value) {
        assertThat(rejected("""
                selection:
                    User|fieldref: %s
                condition: selection
                """.formatted(value)).message()).contains("'fieldref' needs");
    }

    @Test
    void cidr_withHostBits_isRejected_theNetworkAddressLoads() {
        assertThat(rejected("""
                selection:
                    SourceIp|cidr: '192.168.1.1/24'
                condition: selection
                """).message()).contains("bits set past its prefix length").contains("192.168.1.0/24");
        assertThat(rejected("""
                selection:
                    SourceIp|cidr: 'fe80::1/10'
                condition: selection
                """).message()).contains("bits set past its prefix length");
        var r = rule("""
                selection:
                    SourceIp|cidr: ['192.168.1.0/24', '10.1.2.3', 'fe80::/10']
                condition: selection
                """);
        assertThat(r.matches(event("SourceIp", "192.168.1.77"))).isTrue();
        assertThat(r.matches(event("SourceIp", "10.1.2.3"))).isTrue();
        assertThat(r.matches(event("SourceIp", "192.168.2.1"))).isFalse();
    }
}
