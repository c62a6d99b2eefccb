package dev.vigil.core.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The atoms of one field: exact values in a hash map, prefixes, suffixes and substrings in one
 * {@link AhoCorasick} automaton, so a value is scanned once whatever the number of rules.
 */
final class LiteralIndex {

    /** Receives the number of each atom seen. */
    interface Sink {
        void atom(int id);
    }

    private final Map<String, int[]> exact;
    /**
     * A bit per (length, last character) pair of the exact values: most values have a shape no exact
     * value has and skip the hash lookup, which costs a string hash and cache misses per value.
     */
    private final long[] exactShapes;
    private final AhoCorasick automaton;
    /** For each automaton literal: its length and the atoms (global ids) it stands for. */
    private final int[] lengths;
    private final int[][] atomsOf;
    /** For each atom id: its kind, for checking where an automaton hit sits. */
    private final Prefilter.Kind[] kinds;

    private LiteralIndex(Map<String, int[]> exact, AhoCorasick automaton, int[] lengths, int[][] atomsOf,
                         Prefilter.Kind[] kinds) {
        this.exact = exact;
        this.exactShapes = new long[(1 << SHAPE_LOG) / 64];
        for (String value : exact.keySet()) {
            int shape = shape(value);
            exactShapes[shape >>> 6] |= 1L << shape;
        }
        this.automaton = automaton;
        this.lengths = lengths;
        this.atomsOf = atomsOf;
        this.kinds = kinds;
    }

    private static final int SHAPE_LOG = 14;

    private static int shape(String value) {
        int n = value.length();
        int last = n == 0 ? 0 : value.charAt(n - 1);
        return (n * 0x9E3779B1 + last * 0x85EBCA6B) >>> (32 - SHAPE_LOG);
    }

    /** Builds the index of {@code atoms} (with their global ids) of one field. */
    static LiteralIndex build(List<Prefilter.Atom> atoms, List<Integer> ids, Prefilter.Kind[] kinds) {
        Map<String, List<Integer>> exact = new HashMap<>();
        Map<String, List<Integer>> scanned = new LinkedHashMap<>();
        for (int i = 0; i < atoms.size(); i++) {
            Prefilter.Atom a = atoms.get(i);
            (a.kind() == Prefilter.Kind.EQUALS ? exact : scanned)
                    .computeIfAbsent(a.literal(), k -> new ArrayList<>()).add(ids.get(i));
        }
        Map<String, int[]> exactIds = new HashMap<>();
        exact.forEach((k, v) -> exactIds.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        List<String> literals = new ArrayList<>(scanned.keySet());
        int[] lengths = new int[literals.size()];
        int[][] atomsOf = new int[literals.size()][];
        for (int i = 0; i < literals.size(); i++) {
            lengths[i] = literals.get(i).length();
            atomsOf[i] = scanned.get(literals.get(i)).stream().mapToInt(Integer::intValue).toArray();
        }
        AhoCorasick ac = literals.isEmpty() ? null : new AhoCorasick(literals);
        return new LiteralIndex(exactIds, ac, lengths, atomsOf, kinds);
    }

    /** Reports every atom of this field that the lower-cased value {@code text} satisfies. */
    void scan(String text, Sink sink) {
        int shape = shape(text);
        if ((exactShapes[shape >>> 6] & (1L << shape)) != 0) {
            int[] ids = exact.get(text);
            if (ids != null) {
                for (int id : ids) {
                    sink.atom(id);
                }
            }
        }
        if (automaton == null) {
            return;
        }
        AhoCorasick ac = automaton;
        int length = text.length();
        int state = 0;
        for (int i = 0; i < length; i++) {
            state = ac.next(state, text.charAt(i));
            int[] found = ac.output(state);
            if (found == null) {
                continue;
            }
            int end = i + 1;
            for (int literal : found) {
                int begin = end - lengths[literal];
                for (int id : atomsOf[literal]) {
                    switch (kinds[id]) {
                        case CONTAINS -> sink.atom(id);
                        case PREFIX -> {
                            if (begin == 0) {
                                sink.atom(id);
                            }
                        }
                        case SUFFIX -> {
                            if (end == length) {
                                sink.atom(id);
                            }
                        }
                        default -> { }
                    }
                }
            }
        }
    }
}
