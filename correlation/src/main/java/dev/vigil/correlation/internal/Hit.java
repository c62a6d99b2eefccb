package dev.vigil.correlation.internal;

/**
 * One match of a referenced rule: correlation, rule position, group key, event time, value.
 *
 * <p>A plain fact, not a Drools event: the rules relate hits by their event times with temporal
 * operators on the {@code ts} field ({@code ts before[0, T] $a.ts}), and Vigil removes hits itself
 * (when the watermark passes them, or when an alert consumes them). As events, Drools would expire
 * them by offsets it infers from the operators, assuming events come in time order (wrong for late
 * matches and for windows decided when they close), and would schedule a job per hit whose
 * cancellation scans its whole job queue.
 */
public final class Hit {

    private final int corr;
    private final int idx;
    private final String group;
    private final long ts;
    private final double value;
    private final Object distinct;
    /** Engine bookkeeping, not seen by rules. */
    public Object handle;
    public Object ref;
    /** The engine's state of the hit's group. */
    public Object owner;
    public boolean live = true;
    /** Arrival order within the partition: orders hits of the same event time. */
    public long seq;

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
