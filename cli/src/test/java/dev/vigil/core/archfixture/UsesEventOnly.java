package dev.vigil.core.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;

/** Core as it should be, depending on core, Jackson databind and the JDK: breaks no rule. */
public final class UsesEventOnly {

    private UsesEventOnly() {
    }

    static String describe(Event event, Rule rule, ObjectMapper json) {
        return rule + " " + event + " " + json;
    }
}
