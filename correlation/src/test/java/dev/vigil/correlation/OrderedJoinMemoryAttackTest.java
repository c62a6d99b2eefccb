package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attack on the memory bound ("what a session holds is bounded by its settings, whatever the input"):
 * a {@code temporal_ordered} correlation a → b → c is a Drools join. The attacker writes many matches of
 * a, then many of b, in one group, and never c (one early c is enough to link the rule in Drools' lazy
 * network). Drools keeps every (a, b) pair in order within the timespan as a partial match: n a's and
 * n b's hold n² tuples, although the group holds only 2n live matches, well under maxMatchesPerGroup.
 * Measured: 1,000 + 1,000 matches retain about 100 MiB; at the default cap (10,000 matches per group)
 * one group would hold 25 million tuples (gigabytes), and maxGroups such groups are allowed.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: each rule position of a temporal_ordered group keeps its latest hits, at most the (rules - 1)-th root of Partition.MAX_PARTIAL_CHAINS; the rest are dropped and counted.
 */
class OrderedJoinMemoryAttackTest {

    @Test
    void aGroupOfThreeThousandMatches_doesNotRetainHundredsOfMegabytes() {
        Detector d = Detector.builder().addRule(rule("a")).addRule(rule("b")).addRule(rule("c"))
                .addCorrelation(corr("kill-chain", CorrelationType.TEMPORAL_ORDERED, Duration.ofHours(1), "a", "b", "c")
                        .groupBy(List.of("host")).build())
                .build();
        int n = 1500;
        try (DetectorSession s = d.newSession().onAlert(a -> { }).open()) {
            long before = retained();
            s.accept(event("c", 0, "host", "h"));
            for (int i = 0; i < n; i++) {
                s.accept(event("a", 1 + i, "host", "h"));
            }
            for (int i = 0; i < n; i++) {
                s.accept(event("b", 1 + n + i, "host", "h"));
            }
            s.flush();
            // each rule position keeps its latest 316 hits (Partition.MAX_PARTIAL_CHAINS), the rest counted
            assertThat(s.stats().liveMatches()).isEqualTo(2L * 316 + 1);
            assertThat(s.stats().droppedMatches()).isEqualTo(2L * (n - 316));
            long grown = retained() - before;
            assertThat(grown / (1024 * 1024)).as("MiB retained by one group of %d live matches", 2 * n + 1)
                    .isLessThan(64);
        }
    }

    private static long retained() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
