package dev.vigil.benchmarks.drools;

import java.util.Arrays;

/**
 * The rules that fired for the current event, each once however many of its branches or fact
 * combinations matched. The generated consequences call {@link #hit(int)} through the DRL global
 * {@code hits}.
 */
public final class Hits {

    private final boolean[] seen;
    private int[] fired = new int[16];
    private int size;

    Hits(int rules) {
        this.seen = new boolean[rules];
    }

    /** Records that rule {@code rule} (its index in the translated list) matched. */
    public void hit(int rule) {
        if (!seen[rule]) {
            seen[rule] = true;
            if (size == fired.length) {
                fired = Arrays.copyOf(fired, size * 2);
            }
            fired[size++] = rule;
        }
    }

    int size() {
        return size;
    }

    /** The rules hit since the last clear, sorted. */
    int[] sorted() {
        int[] r = Arrays.copyOf(fired, size);
        Arrays.sort(r);
        return r;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            seen[fired[i]] = false;
        }
        size = 0;
    }
}
