package dev.vigil.correlation;

import dev.vigil.correlation.internal.Hit;
import java.util.ArrayList;
import java.util.List;

/** What a partition holds for one correlation and group: its live hits, its open window, its suppression. */
final class GroupState {

    static final long NONE = Long.MIN_VALUE;

    final int corr;
    final String key;
    final String[] values;
    final List<Hit> hits = new ArrayList<>(4);
    int live;
    long windowStart = NONE;
    long windowVersion;
    long suppressedUntil = NONE;
    boolean removed;

    GroupState(int corr, String key, String[] values) {
        this.corr = corr;
        this.key = key;
        this.values = values;
    }

    void add(Hit h) {
        hits.add(h);
        live++;
    }

    /** Drops dead hits from the list once they outnumber the live ones. */
    void compact() {
        if (hits.size() > 8 && hits.size() > 2 * live) {
            hits.removeIf(h -> !h.live);
        }
    }

    long minLiveTs() {
        long min = Long.MAX_VALUE;
        for (Hit h : hits) {
            if (h.live && h.getTs() < min) {
                min = h.getTs();
            }
        }
        return min;
    }
}
