package dev.vigil.core.match;

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

    private static final int NON_ASCII_CLASSES = 16;
    /** Full rows go to the shallowest states while their total size stays within this many entries. */
    private static final int DENSE_BUDGET = 1 << 17;

    private final int[] asciiClass = new int[128];
    private final long[] nonAsciiUsed = new long[1024];
    private final int nonAsciiBase;
    private final int classes;
    /** Full rows of the dense states: row(state) * classes + class → next state. */
    private final int[] dense;
    /** For each state: its row in {@link #dense}, or -1 for a sparse state. */
    private final int[] row;
    /**
     * The trie's own transitions, all states in one pair of arrays: state {@code s}'s are at
     * {@code [firstEdge[s], firstEdge[s + 1])}, sorted by class. Used by sparse states, with the
     * failure links (one pair of arrays instead of two per state: the automata of a large rule set
     * have hundreds of thousands of states).
     */
    private final int[] firstEdge;
    private final int[] edgeClass;
    private final int[] edgeTarget;
    private final int[] fail;
    /** For each state, the literals that end there (own and inherited through failure links), or null. */
    private final int[][] output;

    AhoCorasick(List<String> literals) {
        this(literals, DENSE_BUDGET);
    }

    /** An automaton whose full rows hold at most {@code denseBudget} entries (the root's row always). */
    AhoCorasick(List<String> literals, int denseBudget) {
        int next = 1;
        boolean anyNonAscii = false;
        for (String s : literals) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty literal");
            }
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

        // the trie: children by (state, class)
        java.util.HashMap<Long, Integer> children = new java.util.HashMap<>();
        List<int[]> ends = new ArrayList<>();
        int[] depth = new int[16];
        int[] kidCount = new int[16];
        ends.add(null);
        int states = 1;
        for (int li = 0; li < literals.size(); li++) {
            String s = literals.get(li);
            int state = 0;
            for (int i = 0; i < s.length(); i++) {
                int cls = classOf(s.charAt(i));
                long key = ((long) state << 16) | cls;
                Integer t = children.get(key);
                if (t == null) {
                    t = states++;
                    children.put(key, t);
                    ends.add(null);
                    if (states > depth.length) {
                        depth = Arrays.copyOf(depth, states * 2);
                        kidCount = Arrays.copyOf(kidCount, states * 2);
                    }
                    depth[t] = depth[state] + 1;
                    kidCount[state]++;
                }
                state = t;
            }
            ends.set(state, append(ends.get(state), li));
        }
        int[][] sc = new int[states][];
        int[][] st = new int[states][];
        for (int s = 0; s < states; s++) {
            sc[s] = new int[kidCount[s]];
            st[s] = new int[kidCount[s]];
        }
        int[] filled = new int[states];
        for (var e : children.entrySet()) {
            int parent = (int) (e.getKey() >>> 16);
            int k = filled[parent]++;
            sc[parent][k] = (int) (e.getKey() & 0xFFFF);
            st[parent][k] = e.getValue();
        }
        for (int s = 0; s < states; s++) {
            sortPairs(sc[s], st[s]);
        }

        // breadth-first: failure links, inherited outputs, full rows for the shallow states
        int[] failLinks = new int[states];
        int[][] out = new int[states][];
        int[] rows = new int[states];
        Arrays.fill(rows, -1);
        int denseCount = 0;
        for (int s = 0; s < states; s++) {
            out[s] = ends.get(s);
        }
        int maxDepth = 0;
        for (int s = 0; s < states; s++) {
            maxDepth = Math.max(maxDepth, depth[s]);
        }
        int[] perDepth = new int[maxDepth + 2];
        for (int s = 0; s < states; s++) {
            perDepth[depth[s] + 1]++;
        }
        for (int k = 1; k < perDepth.length; k++) {
            perDepth[k] += perDepth[k - 1];
        }
        int[] byDepth = new int[states];
        for (int s = 0; s < states; s++) {
            byDepth[perDepth[depth[s]]++] = s;
        }
        for (int s : byDepth) {
            if (depth[s] > 1 && (long) (denseCount + 1) * classes > denseBudget) {
                break;
            }
            rows[s] = denseCount++;
        }
        int[] d = new int[denseCount * classes];
        int[] first = new int[states + 1];
        for (int s = 0; s < states; s++) {
            first[s + 1] = first[s] + sc[s].length;
        }
        int[] ec = new int[first[states]];
        int[] et = new int[first[states]];
        for (int s = 0; s < states; s++) {
            System.arraycopy(sc[s], 0, ec, first[s], sc[s].length);
            System.arraycopy(st[s], 0, et, first[s], st[s].length);
        }
        this.firstEdge = first;
        this.edgeClass = ec;
        this.edgeTarget = et;
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
                    int own = edge(s, c);
                    d[base + c] = own >= 0 ? own : s == 0 ? 0 : step(f, c);
                }
            }
        }
        this.output = out;
        // state numbers in the dense rows become cursors, now that every output is known
        for (int i = 0; i < d.length; i++) {
            d[i] = cursor(d[i]);
        }
    }

    /**
     * The cursor of a state: the offset of its row for a dense state without output, so that the
     * common step is one array read; {@code -(state + 1)} for the others.
     */
    private int cursor(int state) {
        int r = row[state];
        return r >= 0 && output[state] == null ? r * classes : -(state + 1);
    }

    /** The state after reading class {@code c} in state {@code s} (rows of states before {@code s} in BFS order are complete). */
    private int step(int s, int c) {
        while (true) {
            if (row[s] >= 0) {
                return dense[row[s] * classes + c];
            }
            int t = edge(s, c);
            if (t >= 0) {
                return t;
            }
            s = fail[s];
        }
    }

    /** Sorts {@code keys} ascending, moving {@code values} along (insertion sort: rows are short). */
    private static void sortPairs(int[] keys, int[] values) {
        for (int i = 1; i < keys.length; i++) {
            int k = keys[i];
            int v = values[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > k) {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }
            keys[j + 1] = k;
            values[j + 1] = v;
        }
    }

    /** The target of state {@code s}'s own transition on class {@code cls}, or -1. */
    private int edge(int s, int cls) {
        int i = Arrays.binarySearch(edgeClass, firstEdge[s], firstEdge[s + 1], cls);
        return i >= 0 ? edgeTarget[i] : -1;
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

    /** The cursor after reading {@code c} at {@code cursor}; scans start at cursor 0, the root. */
    int next(int cursor, char c) {
        int cls = c < 128 ? asciiClass[c] : classOf(c);
        return cursor >= 0 ? dense[cursor + cls] : slowStep(-cursor - 1, cls);
    }

    private int slowStep(int s, int c) {
        while (true) {
            if (row[s] >= 0) {
                return dense[row[s] * classes + c];
            }
            int t = edge(s, c);
            if (t >= 0) {
                return cursor(t);
            }
            s = fail[s];
        }
    }

    /** The literals that end at {@code cursor}'s state, or {@code null}. */
    int[] output(int cursor) {
        return cursor >= 0 ? null : output[-cursor - 1];
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
