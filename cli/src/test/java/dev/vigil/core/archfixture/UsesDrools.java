package dev.vigil.core.archfixture;

import org.drools.core.ClockType;

/** Core knowing Drools: breaks CORE_KNOWS_NOTHING_ABOVE_IT. */
public final class UsesDrools {

    private UsesDrools() {
    }

    static ClockType clock() {
        return ClockType.PSEUDO_CLOCK;
    }
}
