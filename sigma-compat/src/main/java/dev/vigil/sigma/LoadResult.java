package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationRule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What loading Sigma files produced: the compiled detection rules and correlation rules, every
 * problem found (each with its file, line and reason), how many rule documents were seen and how
 * many of them loaded, and what a {@link RuleFilter} left out.
 *
 * <p>A legacy rule with an aggregation ({@code | count() by X > N}, {@code | near ...}) loads as a
 * correlation plus the detection rules it correlates; those detection rules are in {@link #rules()}
 * too (named {@code legacy:<id>#<n>}), and count as one document with the correlation.
 *
 * @param rules          the detection rules that compiled, in file order
 * @param correlations   the correlation rules that compiled and whose references resolve, in file order
 * @param problems       errors (a rule or file was rejected) and warnings, in file order
 * @param documents      the number of rule and correlation documents seen: loaded, failed or skipped
 * @param loaded         the number of those documents that loaded
 * @param skipped        the documents the filter left out, by reason ({@code status deprecated},
 *                       {@code level below high}, ...), in the order the reasons were first met
 * @param referencedOnly the metadata of the rules and correlations the filter rejected but that loaded
 *                       because a kept correlation refers to them (see {@link #reports})
 */
public record LoadResult(List<Rule> rules, List<CorrelationRule> correlations, List<Problem> problems, int documents,
        int loaded, Map<String, Integer> skipped, List<RuleMetadata> referencedOnly) {

    public LoadResult {
        rules = List.copyOf(rules);
        correlations = List.copyOf(correlations);
        problems = List.copyOf(problems);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        referencedOnly = List.copyOf(referencedOnly);
    }

    /** A result of a load without a filter. */
    public LoadResult(List<Rule> rules, List<CorrelationRule> correlations, List<Problem> problems, int documents,
            int loaded) {
        this(rules, correlations, problems, documents, loaded, Map.of(), List.of());
    }

    /** A result of detection rules only. */
    public LoadResult(List<Rule> rules, List<Problem> problems, int documents) {
        this(rules, List.of(), problems, documents, rules.size());
    }

    /** The errors only: one per rejected rule or unreadable file. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** How many documents the filter left out. */
    public int skippedCount() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Whether the alerts of the rule or correlation with {@code metadata} are worth reporting: false for
     * one the filter rejected that loaded only to feed a correlation.
     */
    public boolean reports(RuleMetadata metadata) {
        for (RuleMetadata m : referencedOnly) {
            if (m == metadata) {
                return false;
            }
        }
        return true;
    }
}
