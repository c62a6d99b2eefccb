package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** modifiers appendix § Numeric Modifiers (lt, lte, gt, gte) and § Time Modifiers. */
class NumericTimeModifierTest {

    private static Rule compare(String modifiers, String value) {
        return rule("selection:\n    Size|" + modifiers + ": " + value + "\ncondition: selection\n");
    }

    static Stream<Arguments> comparisons() {
        // event value, expected for lt / lte / gt / gte 10
        return Stream.of(
                Arguments.of(9, new boolean[] {true, true, false, false}),
                Arguments.of(10, new boolean[] {false, true, false, true}),
                Arguments.of(11, new boolean[] {false, false, true, true}),
                Arguments.of(10L, new boolean[] {false, true, false, true}),
                Arguments.of(9.5, new boolean[] {true, true, false, false}),
                Arguments.of(new BigDecimal("10.0"), new boolean[] {false, true, false, true}),
                Arguments.of(-3, new boolean[] {true, true, false, false}),
                Arguments.of("9", new boolean[] {true, true, false, false}),
                Arguments.of("10", new boolean[] {false, true, false, true}),
                Arguments.of(" 11 ", new boolean[] {false, false, true, true}),
                Arguments.of("10.5", new boolean[] {false, false, true, true}),
                Arguments.of("abc", new boolean[] {false, false, false, false}),
                Arguments.of("", new boolean[] {false, false, false, false}),
                Arguments.of("9 apples", new boolean[] {false, false, false, false}),
                Arguments.of(true, new boolean[] {false, false, false, false}));
    }

    @ParameterizedTest(name = "event value ''{0}''")
    @MethodSource("comparisons")
    @DisplayName("modifiers appendix § Numeric Modifiers: lt/lte/gt/gte 10 on numbers and numeric strings")
    void comparison_eventValue_comparesAsNumber(Object value, boolean[] expected) {
        String[] ops = {"lt", "lte", "gt", "gte"};
        for (int i = 0; i < ops.length; i++) {
            assertThat(compare(ops[i], "10").matches(event("Size", value)))
                    .as(ops[i] + " 10 on " + value).isEqualTo(expected[i]);
        }
    }

