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
    /** The rules correlations take, by each reference a correlation uses (a rule's name or id). */
    private final Map<String, Rule> correlatedByReference = new HashMap<>();
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
        Map<String, Rule> byReference = new HashMap<>();
        for (Rule r : detector.rules()) {
            if (r.name() != null) {
                byReference.putIfAbsent(r.name(), r);
            }
        }
        for (Rule r : detector.rules()) {
            if (r.id() != null) {
                byReference.putIfAbsent(r.id(), r);
            }
        }
        for (CorrelationRule c : detector.correlations()) {
            for (String ref : c.rules()) {
                Rule r = byReference.get(ref);
                if (r != null) {
                    correlatedByReference.put(ref, r);
                }
            }
        }
    }

    /**
     * The rule of this set whose matches its correlations take for {@code rule} of another set (a rule
     * update): {@code rule} itself when it is this set's, else the rule that a correlation's reference
     * names, when {@code rule} has that name or id; null when no correlation references it.
     */
    Rule correlatedAs(Rule rule) {
        if (rulesByKey.get(rule.key()) == rule) {
            return rule;
        }
        Rule r = rule.name() == null ? null : correlatedByReference.get(rule.name());
        return r != null || rule.id() == null ? r : correlatedByReference.get(rule.id());
    }

    /** The references of this set's correlations that no rule of {@code other} answers to (by name or id). */
    List<String> referencesMissingIn(CompiledRules other) {
        java.util.Set<String> answered = new java.util.HashSet<>();
        for (Rule r : other.detector.rules()) {
            answered.add(r.name());
            answered.add(r.id());
        }
        return correlatedByReference.keySet().stream().filter(ref -> !answered.contains(ref)).sorted().toList();
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
