package dev.vigil.correlation.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Aggregates the generated rules compute that Drools has no accumulate function for. */
public final class Fn {

    private Fn() {
    }

    /** A number as a double; NaN for anything else. */
    public static double d(Object n) {
        return n instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    public static double size(Collection<?> c) {
        return c == null ? 0 : c.size();
    }

    /**
     * The {@code p}-th percentile (0..100) of the numbers in {@code values}, by linear interpolation
     * between closest ranks; NaN when there are none.
     */
    public static double percentile(Collection<?> values, double p) {
        List<Double> xs = new ArrayList<>(values.size());
        for (Object v : values) {
            double x = d(v);
            if (!Double.isNaN(x)) {
                xs.add(x);
            }
        }
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        xs.sort(null);
        double rank = p / 100.0 * (xs.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return xs.get(lo) + (xs.get(hi) - xs.get(lo)) * (rank - lo);
    }

    /**
     * The share, in percent, of each distinct value among {@code values}; the smallest of them when
     * {@code smallest}, else the largest; NaN when there are none.
     */
    public static double share(Collection<?> values, boolean smallest) {
        Map<Object, Integer> counts = new HashMap<>();
        int total = 0;
        for (Object v : values) {
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
                total++;
            }
        }
        if (total == 0) {
            return Double.NaN;
        }
        int pick = smallest ? Integer.MAX_VALUE : 0;
        for (int c : counts.values()) {
            pick = smallest ? Math.min(pick, c) : Math.max(pick, c);
        }
        return 100.0 * pick / total;
    }
}
