package dev.vigil.core.correlation.internal;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/** One match of a referenced rule, as a Drools event: correlation, rule position, group key, event time, value. */
@Role(Role.Type.EVENT)
@Expires(Hit.NEVER)
@Timestamp("ts")
public final class Hit {

    /**
     * Vigil removes facts itself (when the watermark passes them, or when an alert consumes them): a
     * declared expiration this long keeps Drools from expiring them by the offsets it infers from the
     * temporal operators, which assume events arrive in time order.
     */
    public static final String NEVER = "36500d";

    private final int corr;
    private final int idx;
    private final String group;
    private final long ts;
    private final double value;
    private final Object distinct;
    /** Engine bookkeeping, not seen by rules. */
    public Object handle;
    public Object ref;
    public boolean live = true;

    public Hit(int corr, int idx, String group, long ts, double value, Object distinct) {
        this.corr = corr;
        this.idx = idx;
        this.group = group;
        this.ts = ts;
        this.value = value;
        this.distinct = distinct;
    }

    public int getCorr() {
        return corr;
    }

    public int getIdx() {
        return idx;
    }

    public String getGroup() {
        return group;
    }

    public long getTs() {
        return ts;
    }

    /** The numeric value of the aggregated field, NaN where there is none. */
    public double getValue() {
        return value;
    }

    /** Whether the hit has a numeric value. */
    public boolean isNumeric() {
        return !Double.isNaN(value);
    }

    /** The value of the aggregated field(s) as text, {@code null} where absent. */
    public Object getDistinct() {
        return distinct;
    }

    @Override
    public String toString() {
        return "Hit[" + corr + "/" + idx + " " + group + " @" + ts + "]";
    }
}
