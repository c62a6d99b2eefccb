package dev.vigil.correlation.internal;

import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/** A closed window of a correlation and group, starting at {@code start}: "decide it now". */
@Role(Role.Type.EVENT)
@Timestamp("start")
public final class WindowFact {

    private final int corr;
    private final String group;
    private final long start;

    public WindowFact(int corr, String group, long start) {
        this.corr = corr;
        this.group = group;
        this.start = start;
    }

    public int getCorr() {
        return corr;
    }

    public String getGroup() {
        return group;
    }

    public long getStart() {
        return start;
    }
}
