package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.allocated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.RuleLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile rules against RuleLimits: expansion bombs, depth at and over the cap, large files. */
class RuleLimitsAttackTest {

    @TempDir
    Path dir;

    private static final String HEAD = "title: t\nlogsource: {product: windows}\n";

    /** A placeholder repeated many times is rejected as it expands, before the combinations fill the heap. */
    @Test
    void expand_isRejectedBeforeBuildingEveryCombination() {
        SigmaLoader loader = SigmaLoader.builder().placeholder("p", List.of("a", "b")).build();
        String rule = HEAD + "detection:\n  sel:\n    CommandLine|expand: '" + "%p%".repeat(22) + "'\n  condition: sel\n";
        LoadResult[] r = new LoadResult[1];
        long bytes = allocated(() -> r[0] = loader.loadString(rule, "expand.yml"));
        assertThat(r[0].problems()).anyMatch(p -> p.message().contains("RuleLimits.maxValueVariants"));
        assertThat(bytes).as("bytes allocated to reject a value over the limit of %d variants",
                RuleLimits.DEFAULT_MAX_VALUE_VARIANTS).isLessThan(64L << 20);
    }

    /**
     * The parser recurses per level; maxConditionDepth is capped (RuleLimits.MAX_CONDITION_DEPTH_CAP) so
     * that a raised limit cannot let a rule overflow the stack: a condition at the cap loads, a deeper one
     * is a problem, and a limit above the cap is refused when it is set.
     */
    @Test
    void maxConditionDepth_isCapped_andAConditionAtTheCapLoads() {
        int cap = RuleLimits.MAX_CONDITION_DEPTH_CAP;
        SigmaLoader loader = SigmaLoader.builder().limits(RuleLimits.builder().maxConditionDepth(cap).build()).build();
        String atCap = HEAD + "detection:\n  sel: {a: b}\n  condition: '" + "(".repeat(cap) + "sel" + ")".repeat(cap) + "'\n";
        assertThat(loader.loadString(atCap, "cap.yml").rules()).hasSize(1);
        int n = 100_000;
        String deeper = HEAD + "detection:\n  sel: {a: b}\n  condition: '" + "(".repeat(n) + "sel" + ")".repeat(n) + "'\n";
        LoadResult r = loader.loadString(deeper, "deep.yml");
        assertThat(r.rules()).isEmpty();
        assertThat(r.problems()).anyMatch(p -> p.message().contains("RuleLimits.maxConditionDepth"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleLimits.builder().maxConditionDepth(cap + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + cap);
    }

    /** maxFileBytes above its default lets a larger rule load: the YAML engine reads as much. */
    @Test
    void aRaisedMaxFileBytes_raisesTheYamlEnginesDocumentLimit() throws Exception {
        StringBuilder sb = new StringBuilder(HEAD + "detection:\n  sel:\n    a:\n");
        int i = 0;
        while (sb.length() < (3 << 20) + 4096) {
            sb.append("      - v").append(i++).append('\n');
        }
        sb.append("  condition: sel\n");
        Path f = Files.writeString(dir.resolve("big.yml"), sb);
        LoadResult r = SigmaLoader.builder().limits(RuleLimits.builder().maxFileBytes(16 << 20).build()).build()
                .load(List.of(f));
        assertThat(r.problems()).as("a 3.0 MiB rule under a 16 MiB maxFileBytes")
                .allSatisfy(p -> assertThat(p.message()).contains("RuleLimits."));
        assertThat(r.rules()).hasSize(1);
    }

    /**
     * Where a thread's stack is smaller than the limits assume, a rule that overflows it costs only its own
     * document: the StackOverflowError is that rule's problem, and the next rule loads.
     */
    @Test
    void aStackOverflowOnASmallStack_costsOnlyItsOwnDocument() throws Exception {
        int cap = RuleLimits.MAX_CONDITION_DEPTH_CAP;
        SigmaLoader loader = SigmaLoader.builder().limits(RuleLimits.builder().maxConditionDepth(cap).build()).build();
        String deep = HEAD + "detection:\n  sel: {a: b}\n  condition: '" + "not (".repeat(cap / 2) + "sel"
                + ")".repeat(cap / 2) + "'\n---\n" + SigmaTestSupport.GOOD_RULE;
        LoadResult[] r = new LoadResult[1];
        Thread small = new Thread(null, () -> r[0] = loader.loadString(deep, "deep.yml"), "small-stack", 192 << 10);
        small.start();
        small.join();
        assertThat(r[0]).as("no exception escaped the loader").isNotNull();
        assertThat(r[0].rules()).extracting(x -> x.title()).containsExactly("good");
        assertThat(r[0].errors()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("nests too deeply for the stack");
            assertThat(p.where().line()).isEqualTo(1);
        });
    }
}
