package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static dev.vigil.sigma.SigmaTestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vigil.core.Problem;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.correlation.Detector;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers a rule compares with (Sigma modifiers appendix, "lt, lte, gt, gte"; correlation rules
 * specification, "Condition" and "Time Span") are held to {@link RuleLimits#maxNumberDigits()} and
 * {@link RuleLimits#maxTimespan()}: a huge exponent or a hundred thousand digits is a problem naming the
 * limit, promptly, never a hang or an unexpected exception.
 */
class NumberLimitsTest {

    private static final String HUGE_INT = "9".repeat(100_000);
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private static String comparison(String value) {
        return "title: cmp\nlogsource: {product: windows}\ndetection:\n  sel: {EventID|gt: " + value
                + "}\n  condition: sel\n";
    }

    private static Problem rejected(SigmaLoader loader, String yaml) {
        LoadResult r = loader.loadString(yaml, "n.yml");
        assertThat(r.rules()).isEmpty();
        assertThat(r.correlations()).isEmpty();
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "1e-999999999", "'1e999999999'", "-1E+999999999", "0.1e-2147483647"})
    void aComparisonWithAHugeExponent_isRejected(String value) {
        Problem p = assertTimeoutPreemptively(PROMPTLY, () -> rejected(IGNORE, comparison(value)));
        assertThat(p.message()).contains("RuleLimits.maxNumberDigits");
        assertThat(p.where().line()).isEqualTo(4);
        assertThat(p.where().field()).isEqualTo("EventID|gt");
    }

    @Test
    void aComparisonWithAHundredThousandDigits_isRejected() {
        Problem p = assertTimeoutPreemptively(PROMPTLY, () -> rejected(IGNORE, comparison(HUGE_INT)));
        assertThat(p.message()).contains("RuleLimits.maxNumberDigits").hasSizeLessThan(200);
    }

    @Test
    void aNumberWithinTheLimit_compares() {
        Engine engine = Engine.builder().addRules(IGNORE.loadString(comparison("1e20"), "n.yml").rules()).build();
        assertThat(engine.match(event("EventID", "2e20"))).hasSize(1);
        assertThat(engine.match(event("EventID", 5))).isEmpty();
    }

    @Test
    void aHugeNumberAsAPlainValue_isMatchedAsItsText_andCostsNothing() {
        LoadResult r = assertTimeoutPreemptively(PROMPTLY, () -> IGNORE.loadString(
                "title: t\nlogsource: {product: windows}\ndetection:\n  sel: {a: 1e999999999, b: " + HUGE_INT
                        + "}\n  condition: sel\ndescription: 1e999999999\n", "n.yml"));
        assertThat(r.errors()).isEmpty();
        Engine engine = Engine.builder().addRules(r.rules()).build();
        assertThat(engine.match(event("a", "1e999999999", "b", HUGE_INT))).hasSize(1);
    }

    @Test
    void aTimePartComparedWithAHugeNumber_isRejected() {
        String yaml = "title: t\nlogsource: {product: windows}\ndetection:\n  sel: {t|hour|gte: 1e999999999}\n"
                + "  condition: sel\n";
        assertThat(rejected(IGNORE, yaml).message()).contains("RuleLimits.maxNumberDigits");
    }

    private static String correlation(String condition, String timespan) {
        return """
                title: base
                name: base
                logsource: {product: windows}
                detection: {sel: {a: b}, condition: sel}
                ---
                title: corr
                correlation:
                  type: value_sum
                  rules: base
                  timespan: %s
                  condition: %s
                """.formatted(timespan, condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{gte: 1e999999999, field: x}", "{lt: 1e-999999999, field: x}", "{lt: '1e999999999', field: x}"})
    void aCorrelationBoundWithAHugeExponent_isRejected(String condition) {
        LoadResult r = assertTimeoutPreemptively(PROMPTLY, () -> IGNORE.loadString(correlation(condition, "1h"), "c.yml"));
        assertThat(r.correlations()).isEmpty();
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("RuleLimits.maxNumberDigits");
            assertThat(p.where().field()).startsWith("correlation.condition.");
        });
    }

    @Test
    void aCorrelationBoundAtTheLimit_buildsADetector() {
        String big = "9".repeat(RuleLimits.DEFAULT_MAX_NUMBER_DIGITS);
        LoadResult r = IGNORE.loadString(correlation("{gte: " + big + ", field: x}", "1h"), "c.yml");
        assertThat(r.errors()).isEmpty();
        Detector d = Detector.builder().addRules(r.rules()).addCorrelations(r.correlations()).build();
        assertThat(d.problems()).isEmpty();
        assertThat(d.correlations()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999999s", "1000000y", "3661d"})
    void aTimespanBeyondMaxTimespan_isRejected(String timespan) {
        LoadResult r = IGNORE.loadString(correlation("{gte: 1, field: x}", timespan), "c.yml");
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("RuleLimits.maxTimespan");
            assertThat(p.where().field()).isEqualTo("correlation.timespan");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"25d", "30d", "1y", "3660d"})
    void aTimespanOfMoreThanTwentyFiveDays_upToMaxTimespan_buildsADetector(String timespan) {
        LoadResult r = IGNORE.loadString(correlation("{gte: 1, field: x}", timespan), "c.yml");
        assertThat(r.errors()).isEmpty();
        assertThat(Detector.builder().addRules(r.rules()).addCorrelations(r.correlations()).build().correlations())
                .hasSize(1);
    }

    @Test
    void aLegacyAggregationWithAHundredThousandDigits_isRejected() {
        String yaml = "title: legacy\nlogsource: {product: windows}\ndetection:\n  sel: {a: b}\n  timeframe: 1h\n"
                + "  condition: sel | count() > " + HUGE_INT + "\n";
        LoadResult r = assertTimeoutPreemptively(PROMPTLY, () -> IGNORE.loadString(yaml, "l.yml"));
        assertThat(r.correlations()).isEmpty();
        assertThat(r.errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("RuleLimits.maxNumberDigits"));
    }
}
