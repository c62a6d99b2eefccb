package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.RuleLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** Each {@link RuleLimits} value holds: the rule beyond it is rejected, named by the limit, and the others load. */
class RuleLimitsTest {

    @TempDir
    Path dir;

    private static final String GOOD = SigmaTestSupport.GOOD_RULE;

    private static String withCondition(String condition) {
        return """
                title: nested
                logsource: {product: windows}
                detection:
                  sel: {a: b}
                  condition: %s
                """.formatted(condition);
    }

    private static LoadResult load(SigmaLoader loader, String yaml) {
        return loader.loadString(yaml + "---\n" + GOOD, "rules.yml");
    }

    @Test
    void maxConditionDepth_deeperGroupsAreRejected_theNextRuleLoads() {
        SigmaLoader loader = SigmaLoader.builder().limits(RuleLimits.builder().maxConditionDepth(3).build()).build();
        assertThat(load(loader, withCondition("(((sel)))")).rules()).hasSize(2);
        LoadResult r = load(loader, withCondition("((((sel))))"));
        assertThat(r.rules()).extracting(rule -> rule.title()).containsExactly("good");
        assertThat(r.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
            assertThat(p.where().field()).isEqualTo("detection.condition");
            assertThat(p.message()).contains("RuleLimits.maxConditionDepth").contains("3");
        });
    }

    @Test
    void maxConditionDepth_countsNegationsToo() {
        SigmaLoader loader = SigmaLoader.builder().limits(RuleLimits.builder().maxConditionDepth(3).build()).build();
        assertThat(load(loader, withCondition("not not sel")).problems()).noneMatch(Problem::isError);
        assertThat(load(loader, withCondition("not (not (not (not sel)))")).problems())
                .anyMatch(p -> p.message().contains("RuleLimits.maxConditionDepth"));
    }

    @Test
    void maxConditionDepth_default_aHundredThousandParenthesesIsAProblemNotAStackOverflow() {
        int n = 100_000;
        LoadResult r = load(SigmaLoader.builder().build(), withCondition("(".repeat(n) + "sel" + ")".repeat(n)));
        assertThat(r.rules()).hasSize(1);
        assertThat(r.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("RuleLimits.maxConditionDepth")
                    .contains(Integer.toString(RuleLimits.DEFAULT_MAX_CONDITION_DEPTH));
            assertThat(p.message()).as("the condition is quoted, not copied whole").hasSizeLessThan(400);
        });
    }

    @Test
    void maxFileBytes_largerFileIsReportedUnread_andTheOtherFilesLoad() throws IOException {
        Files.writeString(dir.resolve("a_big.yml"), GOOD + "# " + "x".repeat(2000) + "\n");
        Files.writeString(dir.resolve("b_good.yml"), GOOD);
        LoadResult r = SigmaLoader.builder().limits(RuleLimits.builder().maxFileBytes(1024).build()).build()
                .load(List.of(dir));
        assertThat(r.rules()).hasSize(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().file()).endsWith("a_big.yml");
            assertThat(p.message()).contains("RuleLimits.maxFileBytes").contains("1024");
        });
    }

    @Test
    void maxValueVariants_isNamedWhenExceeded() {
        SigmaLoader loader = SigmaLoader.builder().limits(RuleLimits.builder().maxValueVariants(2).build()).build();
        LoadResult r = load(loader, """
                title: variants
                logsource: {product: windows}
                detection:
                  sel: {CommandLine|windash|contains: ' -a '}
                  condition: sel
                """);
        assertThat(r.problems()).filteredOn(Problem::isError).singleElement().extracting(Problem::message).asString()
                .contains("RuleLimits.maxValueVariants");
    }
}
