package dev.vigil.respond.archfixture;

import dev.vigil.sigma.LoadResult;

/** Respond reading its policies through sigma-compat: breaks RESPOND_DEPENDS_ON_CORE_ONLY. */
public final class UsesSigma {

    private UsesSigma() {
    }

    static int rules(LoadResult loaded) {
        return loaded.loaded();
    }
}
