package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.correlation.Detector;
import org.junit.jupiter.api.Test;

/**
 * Correlations over correlations (Sigma correlation rules specification, "Correlation rule" referring
 * to other correlations by name) are followed without recursion: ten thousand chained correlations load,
 * and a cycle through thousands is reported, never a StackOverflowError.
 */
class CorrelationChainTest {

    private static final int CHAIN = 10_000;

    private static String chain(int n, boolean closed) {
        StringBuilder sb = new StringBuilder("""
                title: base
                name: base
                logsource: {product: windows}
                detection: {sel: {a: b}, condition: sel}
                """);
        for (int i = 0; i < n; i++) {
            String ref = i == 0 ? (closed ? "corr" + (n - 1) : "base") : "corr" + (i - 1);
            sb.append("---\ntitle: c").append(i).append("\nname: corr").append(i)
                    .append("\ncorrelation: {type: event_count, rules: ").append(ref)
                    .append(", timespan: 1h, condition: {gte: 1}}\n");
        }
        return sb.toString();
    }

    @Test
    void tenThousandChainedCorrelations_loadAndBuildADetector() {
        LoadResult r = IGNORE.loadString(chain(CHAIN, false), "chain.yml");
        assertThat(r.errors()).isEmpty();
        assertThat(r.correlations()).hasSize(CHAIN);
        Detector d = Detector.builder().addRules(r.rules()).addCorrelations(r.correlations()).build();
        assertThat(d.problems()).isEmpty();
        assertThat(d.correlations()).hasSize(CHAIN);
        System.out.println("detector of " + CHAIN + " chained correlations built in " + d.buildTime().toMillis() + " ms");
    }

    @Test
    void aCycleThroughTenThousandCorrelations_isReportedForEach_shortened() {
        LoadResult r = IGNORE.loadString(chain(CHAIN, true), "cycle.yml");
        assertThat(r.correlations()).isEmpty();
        assertThat(r.errors()).hasSize(CHAIN).allSatisfy(p -> {
            assertThat(p.message()).startsWith("the correlation is part of a cycle: ").contains(" -> ... -> ")
                    .hasSizeLessThan(400);
            assertThat(p.where().field()).isEqualTo("correlation.rules");
        });
    }

    @Test
    void detector_aCycleThroughTenThousandCorrelations_isAProblemForEach() {
        LoadResult r = IGNORE.loadString(chain(CHAIN, false), "chain.yml");
        var correlations = new java.util.ArrayList<>(r.correlations());
        // close the chain: corr0 refers to the last instead of the rule
        var first = correlations.get(0);
        correlations.set(0, first.toBuilder().rules(java.util.List.of("corr" + (CHAIN - 1))).build());
        Detector d = Detector.builder().addRules(r.rules()).addCorrelations(correlations).build();
        assertThat(d.correlations()).isEmpty();
        assertThat(d.problems()).hasSize(CHAIN).allSatisfy(p -> assertThat(p.message()).contains("cycle"));
    }

    @Test
    void aShortCycle_isNamedInFull() {
        LoadResult r = IGNORE.loadString(chain(3, true), "cycle.yml");
        assertThat(r.errors()).extracting(p -> p.message()).contains(
                "the correlation is part of a cycle: corr0 -> corr2 -> corr1 -> corr0");
    }
}
