package dev.vigil.core;

import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.List;

/** The straightforward evaluator: every rule's condition tree on every event. */
final class ReferenceEngine implements Engine {

    private final List<Rule> rules;

    ReferenceEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public List<Detection> match(Event event) {
        List<Detection> out = null;
        for (Rule rule : rules) {
            if (rule.matches(event)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new Detection(rule, event));
            }
        }
        return out == null ? List.of() : out;
    }
}
