package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import java.util.List;

/**
 * What loading Sigma files produced: the compiled rules, every problem found (each with its file,
 * line and reason), and how many rule documents were seen.
 *
 * @param rules     the rules that compiled, in file order
 * @param problems  errors (a rule or file was rejected) and warnings, in file order
 * @param documents the number of rule documents seen, loaded or not
 */
public record LoadResult(List<Rule> rules, List<Problem> problems, int documents) {

    public LoadResult {
        rules = List.copyOf(rules);
        problems = List.copyOf(problems);
    }

    /** The errors only: one per rejected rule or unreadable file. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
