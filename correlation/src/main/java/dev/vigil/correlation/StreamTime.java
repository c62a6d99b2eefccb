package dev.vigil.correlation;

import java.util.Arrays;

/**
 * The time of an event-time stream, as the latest matches agree on it: the median of the latest
 * {@value #RECENT} match times, once at least {@value #AT_LEAST} are known, never going back. The
 * greatest time seen would do for honest logs, but one forged future time would then push the
 * watermark past every later match and make them all late; and since the stream's time never goes
 * back, a time that only a few matches reach would blind the session for good once it had been
 * reached. With the median an attacker has to forge half of the recent matches (or 9 of the first 16).
 * The price: in time-ordered input the stream's time trails the latest match by about half of
 * {@value #RECENT} matches, so state is kept that much longer and fewer matches count as late.
 */
final class StreamTime {

    static final int RECENT = 1024;

    /** How many match times must be known before the stream has a time. */
    static final int AT_LEAST = 16;

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
        if (size >= AT_LEAST) {
            time = Math.max(time, sorted[(size - 1) / 2]);
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

    /** The stream's time, {@link Long#MIN_VALUE} before {@value #AT_LEAST} matches came. */
    long get() {
        return time;
    }
}
