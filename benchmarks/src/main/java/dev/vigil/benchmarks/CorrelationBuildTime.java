package dev.vigil.benchmarks;

import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.Detector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How long compiling N correlation rules (one Drools rule base from generated DRL) takes: a mix of
 * all types over 3N detection rules. Run once cold and once warm in the same JVM.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.CorrelationBuildTime [1000]
 * </pre>
 */
public final class CorrelationBuildTime {

    private CorrelationBuildTime() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 3 * n; i++) {
            rules.add(CorrelationWorkload.rule("r" + i));
        }
        CorrelationType[] types = CorrelationType.values();
        List<CorrelationRule> correlations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CorrelationType t = types[i % types.length];
            CorrelationRule.Builder b = CorrelationRule.builder().id("c" + i).title("c" + i).type(t)
                    .timespan(Duration.ofMinutes(1 + i % 60)).groupBy(List.of("host"));
            if (t == CorrelationType.TEMPORAL || t == CorrelationType.TEMPORAL_ORDERED) {
                b.rules(List.of("r" + 3 * i, "r" + (3 * i + 1), "r" + (3 * i + 2)));
            } else {
                b.rules(List.of("r" + 3 * i)).condition(i % 2 == 0 ? CorrelationCondition.atLeast(5)
                        : CorrelationCondition.of(CorrelationCondition.Op.LT, 5));
            }
            if (t.needsField()) {
                b.valueField(FieldRef.of("bytes"));
            }
            correlations.add(b.build());
        }
        for (String run : List.of("cold", "warm")) {
            long start = System.nanoTime();
            Detector d = Detector.builder().addRules(rules).addCorrelations(correlations).build();
            System.out.printf(Locale.ROOT, "%s: %d correlation rules compiled in %.2f s (%d problems)%n", run,
                    d.correlations().size(), (System.nanoTime() - start) / 1e9, d.problems().size());
        }
    }
}
