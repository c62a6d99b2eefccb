package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** modifiers appendix § IP (Internet Protocol) Modifiers: cidr, IPv4 and IPv6. */
class CidrModifierTest {

    private static Rule cidr(String network) {
        return rule("selection:\n    DestinationIp|cidr: '" + network + "'\ncondition: selection\n");
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.1.2.3, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "192.168.1.0/24, 192.168.1.77, true",
        "192.168.1.0/24, 192.168.2.77, false",
        "172.16.0.0/12, 172.31.0.1, true",
        "172.16.0.0/12, 172.32.0.1, false",
        "192.0.2.7/32, 192.0.2.7, true",
        "192.0.2.7/32, 192.0.2.8, false",
        "0.0.0.0/0, 8.8.8.8, true",
        "10.0.0.0/8, ' 10.1.2.3 ', true",
        "10.0.0.0/8, 10.0.0, false",
        "10.0.0.0/8, 10.0.0.256, false",
        "10.0.0.0/8, host10.example, false",
        "10.0.0.0/8, '', false"
    })
    @DisplayName("modifiers appendix § IP Modifiers: IPv4 networks")
    void cidrV4_address_matchesWhenInside(String network, String address, boolean expected) {
        assertThat(cidr(network).matches(event("DestinationIp", address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "fe80::/10, fe80::1, true",
        "fe80::/10, FE80::ABCD:1, true",
        "fe80::/10, febf:ffff::1, true",
        "fe80::/10, fec0::1, false",
        "2001:db8::/32, 2001:db8:1::5, true",
        "2001:db8::/32, 2001:0db8:0000:0000:0000:0000:0000:0001, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1/128, ::1, true",
        "::1/128, ::2, false",
        "2001:db8::/32, 10.1.2.3, false",
        "2001:db8::/32, 'fe80::1%eth0', false",
        "fe80::/10, 'fe80::1%eth0', true"
    })
    @DisplayName("modifiers appendix § IP Modifiers: IPv6 networks")
    void cidrV6_address_matchesWhenInside(String network, String address, boolean expected) {
        assertThat(cidr(network).matches(event("DestinationIp", address))).isEqualTo(expected);
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address for an IPv4 network. */
    @Test
    @DisplayName("modifiers appendix § IP Modifiers: IPv4-mapped IPv6 addresses match IPv4 networks")
    void cidrV4_mappedV6Address_matches() {
        Rule r = cidr("10.0.0.0/8");
        assertThat(r.matches(event("DestinationIp", "::ffff:10.1.2.3"))).isTrue();
        assertThat(r.matches(event("DestinationIp", "::FFFF:0a01:0203"))).isTrue();
        assertThat(r.matches(event("DestinationIp", "::ffff:11.1.2.3"))).isFalse();
        assertThat(r.matches(event("DestinationIp", "::10.1.2.3"))).as("not mapped").isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § IP Modifiers: a list of networks is OR; neq negates it")
    void cidrList_privateRanges_orAndNeq() {
        Rule inside = rule("""
                selection:
                    DestinationIp|cidr:
                        - '10.0.0.0/8'
                        - '172.16.0.0/12'
                        - '192.168.0.0/16'
                condition: selection
                """);
        assertThat(inside.matches(event("DestinationIp", "172.20.1.1"))).isTrue();
        assertThat(inside.matches(event("DestinationIp", "8.8.8.8"))).isFalse();
        Rule outside = rule("""
                selection:
                    DestinationIp|cidr|neq:
                        - '10.0.0.0/8'
                        - '192.168.0.0/16'
                condition: selection
                """);
        assertThat(outside.matches(event("DestinationIp", "8.8.8.8"))).isTrue();
        assertThat(outside.matches(event("DestinationIp", "192.168.3.3"))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § IP Modifiers: a number in the event is not an address")
    void cidr_numericEventValue_doesNotMatch() {
        assertThat(cidr("0.0.0.0/0").matches(event("DestinationIp", 167837953))).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "not-an-ip", "fe80::/129", "10.0.0.0/x"})
    @DisplayName("modifiers appendix § IP Modifiers: a malformed network is rejected with a reason")
    void cidr_malformedNetwork_rejected(String network) {
        Problem p = rejected("selection:\n    DestinationIp|cidr: '" + network + "'\ncondition: selection\n");
        assertThat(p.message()).contains(network);
        assertThat(p.where().field()).isEqualTo("DestinationIp|cidr");
    }
}
