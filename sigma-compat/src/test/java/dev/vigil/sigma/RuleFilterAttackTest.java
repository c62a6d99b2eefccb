package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Level;
import org.junit.jupiter.api.Test;

/** Third-party rule sets against {@link RuleFilter} and its {@code FilterPlan}. */
class RuleFilterAttackTest {

    /**
     * Attack: a rule file (2.8 MB for 20,000, under {@code RuleLimits}' 3 MiB per file) that is a chain of
     * correlations, each naming the next, the last naming a detection rule; the analyst excludes that rule
     * ({@code --exclude-rules}, a known false positive) and the chain is written in the order that makes the
     * exclusion travel backwards.
     *
     * <p>What goes wrong: {@code FilterPlan.of} finds the correlations that need an excluded rule by sweeping every
     * correlation "until nothing changes", and each sweep marks only the next link of the chain, so the cost is
     * the square of the number of correlations, every sweep re-reading each correlation's references
     * ({@code refs} builds a list each time): with 20,000 correlations {@code vigil hunt --exclude-rules} spends 65 s
     * and 1.5 GB (measured with the CLI) before saying that no rule loaded, where loading and compiling all of
     * them without a filter takes 22 s; three such files make it ten minutes.
     *
     * <p>Expected: a linear propagation (a work list of the correlations that refer to each newly broken
     * document, as the referencedOnly pass below it already does): the exclusion costs no more than a filter that
     * rejects every rule on its level, here within three times as long plus two seconds.
     */
    @Test
    void anExclusionAtTheEndOfALongCorrelationChain_costsLinearTime() {
        String yaml = chain(12_000);
        long levelOnly = time(RuleFilter.minLevel(Level.CRITICAL), yaml);
        long excluded = time(RuleFilter.excludeRuleIds(java.util.List.of("base_rule")), yaml);
        assertThat(excluded / 1_000_000).as("ms with the exclusion, against " + levelOnly / 1_000_000
                + " ms with a level filter that rejects everything").isLessThan(3 * levelOnly / 1_000_000 + 2_000);
    }

    private static long time(RuleFilter filter, String yaml) {
        long start = System.nanoTime();
        LoadResult r = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).filter(filter).build()
                .loadString(yaml, "chain.yml");
        long nanos = System.nanoTime() - start;
        assertThat(r.rules()).isEmpty();
        assertThat(r.correlations()).isEmpty();
        return nanos;
    }

    /** A detection rule named base_rule and {@code n} correlations c0 -> c1 -> ... -> c(n-1) -> base_rule. */
    static String chain(int n) {
        StringBuilder sb = new StringBuilder("""
                title: base
                name: base_rule
                status: test
                level: high
                logsource: {product: windows}
                detection:
                  sel: {EventID: 1}
                  condition: sel
                """);
        for (int i = 0; i < n; i++) {
            sb.append("---\n").append("""
                    title: c%d
                    name: c%d
                    correlation:
                      type: event_count
                      rules: %s
                      group-by: [Computer]
                      timespan: 1h
                      condition: {gte: 2}
                    """.formatted(i, i, i < n - 1 ? "c" + (i + 1) : "base_rule"));
        }
        return sb.toString();
    }
}