    @Test
    @DisplayName("modifiers appendix § Numeric Modifiers: an absent field never compares")
    void comparison_absentField_doesNotMatch() {
        assertThat(compare("lt", "10").matches(event("Other", 1))).isFalse();
        assertThat(compare("gte", "0").matches(event("Size", null))).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"'10'", "10.0", "'1e1'"})
    @DisplayName("modifiers appendix § Numeric Modifiers: a rule value may be a number or a numeric string")
    void comparison_numericRuleValue_accepted(String ruleValue) {
        Rule r = compare("gte", ruleValue);
        assertThat(r.matches(event("Size", 10))).isTrue();
        assertThat(r.matches(event("Size", 9))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Numeric Modifiers: decimals and negative values")
    void comparison_decimalAndNegative_compareExactly() {
        assertThat(compare("gt", "-1.5").matches(event("Size", -1))).isTrue();
        assertThat(compare("gt", "-1.5").matches(event("Size", -2))).isFalse();
        assertThat(compare("lt", "0.1").matches(event("Size", 0.05))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lt", "lte", "gt", "gte"})
    @DisplayName("modifiers appendix § Numeric Modifiers: a non-numeric rule value is rejected with a reason")
    void comparison_nonNumericRuleValue_rejected(String op) {
        Problem p = rejected("selection:\n    Size|" + op + ": 'ten'\ncondition: selection\n");
        assertThat(p.message()).contains(op).contains("number").contains("ten");
        assertThat(p.where().field()).isEqualTo("Size|" + op);
    }

    @Test
    @DisplayName("modifiers appendix § Numeric Modifiers: a list of comparisons is OR")
    void comparisonList_anyHolds_matches() {
        Rule r = rule("""
                selection:
                    Size|lt:
                        - 5
                        - 100
                condition: selection
                """);
        assertThat(r.matches(event("Size", 50))).isTrue();
        assertThat(r.matches(event("Size", 500))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Numeric Modifiers: a range is two selections (gte and lt)")
    void range_inside_matches() {
        Rule r = rule("""
                low:
                    Port|gte: 1024
                high:
                    Port|lt: 49152
                condition: low and high
                """);
        assertThat(r.matches(event("Port", 8080))).isTrue();
        assertThat(r.matches(event("Port", 443))).isFalse();
        assertThat(r.matches(event("Port", 50000))).isFalse();
    }

    // ---- time modifiers ----

    private static final String TIME = "2024-03-15T10:42:07Z";

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        "minute, 42, true", "minute, 7, false",
        "hour, 10, true", "hour, 11, false",
        "day, 15, true", "day, 3, false",
        "week, 11, true", "week, 12, false",
        "month, 3, true", "month, 15, false",
        "year, 2024, true", "year, 2023, false"
    })
    @DisplayName("modifiers appendix § Time Modifiers: minute/hour/day/week/month/year of 2024-03-15T10:42:07Z")
    void timePart_equal_matchesThatPart(String unit, int value, boolean expected) {
        Rule r = rule("selection:\n    UtcTime|" + unit + ": " + value + "\ncondition: selection\n");
        assertThat(r.matches(event("UtcTime", TIME))).isEqualTo(expected);
    }

    @Test
    @DisplayName("modifiers appendix § Time Modifiers: with lt/gte (outside business hours)")
    void timePartComparison_hourOutsideRange_matches() {
        Rule r = rule("""
                early:
                    UtcTime|hour|lt: 7
                late:
                    UtcTime|hour|gte: 19
                condition: early or late
                """);
        assertThat(r.matches(event("UtcTime", "2024-03-15T03:00:00Z"))).isTrue();
        assertThat(r.matches(event("UtcTime", "2024-03-15T22:15:00Z"))).isTrue();
        assertThat(r.matches(event("UtcTime", TIME))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Time Modifiers: month|gt and year|lte")
    void timePartComparison_monthAndYear_compare() {
        assertThat(rule("s:\n    T|month|gt: 2\ncondition: s\n").matches(event("T", TIME))).isTrue();
        assertThat(rule("s:\n    T|month|gt: 3\ncondition: s\n").matches(event("T", TIME))).isFalse();
        assertThat(rule("s:\n    T|year|lte: 2024\ncondition: s\n").matches(event("T", TIME))).isTrue();
        assertThat(rule("s:\n    T|year|lte: 2023\ncondition: s\n").matches(event("T", TIME))).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"2024-03-15 10:42:07", "2024-03-15T10:42:07.123456", "2024-03-15T10:42:07+02:00"})
    @DisplayName("modifiers appendix § Time Modifiers: common date spellings; the hour is read as written")
    void timePart_dateFormats_readAsWritten(String value) {
        // "not designed to handle timezone or format conversions": +02:00 keeps hour 10
        Rule r = rule("s:\n    T|hour: 10\ncondition: s\n");
        assertThat(r.matches(event("T", value))).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"yesterday", "10", "", "15/03/2024 10:42"})
    @DisplayName("modifiers appendix § Time Modifiers: values that are not dates never match")
    void timePart_notADate_doesNotMatch(String value) {
        Rule r = rule("s:\n    T|hour|gte: 0\ncondition: s\n");
        assertThat(r.matches(event("T", value))).isFalse();
    }

    @Test
    @DisplayName("modifiers appendix § Time Modifiers: a non-numeric rule value is rejected")
    void timePart_nonNumericRuleValue_rejected() {
        Problem p = rejected("s:\n    T|hour: 'noon'\ncondition: s\n");
        assertThat(p.message()).contains("hour").contains("number");
    }
}
