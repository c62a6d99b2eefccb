package dev.vigil.correlation;

import dev.vigil.correlation.internal.Hit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregate of a correlation (for counts, the number of matches, which bounds the count, the
 * number of values and the number of rules) over the windows ending at
 * each of a list of times, in one sliding pass over the group's hits: O(k log k) for k hits, where
 * probing each window in Drools costs O(k) apiece. Used to probe in Drools only the windows that may
 * hold, so that a group fed newest-first costs what it costs oldest-first. The values are for
 * deciding what to probe, not what to report: Drools still decides, so each is raised by a rounding
 * margin (the conditions probed are lower bounds, so a larger value only probes more).
 */
final class WindowAggregates {

    private WindowAggregates() {
    }

    /** The aggregate of the window [end - span, end] for each of {@code ends} (ascending); NaN where there is none. */
    static double[] of(Compiled c, GroupState g, List<Long> ends, long span) {
        List<Hit> near = new ArrayList<>();
        for (Hit h : g.between(ends.get(0) - span, ends.get(ends.size() - 1))) {
            if (c.boundedByMatches() || (c.rarity() ? h.getDistinct() != null : h.isNumeric())) {
                near.add(h);
            }
        }
        Sliding agg = switch (c.type()) {
            case VALUE_SUM -> new Sum(false);
            case VALUE_AVG -> new Sum(true);
            case VALUE_MEDIAN -> new Percentile(near, 50.0);
            case VALUE_PERCENTILE -> c.rarity() ? new LargestShare() : new Percentile(near, c.rule.percentile());
            // a count, and the number of values or rules, cannot exceed the matches in the window
            case EVENT_COUNT, VALUE_COUNT, TEMPORAL -> new Count();
            default -> throw new IllegalStateException(c.type().toString());
        };
        double[] out = new double[ends.size()];
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < ends.size(); i++) {
            long end = ends.get(i);
            while (hi < near.size() && near.get(hi).getTs() <= end) {
                agg.add(near.get(hi++));
            }
            while (lo < hi && near.get(lo).getTs() < end - span) {
                agg.remove(near.get(lo++));
            }
            double v = hi > lo ? agg.value() : Double.NaN;
            out[i] = v + Math.abs(v) * 1e-9 + 1e-9;
        }
        return out;
    }

    private interface Sliding {
        void add(Hit h);

        void remove(Hit h);

        double value();
    }

    private static final class Count implements Sliding {
        private long n;

        @Override
        public void add(Hit h) {
            n++;
        }

        @Override
        public void remove(Hit h) {
            n--;
        }

        @Override
        public double value() {
            return n;
        }
    }

    private static final class Sum implements Sliding {
        private final boolean average;
        private double sum;
        private long n;

        Sum(boolean average) {
            this.average = average;
        }

        @Override
        public void add(Hit h) {
            sum += h.getValue();
            n++;
        }

        @Override
        public void remove(Hit h) {
            sum -= h.getValue();
            n--;
        }

        @Override
        public double value() {
            return average ? sum / n : sum;
        }
    }

    /** The p-th percentile by linear interpolation between closest ranks, as {@code Fn.percentile}: a Fenwick tree over value ranks. */
    private static final class Percentile implements Sliding {
        private final double p;
        private final double[] values;
        private final int[] tree;
        private int n;

        Percentile(List<Hit> hits, double p) {
            this.p = p;
            double[] vs = new double[hits.size()];
            for (int i = 0; i < vs.length; i++) {
                vs[i] = hits.get(i).getValue();
            }
            Arrays.sort(vs);
            this.values = vs;
            this.tree = new int[vs.length + 1];
        }

        private void update(double v, int delta) {
            for (int i = Arrays.binarySearch(values, v) + 1; i < tree.length; i += i & -i) {
                tree[i] += delta;
            }
            n += delta;
        }

        /** The k-th smallest value in the window, from 0. */
        private double select(int k) {
            int pos = 0;
            int rest = k + 1;
            for (int step = Integer.highestOneBit(Math.max(1, tree.length - 1)); step > 0; step >>= 1) {
                if (pos + step < tree.length && tree[pos + step] < rest) {
                    pos += step;
                    rest -= tree[pos];
                }
            }
            return values[pos];
        }

        @Override
        public void add(Hit h) {
            update(h.getValue(), 1);
        }

        @Override
        public void remove(Hit h) {
            update(h.getValue(), -1);
        }

        @Override
        public double value() {
            double rank = p / 100.0 * (n - 1);
            int lo = (int) Math.floor(rank);
            int hi = (int) Math.ceil(rank);
            double a = select(lo);
            double b = hi == lo ? a : select(hi);
            return a + (b - a) * (rank - lo);
        }
    }

    /** The largest share, in percent, that one value has among the window's hits (as {@code Fn.share}). */
    private static final class LargestShare implements Sliding {
        private final Map<Object, Integer> counts = new HashMap<>();
        private final TreeMap<Integer, Integer> ofCount = new TreeMap<>();
        private int n;

        private void move(Object v, int delta) {
            int before = counts.getOrDefault(v, 0);
            int after = before + delta;
            if (before > 0) {
                ofCount.merge(before, -1, (x, y) -> x + y == 0 ? null : x + y);
            }
            if (after > 0) {
                counts.put(v, after);
                ofCount.merge(after, 1, Integer::sum);
            } else {
                counts.remove(v);
            }
            n += delta;
        }

        @Override
        public void add(Hit h) {
            move(h.getDistinct(), 1);
        }

        @Override
        public void remove(Hit h) {
            move(h.getDistinct(), -1);
        }

        @Override
        public double value() {
            return 100.0 * ofCount.lastKey() / n;
        }
    }
}
