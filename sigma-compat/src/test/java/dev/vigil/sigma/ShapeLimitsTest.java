package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.GOOD_RULE;
import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static dev.vigil.sigma.SigmaTestSupport.allocated;
import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vigil.core.Problem;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.RuleLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Regular expressions ({@code |re}, Sigma modifiers appendix) and field names are held to
 * {@link RuleLimits}: a regex whose repetitions multiply, that nests groups deeply or is huge, and a field
 * name of a megabyte or of ten thousand segments, are each a problem at the rule's line naming the limit,
 * found promptly with little memory, never an OutOfMemoryError or StackOverflowError; the next rule loads.
 */
class ShapeLimitsTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private static String regexRule(String regex) {
        return "title: re\nlogsource: {product: windows}\ndetection:\n  sel:\n    CommandLine|re: " + quote(regex)
                + "\n  condition: sel\n";
    }

    /** Field names beyond 1,024 characters, so that the segment limit is met first. */
    private static final SigmaLoader LONG_NAMES = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE)
            .limits(RuleLimits.builder().maxFieldNameLength(1 << 21).build()).build();

    /** A selection of one field item; an explicit YAML key ({@code ? key}) may be longer than 1,024 characters. */
    private static String fieldRule(String key, String value) {
        return "title: f\nlogsource: {product: windows}\ndetection:\n  sel:\n    ? " + key + "\n    : " + value
                + "\n  condition: sel\n";
    }

    private static Problem rejected(String yaml, String limit) {
        return rejected(IGNORE, yaml, limit);
    }

    private static Problem rejected(SigmaLoader loader, String yaml, String limit) {
        LoadResult[] r = new LoadResult[1];
        long bytes = allocated(() -> r[0] = assertTimeoutPreemptively(PROMPTLY,
                () -> loader.loadString(yaml + "---\n" + GOOD_RULE, "shape.yml")));
        assertThat(r[0].rules()).extracting(x -> x.title()).containsExactly("good");
        assertThat(bytes).as("bytes allocated beyond reading the text").isLessThan(64L * yaml.length() + (64L << 20));
        Problem p = r[0].errors().get(0);
        assertThat(r[0].errors()).hasSize(1);
        assertThat(p.message()).contains("RuleLimits." + limit).hasSizeLessThan(300);
        return p;
    }

    @Test
    void nestedRepetitionsThatMultiply_areRejected() {
        Problem p = rejected(regexRule("((a{1000}){1000}){1000}"), "maxRegexExpandedSize");
        assertThat(p.where().line()).isEqualTo(5);
        assertThat(p.where().field()).isEqualTo("CommandLine|re");
        rejected(regexRule("(?:a{101}){100}"), "maxRegexExpandedSize");
        rejected(regexRule("[a-z]{1000}[a-z]{1000}".repeat(6)), "maxRegexExpandedSize");
    }

    @Test
    void groupsNestedAHundredThousandDeep_areRejected() {
        int n = 100_000;
        LoadResult r = IGNORE.loadString(regexRule("(".repeat(n) + "a" + ")".repeat(n)), "deep.yml");
        assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("RuleLimits.maxRegexLength"));
        SigmaLoader longer = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE)
                .limits(RuleLimits.builder().maxRegexLength(1 << 20).build()).build();
        assertThat(longer.loadString(regexRule("(".repeat(n) + "a" + ")".repeat(n)), "deep.yml").errors())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("RuleLimits.maxRegexNesting"));
    }

    @Test
    void aHugeAlternation_isRejected() {
        StringBuilder alt = new StringBuilder("w0");
        for (int i = 1; i < 300_000; i++) {
            alt.append("|w").append(i);
        }
        rejected(regexRule(alt.toString()), "maxRegexLength");
    }

    /**
     * The worst shapes the default limits accept compile, build an engine and match on a thread with the
     * JVM's default stack: the most atoms, the deepest nesting, and the longest chain of nullable groups
     * (whose matching recurses per group).
     */
    @Test
    void theWorstAcceptedRegexes_compileAndMatch_onADefaultStack() throws Exception {
        int nest = RuleLimits.DEFAULT_MAX_REGEX_NESTING;
        String[] worst = {
            "(?:a{100}){100}",
            "(".repeat(nest) + "a" + ")".repeat(nest),
            "(a*)*".repeat(RuleLimits.DEFAULT_MAX_REGEX_LENGTH / 5) + "b",
            "(?:[a-z]{1,100}){100}",
        };
        for (String re : worst) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    long start = System.nanoTime();
                    LoadResult[] r = new LoadResult[1];
                    long bytes = allocated(() -> r[0] = IGNORE.loadString(regexRule(re), "worst.yml"));
                    Engine engine = Engine.builder().addRules(r[0].rules()).build();
                    assertThat(r[0].errors()).isEmpty();
                    engine.match(event("CommandLine", "a".repeat(20_000) + "b"));
                    System.out.printf("worst accepted regex %s...: loaded in %d ms, %d MB allocated, matched%n",
                            re.substring(0, Math.min(20, re.length())), (System.nanoTime() - start) / 1_000_000,
                            bytes >> 20);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            t.join();
            assertThat(failure.get()).as(re.substring(0, Math.min(40, re.length()))).isNull();
        }
    }

    @Test
    void aFieldNameOfTenThousandSegments_isRejected() {
        String name = "a" + ".b".repeat(10_000);
        Problem p = rejected(LONG_NAMES, fieldRule(name, "x"), "maxFieldPathSegments");
        assertThat(p.where().line()).isEqualTo(5);
        assertThat(p.where().field()).hasSizeLessThan(100);
    }

    @Test
    void aFieldNameOfAMegabyte_isRejected() {
        Problem p = rejected(fieldRule("F".repeat(1 << 20) + "|contains", "x"), "maxFieldNameLength");
        assertThat(p.where().line()).isEqualTo(5);
        assertThat(p.where().field()).hasSizeLessThan(100);
    }

    @Test
    void aFieldrefOrGroupByOfTenThousandSegments_isRejected() {
        String name = "a" + ".b".repeat(10_000);
        rejected(LONG_NAMES, fieldRule("x|fieldref", name), "maxFieldPathSegments");
        Problem p = rejected(LONG_NAMES, "title: c\ncorrelation:\n  type: event_count\n  rules: good\n  group-by: ["
                + name + "]\n  timespan: 1h\n  condition: {gte: 1}\n", "maxFieldPathSegments");
        assertThat(p.where().field()).isEqualTo("correlation.group-by");
    }

    @Test
    void aFieldNameAtTheLimits_loads() {
        String name = "a" + ".b".repeat(RuleLimits.DEFAULT_MAX_FIELD_PATH_SEGMENTS - 1);
        LoadResult r = IGNORE.loadString("title: f\nlogsource: {product: windows}\ndetection:\n  sel:\n    " + name
                + ": x\n  condition: sel\n", "f.yml");
        assertThat(r.errors()).isEmpty();
    }
}
