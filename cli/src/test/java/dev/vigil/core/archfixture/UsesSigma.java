package dev.vigil.core.archfixture;

import dev.vigil.sigma.SigmaLoader;

/** Core knowing Sigma: breaks CORE_KNOWS_NOTHING_ABOVE_IT. */
public final class UsesSigma {

    private UsesSigma() {
    }

    static SigmaLoader loader() {
        return SigmaLoader.builder().build();
    }
}
