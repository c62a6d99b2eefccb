package dev.vigil.core.match;

import java.util.List;

/**
 * A benchmark hook on the matcher's package-private Aho-Corasick automaton, shipped in core's test jar
 * ({@code vigil-core:tests}) for {@code AutomatonBenchmark}; not part of the API.
 */
public final class AutomatonProbe {

    private final AhoCorasick automaton;

    private AutomatonProbe(AhoCorasick automaton) {
        this.automaton = automaton;
    }

    /** Builds the automaton of {@code literals} (already lower-cased, distinct), as the matcher does. */
    public static AutomatonProbe build(List<String> literals) {
        return new AutomatonProbe(new AhoCorasick(literals));
    }

    /** Steps the automaton over every value and returns every occurrence of every literal found. */
    public long countOccurrences(String[] values) {
        long hits = 0;
        AhoCorasick ac = automaton;
        for (String v : values) {
            int cursor = 0;
            for (int i = 0, n = v.length(); i < n; i++) {
                cursor = ac.next(cursor, v.charAt(i));
                int[] out = ac.output(cursor);
                if (out != null) {
                    hits += out.length;
                }
            }
        }
        return hits;
    }
}
