package dev.vigil.flink;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.correlation.Detector;
import dev.vigil.sigma.LoadResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link RuleSet} compiled on one instance: the detector (its engine matches), the rules and correlations by key. */
final class CompiledRules {

    final String version;
    final Detector detector;
    final Map<String, Rule> rulesByKey;
    final Map<String, CorrelationRule> correlationsByKey;
    private final List<Problem> problems;

    private CompiledRules(String version, Detector detector, List<Problem> problems) {
        this.version = version;
        this.detector = detector;
        this.problems = problems;
        this.rulesByKey = new HashMap<>();
        for (Rule r : detector.rules()) {
            rulesByKey.putIfAbsent(r.key(), r);
        }
        this.correlationsByKey = new HashMap<>();
        for (CorrelationRule c : detector.correlations()) {
            correlationsByKey.putIfAbsent(c.key(), c);
        }
    }

    static CompiledRules compile(RuleSet rules) {
        LoadResult loaded = rules.load();
        List<Problem> problems = new ArrayList<>(loaded.problems());
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        problems.addAll(detector.problems());
        return new CompiledRules(rules.version(), detector, List.copyOf(problems));
    }

    List<Problem> problems() {
        return problems;
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /**
     * How many correlation stages the job needs: one per chain depth ({@link Detector#depth}), at least one.
     * Correlations cannot change while the job runs, so this is fixed when the job is built.
     */
    int stages() {
        int most = 0;
        for (CorrelationRule c : detector.correlations()) {
            most = Math.max(most, detector.depth(c.key()));
        }
        return most + 1;
    }
}
