package dev.vigil.correlation;

import dev.vigil.correlation.internal.Hit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a partition holds for one correlation and group: its live hits in event-time order, its open
 * window, its suppression, and when the watermark next has something to do with it.
 */
final class GroupState {

    static final long NONE = Long.MIN_VALUE;

    /** Event time, then arrival: the order of a group's hits. */
    static final Comparator<Hit> BY_TIME = Comparator.comparingLong(Hit::getTs).thenComparingLong(h -> h.seq);

    /** The partition's order of deadlines; groups of equal deadline by creation. */
    static final Comparator<GroupState> BY_DEADLINE = Comparator.<GroupState>comparingLong(g -> g.deadline)
            .thenComparingLong(g -> g.id);

    final int corr;
    final String key;
    final String[] values;
    final long id;
    /** Live hits only, oldest first: a late hit finds its place, and the windows around it, in O(log n). */
    final TreeSet<Hit> hits = new TreeSet<>(BY_TIME);
    /** For value_count and temporal: the live hits of each value, to tell which windows a hit changes. */
    final Map<Object, TreeSet<Hit>> byValue;
    long windowStart = NONE;
    long suppressedUntil = NONE;
    /**
     * For a sliding condition with an upper bound: the latest end of a window that may not fire again,
     * since it overlaps the last alert's (whose matches still count toward the upper bound).
     */
    long firedUntil = NONE;
    /** When the watermark must next look at this group; {@link #NONE} while not scheduled. */
    long deadline = NONE;
    boolean removed;

    GroupState(int corr, String key, String[] values, long id, boolean indexValues) {
        this.corr = corr;
        this.key = key;
        this.values = values;
        this.id = id;
        this.byValue = indexValues ? new HashMap<>() : null;
    }

    /** The live hits with times in [from, to], oldest first. */
    NavigableSet<Hit> between(long from, long to) {
        if (from > to) {
            return new TreeSet<>(BY_TIME);
        }
        return hits.subSet(bound(from, Long.MIN_VALUE), true, bound(to, Long.MAX_VALUE), true);
    }

    static Hit bound(long ts, long seq) {
        Hit h = new Hit(-1, -1, null, ts, Double.NaN, null);
        h.seq = seq;
        return h;
    }
}
