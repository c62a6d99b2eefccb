package dev.vigil.cli;

import dev.vigil.core.rule.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Detections counted by time and level in at most {@value #MAX_BUCKETS} buckets, whatever the time range. Buckets
 * start one second wide and grow along a ladder of round widths (1 s, 5 s, 10 s, 30 s, 1 min, 5 min, 10 min,
 * 30 min, 1 h, 3 h, 6 h, 12 h, 1 d, then doubling), each a multiple of the one before, whenever there would be
 * more: the counts stay exact and the memory bounded when a forged timestamp stretches the range over centuries;
 * only the finest resolution is lost.
 */
final class TimeHistogram {

    /** How many buckets are kept at most, before they are merged into wider ones. */
    static final int MAX_BUCKETS = 4_096;

    private static final long SECOND = 1_000;
    private static final long DAY = 86_400 * SECOND;
    private static final long[] LADDER = {SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, 60 * SECOND,
        300 * SECOND, 600 * SECOND, 1_800 * SECOND, 3_600 * SECOND, 10_800 * SECOND, 21_600 * SECOND,
        43_200 * SECOND, DAY};

    /** One bar of a chart: from {@code start} (inclusive) to {@code end} (exclusive), counts by level ordinal. */
    record Bar(Instant start, Instant end, long[] counts) {
        long total() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    /** The widest bucket, 2^35 days, spans the whole range of times kept (+-{@link #LIMIT} ms). */
    private static final int MAX_SHIFT = 35;
    /** Times are kept within +-2^60 ms (36 million years) of 1970: beyond, at the end of the chart. */
    private static final long LIMIT = 1L << 60;

    private int step;
    /** Bucket index (epoch milliseconds / width, rounded down) to counts by level ordinal. */
    private Map<Long, long[]> buckets = new HashMap<>();
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** The width of the buckets at {@code step} of the ladder, in milliseconds. */
    private static long width(int step) {
        return step < LADDER.length ? LADDER[step] : DAY << Math.min(MAX_SHIFT, step - LADDER.length + 1);
    }

    void add(Instant time, Level level) {
        long millis;
        try {
            millis = Math.max(-LIMIT, Math.min(LIMIT, time.toEpochMilli()));
        } catch (ArithmeticException e) {
            millis = time.isBefore(Instant.EPOCH) ? -LIMIT : LIMIT;
        }
        min = Math.min(min, millis);
        max = Math.max(max, millis);
        buckets.computeIfAbsent(Math.floorDiv(millis, width(step)), k -> new long[Level.values().length])
                [level.ordinal()]++;
        while (buckets.size() > MAX_BUCKETS && width(step + 1) > width(step)) {
            buckets = regroup(buckets, width(step + 1) / width(step));
            step++;
        }
    }

    /** How many buckets are kept now. */
    int buckets() {
        return buckets.size();
    }

    /** {@code from}'s buckets merged {@code factor} to one. */
    private static Map<Long, long[]> regroup(Map<Long, long[]> from, long factor) {
        Map<Long, long[]> merged = new HashMap<>();
        from.forEach((k, counts) -> {
            long[] into = merged.computeIfAbsent(Math.floorDiv(k, factor), x -> new long[counts.length]);
            for (int i = 0; i < counts.length; i++) {
                into[i] += counts[i];
            }
        });
        return merged;
    }

    /**
     * The counts in at most {@code maxBars} bars of the narrowest round width on the ladder that fits (so that no
     * bucket is split), from the bar of the earliest time counted to that of the latest; empty bars included.
     */
    List<Bar> bars(int maxBars) {
        List<Bar> out = new ArrayList<>();
        if (buckets.isEmpty()) {
            return out;
        }
        int barStep = step;
        while (Math.floorDiv(max, width(barStep)) - Math.floorDiv(min, width(barStep)) + 1 > maxBars
                && width(barStep + 1) > width(barStep)) {
            barStep++;
        }
        long barWidth = width(barStep);
        long first = Math.floorDiv(min, barWidth);
        int bars = (int) (Math.floorDiv(max, barWidth) - first + 1);
        Map<Long, long[]> merged = regroup(buckets, barWidth / width(step));
        for (int i = 0; i < bars; i++) {
            long[] counts = merged.getOrDefault(first + i, new long[Level.values().length]);
            long start = (first + i) * barWidth;
            out.add(new Bar(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + barWidth), counts));
        }
        return out;
    }
}
