package dev.vigil.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-literal search automaton. The states near the root, where a scan spends most of its
 * time, have full transition rows (one table lookup per character); deeper states keep only their
 * own transitions and a failure link, so memory stays proportional to the total literal length.
 *
 * <p>Characters are reduced to classes: each ASCII character a literal uses has its own class,
 * non-ASCII characters that literals use share a few hashed classes, and every other character is
 * class 0. Sharing can only make the automaton report a literal that is not there, never miss one,
 * which is what a prefilter needs; hits are confirmed by full evaluation.
 */
final class AhoCorasick {

    /** Receives each literal found: its number and where it ends (exclusive) in the text. */
    interface Hits {
        void hit(int literal, int end);
    }

    private static final int NON_ASCII_CLASSES = 16;
    /** States at most this deep get a full transition row. */
    private static final int DENSE_DEPTH = 2;

    private final int[] asciiClass = new int[128];
    private final long[] nonAsciiUsed = new long[1024];
    private final int nonAsciiBase;
    private final int classes;
    /** Full rows of the dense states: row(state) * classes + class → next state. */
    private final int[] dense;
    /** For each state: its row in {@link #dense}, or -1 for a sparse state. */
    private final int[] row;
    /** Sparse states: their transitions (class, target) sorted by class, and failure links. */
    private final int[][] sparseClasses;
    private final int[][] sparseTargets;
    private final int[] fail;
    /** For each state, the literals that end there (own and inherited through failure links), or null. */
    private final int[][] output;

    AhoCorasick(List<String> literals) {
        int next = 1;
        boolean anyNonAscii = false;
        for (String s : literals) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 128) {
                    if (asciiClass[c] == 0) {
                        asciiClass[c] = next++;
                    }
                } else {
                    nonAsciiUsed[c >>> 6] |= 1L << c;
                    anyNonAscii = true;
                }
            }
        }
        this.nonAsciiBase = next;
        this.classes = next + (anyNonAscii ? NON_ASCII_CLASSES : 0);

        // the trie: transitions per state as growable (class, target) lists
        List<int[]> kids = new ArrayList<>();
        List<int[]> ends = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        kids.add(new int[0]);
        ends.add(null);
        depth.add(0);
        for (int li = 0; li < literals.size(); li++) {
            String s = literals.get(li);
            int state = 0;
            for (int i = 0; i < s.length(); i++) {
                int cls = classOf(s.charAt(i));
                int t = find(kids.get(state), cls);
                if (t < 0) {
                    t = kids.size();
                    kids.add(new int[0]);
                    ends.add(null);
                    depth.add(depth.get(state) + 1);
                    int[] k = kids.get(state);
                    int[] grown = Arrays.copyOf(k, k.length + 2);
                    grown[k.length] = cls;
                    grown[k.length + 1] = t;
                    kids.set(state, grown);
                }
                state = t;
            }
            ends.set(state, append(ends.get(state), li));
        }
        int states = kids.size();

        // breadth-first: failure links, inherited outputs, full rows for the shallow states
        int[] failLinks = new int[states];
        int[][] out = new int[states][];
        int[] rows = new int[states];
        Arrays.fill(rows, -1);
        int denseCount = 0;
        for (int s = 0; s < states; s++) {
            out[s] = ends.get(s);
            if (depth.get(s) <= DENSE_DEPTH) {
                rows[s] = denseCount++;
            }
        }
        int[] d = new int[denseCount * classes];
        int[][] sc = new int[states][];
        int[][] st = new int[states][];
        for (int s = 0; s < states; s++) {
            int[] k = kids.get(s);
            int n = k.length / 2;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Integer.compare(k[2 * x], k[2 * y]));
            sc[s] = new int[n];
            st[s] = new int[n];
            for (int i = 0; i < n; i++) {
                sc[s][i] = k[2 * order[i]];
                st[s][i] = k[2 * order[i] + 1];
            }
        }
        this.sparseClasses = sc;
        this.sparseTargets = st;
        this.fail = failLinks;
        this.row = rows;
        this.dense = d;

        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int f = failLinks[s];
            if (s != 0 && out[f] != null) {
                out[s] = out[s] == null ? out[f] : concat(out[s], out[f]);
            }
            for (int i = 0; i < sc[s].length; i++) {
                int t = st[s][i];
                failLinks[t] = s == 0 ? 0 : step(f, sc[s][i]);
                queue.add(t);
            }
            if (rows[s] >= 0) {
                int base = rows[s] * classes;
                for (int c = 0; c < classes; c++) {
                    int own = find(sc[s], st[s], c);
                    d[base + c] = own >= 0 ? own : s == 0 ? 0 : step(f, c);
                }
            }
        }
        this.output = out;
    }

    /** The state after reading class {@code c} in state {@code s} (rows of states before {@code s} in BFS order are complete). */
    private int step(int s, int c) {
        while (true) {
            if (row[s] >= 0) {
                return dense[row[s] * classes + c];
            }
            int t = find(sparseClasses[s], sparseTargets[s], c);
            if (t >= 0) {
                return t;
            }
            s = fail[s];
        }
    }

    private static int find(int[] pairs, int cls) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == cls) {
                return pairs[i + 1];
            }
        }
        return -1;
    }

    private static int find(int[] classes, int[] targets, int cls) {
        int i = Arrays.binarySearch(classes, cls);
        return i >= 0 ? targets[i] : -1;
    }

    private int classOf(char c) {
        if (c < 128) {
            return asciiClass[c];
        }
        if ((nonAsciiUsed[c >>> 6] & (1L << c)) == 0) {
            return 0;
        }
        return nonAsciiBase + c % NON_ASCII_CLASSES;
    }

    /** Reports every occurrence of every literal in {@code text} (and, rarely, a non-ASCII look-alike). */
    void scan(String text, Hits hits) {
        int[][] out = output;
        int[] ascii = asciiClass;
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int cls = c < 128 ? ascii[c] : classOf(c);
            state = step(state, cls);
            int[] o = out[state];
            if (o != null) {
                for (int li : o) {
                    hits.hit(li, i + 1);
                }
            }
        }
    }

    /** The number of int entries the automaton holds, for sizing. */
    long tableSize() {
        long size = dense.length + row.length + fail.length;
        for (int[] a : sparseClasses) {
            size += 2L * a.length;
        }
        return size;
    }

    private static int[] append(int[] a, int v) {
        if (a == null) {
            return new int[] {v};
        }
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
