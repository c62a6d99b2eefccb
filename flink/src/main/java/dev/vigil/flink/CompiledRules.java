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

/** A {@link RuleSet} compiled on one instance: the detector (its engine matches) and the rules by key. */
final class CompiledRules {

    final String version;
    final Detector detector;
    final Map<String, Rule> rulesByKey;
    private final List<Problem> problems;

    private CompiledRules(String version, Detector detector, List<Problem> problems) {
        this.version = version;
        this.detector = detector;
        this.problems = problems;
        this.rulesByKey = new HashMap<>();
        for (Rule r : detector.rules()) {
            rulesByKey.putIfAbsent(r.key(), r);
        }
    }

    static CompiledRules compile(RuleSet rules) {
        LoadResult loaded = rules.load();
        List<Problem> problems = new ArrayList<>(loaded.problems());
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        problems.addAll(detector.problems());
        problems.addAll(unsupportedChains(detector.correlations()));
        return new CompiledRules(rules.version(), detector, List.copyOf(problems));
    }

    List<Problem> problems() {
        return problems;
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /**
     * Correlation state lives where its group key lives; a correlation over another correlation's alerts
     * finds them there only when both group by the same fields (the alert's group values are then the
     * same key). Other chains are refused until alerts are re-keyed between correlations.
     */
    static List<Problem> unsupportedChains(List<CorrelationRule> correlations) {
        Map<String, CorrelationRule> byRef = new HashMap<>();
        for (CorrelationRule c : correlations) {
            if (c.id() != null) {
                byRef.put(c.id(), c);
            }
            if (c.name() != null) {
                byRef.put(c.name(), c);
            }
        }
        List<Problem> out = new ArrayList<>();
        for (CorrelationRule c : correlations) {
            for (String ref : c.rules()) {
                CorrelationRule inner = byRef.get(ref);
                if (inner != null && (!inner.groupBy().equals(c.groupBy()) || !c.aliases().isEmpty())) {
                    out.add(Problem.error(c.source().withField("correlation.group-by"),
                            "on Flink a correlation over correlation '" + ref + "' must group by the same fields "
                                    + inner.groupBy() + " without aliases (its state is keyed by them)"));
                }
            }
        }
        return out;
    }
}
