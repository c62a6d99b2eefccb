package dev.vigil.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    @Test
    void parse_offsetBeyondEighteenHours_isNotATime() {
        // found by EventTimeFastPathPropertiesTest: the shortcut took +18:30, which java.time rejects
        assertThat(EventTime.parse("2024-01-01T00:00:00+18:30")).isNull();
        assertThat(EventTime.parse("2024-01-01T00:00:00+18:00")).isEqualTo(Instant.parse("2023-12-31T06:00:00Z"));
    }

    @Test
    void parse_compactOffset_sameInstantWhicheverParserReadsIt() {
        Instant expected = Instant.parse("2023-12-31T18:30:00Z");
        assertThat(EventTime.parse("2024-01-01T00:00:00+0530")).isEqualTo(expected);
        assertThat(EventTime.parseGeneral("2024-01-01T00:00:00+0530")).isEqualTo(expected);
    }

    @Test
    void parse_isoWithZ_isThatInstant() {
        assertThat(EventTime.parse("2020-10-18T10:56:18.799Z")).isEqualTo(Instant.parse("2020-10-18T10:56:18.799Z"));
    }

    @Test
    void parse_isoWithOffset_isShiftedToUtc() {
        assertThat(EventTime.parse("2020-10-18T12:56:18.799+02:00")).isEqualTo(Instant.parse("2020-10-18T10:56:18.799Z"));
        assertThat(EventTime.parse("2020-10-18 12:56:18 +0200")).isEqualTo(Instant.parse("2020-10-18T10:56:18Z"));
    }

    @Test
    void parse_spaceSeparatedWithoutOffset_isUtc() {
        assertThat(EventTime.parse("2020-10-18 10:56:18.799")).isEqualTo(Instant.parse("2020-10-18T10:56:18.799Z"));
    }

    @Test
    void parse_microsecondsLikeEvtxDump_keepsThem() {
        assertThat(EventTime.parse("2020-10-18T10:56:18.799123Z")).isEqualTo(Instant.parse("2020-10-18T10:56:18.799123Z"));
    }

    @Test
    void parse_dateOnly_isMidnightUtc() {
        assertThat(EventTime.parse("2020-10-18")).isEqualTo(Instant.parse("2020-10-18T00:00:00Z"));
    }

    @Test
    void parse_epochSeconds_isThatSecond() {
        assertThat(EventTime.parse(1603017378)).isEqualTo(Instant.parse("2020-10-18T10:36:18Z"));
        assertThat(EventTime.parse(1603017378.5)).isEqualTo(Instant.parse("2020-10-18T10:36:18.500Z"));
    }

    @Test
    void parse_epochMillis_isThatMillisecond() {
        assertThat(EventTime.parse(1603017378799L)).isEqualTo(Instant.parse("2020-10-18T10:36:18.799Z"));
        assertThat(EventTime.parse(new BigDecimal("1603017378799"))).isEqualTo(Instant.parse("2020-10-18T10:36:18.799Z"));
    }

    @Test
    void parse_garbage_isNull() {
        assertThat(EventTime.parse("not a time at all")).isNull();
        assertThat(EventTime.parse("2020-13-45T99:00:00Z")).isNull();
        assertThat(EventTime.parse("yesterday")).isNull();
        assertThat(EventTime.parse("")).isNull();
        assertThat(EventTime.parse(true)).isNull();
        assertThat(EventTime.parse(null)).isNull();
        assertThat(EventTime.parse(Map.of("a", 1))).isNull();
    }

    @Test
    void parse_nonFiniteNumber_isNull() {
        assertThat(EventTime.parse(Double.NaN)).isNull();
        assertThat(EventTime.parse(Double.POSITIVE_INFINITY)).isNull();
    }

    @Test
    void parse_timesBeyondYear9999OrBeforeYear0_areNoTime_withoutOverflowOrHang() {
        for (Object forged : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                Long.MAX_VALUE, Long.MIN_VALUE, new java.math.BigInteger("9".repeat(100)),
                new java.math.BigDecimal("1E+999999999"), new java.math.BigDecimal("-1E+999999999"), 1e300, -1e300)) {
            assertThat(EventTime.parse(forged)).as(String.valueOf(forged).substring(0, Math.min(40,
                    String.valueOf(forged).length()))).isNull();
        }
        assertThat(EventTime.parse("9999-12-31T23:59:59Z")).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(EventTime.parse("0000-01-01T00:00:00Z")).isEqualTo(EventTime.EARLIEST);
        assertThat(EventTime.parse(EventTime.LATEST.toEpochMilli())).isNotNull();
    }

    @Test
    void of_defaults_takeFirstReadableField() {
        Map<String, Object> event = Map.of(
                "@timestamp", "garbage",
                "Event", Map.of("System", Map.of("TimeCreated", Map.of("#attributes",
                        Map.of("SystemTime", "2020-10-18T10:56:18.799Z")))),
                "UtcTime", "2001-01-01 00:00:00.000");

        assertThat(EventTime.defaults().of(event)).isEqualTo(Instant.parse("2020-10-18T10:56:18.799Z"));
    }

    @Test
    void of_noTimeField_isNull() {
        assertThat(EventTime.defaults().of(Map.of("x", 1))).isNull();
        assertThat(EventTime.none().of(Map.of("@timestamp", "2020-10-18T10:56:18.799Z"))).isNull();
    }

    @Test
    void of_customFields_areUsedInOrder() {
        EventTime time = EventTime.fromFields(List.of("b", "a"));

        assertThat(time.of(Map.of("a", 1603017378, "b", 1603017379))).isEqualTo(Instant.parse("2020-10-18T10:36:19Z"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "2020-10-18T10:56:18.799Z,          2020-10-18T10:56:18.799Z",
            "2020-10-18 10:56:18.799,           2020-10-18T10:56:18.799Z",
            "2020-10-18 10:56:18,               2020-10-18T10:56:18Z",
            "2026-07-17T14:18:34.072213Z,       2026-07-17T14:18:34.072213Z",
            "2026-07-17T14:18:34.123456789Z,    2026-07-17T14:18:34.123456789Z",
            "2020-10-18T10:56:18+02:00,         2020-10-18T08:56:18Z",
            "2020-10-18T10:56:18.5-0130,        2020-10-18T12:26:18.500Z",
            "2024-02-29T00:00:00Z,              2024-02-29T00:00:00Z",
    })
    void parse_commonShapes_giveTheSameInstantAsTheGeneralParsers(String text, String expected) {
        assertThat(EventTime.parseCommon(text)).isEqualTo(java.time.Instant.parse(expected));
        assertThat(EventTime.parse(text)).isEqualTo(java.time.Instant.parse(expected));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "2023-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-10-18T25:00:00Z", "2020-10-18T10:56:18.Z",
            "2020-10-18T10:56:18.1234567890Z", "2020-10-18T10:56:18 UTC", "2020/10/18 10:56:18", "2020-10-18"})
    void parseCommon_otherShapes_leaveThemToTheGeneralParsers(String text) {
        assertThat(EventTime.parseCommon(text)).isNull();
    }
}
