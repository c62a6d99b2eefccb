package dev.vigil.correlation.archfixture;

import org.kie.api.runtime.KieSession;

/** Fine: a package-private class, like correlation's Partition, may use Drools in any signature. */
final class HiddenKie {

    public KieSession session() {
        return null;
    }
}
