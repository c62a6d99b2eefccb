package dev.vigil.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The automaton reports every occurrence of every literal, with the dense rows (one lookup per
 * character) and with the sparse states and failure links that take over beyond the dense budget.
 * Literals with non-ASCII characters may also be reported for look-alikes (hashed classes); ASCII
 * literals exactly where they occur.
 */
class AhoCorasickTest {

    /** A small alphabet so that literals overlap, share prefixes and suffixes, and repeat. */
    private static final String ALPHABET = "aab\\.:x\u00e9\u0436\u4e2d";

    @Provide
    Arbitrary<List<String>> literals() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(6)
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars((ALPHABET + "zq").toCharArray()).ofMaxLength(60);
    }

    @Provide
    Arbitrary<Integer> budgets() {
        return Arbitraries.of(0, 40, 1 << 17);
    }

    @Property(tries = 400, seed = "20261128")
    void reportsEveryOccurrence(@ForAll("literals") List<String> literals, @ForAll("texts") String text,
                                @ForAll("budgets") int budget) {
        AhoCorasick ac = new AhoCorasick(literals, budget);
        Set<String> found = scan(ac, literals, text);
        Set<String> expected = naive(literals, text);
        assertThat(found).containsAll(expected);
        for (String hit : found) {
            String literal = literals.get(Integer.parseInt(hit.substring(0, hit.indexOf('@'))));
            if (literal.chars().allMatch(c -> c < 128)) {
                assertThat(expected).contains(hit);
            }
        }
    }

    @Test
    void findsOverlappingAndNestedLiterals() {
        List<String> literals = List.of("he", "she", "his", "hers");
        AhoCorasick ac = new AhoCorasick(literals, 0);
        assertThat(scan(ac, literals, "ushers")).containsExactlyInAnyOrder("0@4", "1@4", "3@6");
    }

    @Test
    void rejectsTheEmptyLiteral() {
        assertThatThrownBy(() -> new AhoCorasick(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Each hit as "literal index@end". */
    private static Set<String> scan(AhoCorasick ac, List<String> literals, String text) {
        Set<String> hits = new TreeSet<>();
        int cursor = 0;
        for (int i = 0; i < text.length(); i++) {
            cursor = ac.next(cursor, text.charAt(i));
            int[] out = ac.output(cursor);
            if (out != null) {
                for (int li : out) {
                    hits.add(li + "@" + (i + 1));
                }
            }
        }
        return hits;
    }

    private static Set<String> naive(List<String> literals, String text) {
        Set<String> hits = new TreeSet<>();
        for (int li = 0; li < literals.size(); li++) {
            String l = literals.get(li);
            for (int at = text.indexOf(l); at >= 0; at = text.indexOf(l, at + 1)) {
                hits.add(li + "@" + (at + l.length()));
            }
        }
        return hits;
    }
}
