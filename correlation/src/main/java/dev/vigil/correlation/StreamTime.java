package dev.vigil.correlation;

import java.util.Arrays;

/**
 * The time of an event-time stream, as the latest matches agree on it: the greatest time that at
 * least 1 % of the latest {@value #RECENT} match times (and at least two of them) reach, never going
 * back. The greatest time seen would do for honest logs, but one forged future time would then push
 * the watermark past every later match and make them all late; this way an attacker has to forge more
 * than 1 % of the recent matches. In time-ordered input it trails the latest match by about 1 % of
 * {@value #RECENT} matches.
 */
final class StreamTime {

    static final int RECENT = 1024;

    private final long[] ring = new long[RECENT];
    private final long[] sorted = new long[RECENT];
    private int size;
    private int next;
    private long time = Long.MIN_VALUE;

    /** Adds a match time; O(log n) search and one array move of at most {@value #RECENT} entries. */
    void add(long ts) {
        if (size == RECENT) {
            remove(ring[next]);
        }
        ring[next] = ts;
        next = (next + 1) % RECENT;
        int at = Arrays.binarySearch(sorted, 0, size, ts);
        at = at < 0 ? -at - 1 : at;
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = ts;
        size++;
        if (size >= 2) {
            time = Math.max(time, sorted[size - 1 - Math.max(1, size / 100)]);
        }
    }

    private void remove(long ts) {
        int at = Arrays.binarySearch(sorted, 0, size, ts);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        size--;
    }

    /** Moves the time to at least {@code ts} (a caller's word, trusted). */
    void advanceTo(long ts) {
        time = Math.max(time, ts);
    }

    /** The stream's time, {@link Long#MIN_VALUE} before two matches came. */
    long get() {
        return time;
    }
}
