package dev.vigil.respond;

import dev.vigil.core.Problem;
import java.util.List;

/**
 * What {@link ResponsePolicyLoader} made of a policy file: the policy and its responder settings, or
 * neither when there is any error (nothing starts with a half-valid policy), and every problem found,
 * each with file, line, column and field.
 *
 * @param policy   the policy, or {@code null} when {@code problems} holds an error
 * @param settings the {@code settings:} block ({@link ResponderSettings#NONE} when there is none), or
 *                 {@code null} when {@code problems} holds an error
 * @param problems errors and warnings, in the order of the file
 */
public record PolicyLoadResult(ResponsePolicy policy, ResponderSettings settings, List<Problem> problems) {

    public PolicyLoadResult {
        problems = List.copyOf(problems);
        boolean failed = problems.stream().anyMatch(Problem::isError);
        if (failed != (policy == null) || (policy == null) != (settings == null)) {
            throw new IllegalArgumentException("a policy and its settings come together, exactly when there is no error");
        }
    }

    /** Whether the policy loaded: no error among the problems. */
    public boolean ok() {
        return policy != null;
    }

    /** The errors among the problems. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
