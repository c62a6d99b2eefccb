package dev.vigil.rules.dsl;

import java.util.List;
import java.util.Map;

/**
 * A rule written with the DSL, as the Sigma document it stands for: a {@link DetectionRule} or a
 * {@link Correlation}. Correlations refer to other rule documents, by name (or id when there is none).
 */
public sealed interface RuleDocument permits DetectionRule, Correlation {

    /** The Sigma document, ordered as written: title, id, ..., detection or correlation. */
    Map<String, Object> document();

    /** The documents this one refers to (a correlation's rules), directly. */
    List<RuleDocument> references();

    /** Where in Java the rule was built ({@code MyRules.java:42}). */
    String origin();

    /** The rule as Sigma 2.1 YAML, one document. */
    default String toSigma() {
        return SigmaYaml.write(document());
    }

    /** What a correlation writes in its {@code rules} list to refer to this rule: its name, else its id. */
    default String reference() {
        Object name = document().get("name");
        Object id = document().get("id");
        if (name == null && id == null) {
            throw new IllegalStateException("rule '" + document().get("title")
                    + "' has neither name nor id, so no correlation can refer to it");
        }
        return String.valueOf(name != null ? name : id);
    }
}
