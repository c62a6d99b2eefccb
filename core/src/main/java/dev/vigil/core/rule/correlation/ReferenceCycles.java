package dev.vigil.core.rule.correlation;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Finds the correlations that are part of a cycle of references (a correlation over a correlation over
 * ... itself). Iterative, so that thousands of chained correlations cannot overflow the stack, and linear
 * in the number of references.
 */
public final class ReferenceCycles {

    private ReferenceCycles() {
    }

    /**
     * Which nodes lie on a cycle.
     *
     * @param references for each node {@code 0..n-1}, the nodes it refers to
     * @return for each node, whether it lies on a cycle (a self-reference counts)
     */
    public static boolean[] onCycle(int[][] references) {
        int n = references.length;
        int[] index = new int[n];
        int[] low = new int[n];
        Arrays.fill(index, -1);
        boolean[] open = new boolean[n];
        boolean[] cyclic = new boolean[n];
        Deque<Integer> component = new ArrayDeque<>();
        int[] edge = new int[n];
        Deque<Integer> path = new ArrayDeque<>();
        int next = 0;
        for (int s = 0; s < n; s++) {
            if (index[s] >= 0) {
                continue;
            }
            index[s] = low[s] = next++;
            component.push(s);
            open[s] = true;
            path.push(s);
            while (!path.isEmpty()) {
                int v = path.peek();
                if (edge[v] < references[v].length) {
                    int w = references[v][edge[v]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        component.push(w);
                        open[w] = true;
                        path.push(w);
                    } else if (open[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                path.pop();
                if (!path.isEmpty()) {
                    low[path.peek()] = Math.min(low[path.peek()], low[v]);
                }
                if (low[v] == index[v]) {
                    int w = component.pop();
                    open[w] = false;
                    if (w != v) {
                        cyclic[w] = true;
                        cyclic[v] = true;
                        do {
                            w = component.pop();
                            open[w] = false;
                            cyclic[w] = true;
                        } while (w != v);
                    } else {
                        for (int r : references[v]) {
                            cyclic[v] |= r == v;
                        }
                    }
                }
            }
        }
        return cyclic;
    }
}
