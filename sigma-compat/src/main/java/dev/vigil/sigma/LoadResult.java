package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationRule;
import java.util.List;

/**
 * What loading Sigma files produced: the compiled detection rules and correlation rules, every
 * problem found (each with its file, line and reason), how many rule documents were seen and how
 * many of them loaded.
 *
 * <p>A legacy rule with an aggregation ({@code | count() by X > N}, {@code | near ...}) loads as a
 * correlation plus the detection rules it correlates; those detection rules are in {@link #rules()}
 * too (named {@code legacy:<id>#<n>}), and count as one document with the correlation.
 *
 * @param rules        the detection rules that compiled, in file order
 * @param correlations the correlation rules that compiled and whose references resolve, in file order
 * @param problems     errors (a rule or file was rejected) and warnings, in file order
 * @param documents    the number of rule and correlation documents seen, loaded or not
 * @param loaded       the number of those documents that loaded
 */
public record LoadResult(List<Rule> rules, List<CorrelationRule> correlations, List<Problem> problems, int documents,
        int loaded) {

    public LoadResult {
        rules = List.copyOf(rules);
        correlations = List.copyOf(correlations);
        problems = List.copyOf(problems);
    }

    /** A result of detection rules only. */
    public LoadResult(List<Rule> rules, List<Problem> problems, int documents) {
        this(rules, List.of(), problems, documents, rules.size());
    }

    /** The errors only: one per rejected rule or unreadable file. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
