package dev.vigil.rules.dsl;

import dev.vigil.core.Problem;
import java.util.List;

/** A rule written with the DSL that cannot be built: the rule's title and every problem, with where it was written. */
public final class InvalidRuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    InvalidRuleException(String rule, List<Problem> problems) {
        super("rule '" + rule + "' is invalid: " + String.join("; ", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** What is wrong, each with the Java source position the rule was built at. */
    public List<Problem> problems() {
        return problems;
    }
}
