package dev.vigil.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-literal search automaton compiled to a full transition table over an alphabet reduced to
 * the characters the literals use (all other characters share one class). One table lookup per
 * character of the text, no failure-link chasing at scan time, and a build linear in the total
 * literal length times the alphabet size.
 */
final class AhoCorasick {

    /** Receives each literal found: its number and where it ends (exclusive) in the text. */
    interface Hits {
        void hit(int literal, int end);
    }

    private final int[] asciiClass = new int[128];
    private final Map<Character, Integer> otherClass;
    private final int classes;
    private final int[] delta;
    /** For each state, the literals that end there (own and inherited through failure links), or null. */
    private final int[][] output;

    AhoCorasick(List<String> literals) {
        Map<Character, Integer> other = new HashMap<>();
        int next = 1;
        for (String s : literals) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 128) {
                    if (asciiClass[c] == 0) {
                        asciiClass[c] = next++;
                    }
                } else if (!other.containsKey(c)) {
                    other.put(c, next++);
                }
            }
        }
        this.otherClass = other;
        this.classes = next;

        // trie, with transitions in a growable table (-1: none yet)
        int[] goTo = new int[Math.max(16, classes * 16)];
        Arrays.fill(goTo, -1);
        List<int[]> ends = new ArrayList<>();
        ends.add(null);
        int states = 1;
        for (int li = 0; li < literals.size(); li++) {
            String s = literals.get(li);
            int state = 0;
            for (int i = 0; i < s.length(); i++) {
                int cls = classOf(s.charAt(i));
                int idx = state * classes + cls;
                if (goTo[idx] < 0) {
                    if ((states + 1) * classes > goTo.length) {
                        int old = goTo.length;
                        goTo = Arrays.copyOf(goTo, Math.max(old * 2, (states + 1) * classes));
                        Arrays.fill(goTo, old, goTo.length, -1);
                    }
                    goTo[idx] = states++;
                    ends.add(null);
                }
                state = goTo[idx];
            }
            int[] e = ends.get(state);
            ends.set(state, append(e, li));
        }

        // breadth-first: failure links folded into a complete transition table
        int[] d = Arrays.copyOf(goTo, states * classes);
        int[] fail = new int[states];
        int[][] out = new int[states][];
        for (int s = 0; s < states; s++) {
            out[s] = ends.get(s);
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int t = d[c];
            if (t < 0) {
                d[c] = 0;
            } else {
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int f = fail[s];
            if (out[f] != null) {
                out[s] = out[s] == null ? out[f] : concat(out[s], out[f]);
            }
            for (int c = 0; c < classes; c++) {
                int idx = s * classes + c;
                int t = d[idx];
                if (t < 0) {
                    d[idx] = d[f * classes + c];
                } else {
                    fail[t] = d[f * classes + c];
                    queue.add(t);
                }
            }
        }
        this.delta = d;
        this.output = out;
    }

    private int classOf(char c) {
        if (c < 128) {
            return asciiClass[c];
        }
        Integer k = otherClass.get(c);
        return k == null ? 0 : k;
    }

    /** Reports every occurrence of every literal in {@code text}. */
    void scan(String text, Hits hits) {
        int[] d = delta;
        int[][] out = output;
        int nc = classes;
        int[] ascii = asciiClass;
        boolean others = !otherClass.isEmpty();
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            int cls = c < 128 ? ascii[c] : others ? classOf(c) : 0;
            state = d[state * nc + cls];
            int[] o = out[state];
            if (o != null) {
                for (int li : o) {
                    hits.hit(li, i + 1);
                }
            }
        }
    }

    /** The size of the transition table, in entries. */
    int tableSize() {
        return delta.length;
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
