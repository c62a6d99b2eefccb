package dev.vigil.correlation.internal;

import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/** A short-lived probe: "evaluate the window of this correlation and group that ends at ts". */
@Role(Role.Type.EVENT)
@Timestamp("ts")
public final class Anchor {

    private final int corr;
    private final String group;
    private final long ts;

    public Anchor(int corr, String group, long ts) {
        this.corr = corr;
        this.group = group;
        this.ts = ts;
    }

    public int getCorr() {
        return corr;
    }

    public String getGroup() {
        return group;
    }

    public long getTs() {
        return ts;
    }
}
