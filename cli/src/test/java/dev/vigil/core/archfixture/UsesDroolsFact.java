package dev.vigil.core.archfixture;

import dev.vigil.correlation.internal.Hit;

/** Core using correlation's Drools facts: breaks DROOLS_FACTS_STAY_IN_CORRELATION (and CORE_KNOWS_NOTHING_ABOVE_IT). */
public final class UsesDroolsFact {

    private UsesDroolsFact() {
    }

    static Object owner(Hit hit) {
        return hit.owner;
    }
}
