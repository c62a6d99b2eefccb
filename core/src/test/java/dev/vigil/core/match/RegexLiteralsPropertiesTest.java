package dev.vigil.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.RegexMatcher;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The prefilter's regex literals are sound: when an expression matches a text, one of the literals
 * {@link RegexLiterals} says every match contains is in the lower-cased text. A literal that is not
 * would make the optimized matcher skip a rule that matches.
 *
 * <p>Expressions are random over a small grammar (literals including case-folding letters, escapes,
 * classes, groups, alternation, quantifiers, anchors, {@code (?i)}); texts are random over the same
 * letters, half of them built from pieces of the expression so that matches are common.
 */
class RegexLiteralsPropertiesTest {

    private static final String LETTERS = "abkKsS.-\\ 1";
    private static final String TEXT_LETTERS = "abABkKsS\u017F\u212A.-\\ 1\n";

    @Property(tries = 4000, seed = "20261128")
    void everyMatchContainsARequiredLiteral(@ForAll long seed) {
        Random random = new Random(seed);
        String regex = (random.nextInt(4) == 0 ? "(?i)" : "") + alternation(random, 3);
        boolean ignoreCase = random.nextInt(3) == 0;
        RegexMatcher matcher;
        try {
            matcher = RegexMatcher.of(regex, ignoreCase, false, false);
        } catch (IllegalArgumentException invalid) {
            return;
        }
        Set<String> required = RegexLiterals.required(regex, ignoreCase);
        boolean checked = false;
        for (int i = 0; i < 20; i++) {
            String text = random.nextBoolean() ? text(random) : fromPieces(random, regex);
            if (required != null && matcher.matches(text)) {
                String lower = text.toLowerCase(Locale.ROOT);
                assertThat(required).as("/%s/ (ignore case %s) on %s", regex, ignoreCase, text)
                        .anyMatch(lower::contains);
                checked = true;
            }
        }
        Statistics.label("a match checked against literals").collect(checked);
        // a generator that rarely gets here would test nothing
        Statistics.label("a match checked against literals")
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    private static String alternation(Random r, int depth) {
        StringBuilder sb = new StringBuilder(sequence(r, depth));
        while (r.nextInt(4) == 0) {
            sb.append('|').append(sequence(r, depth));
        }
        return sb.toString();
    }

    private static String sequence(Random r, int depth) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(8) == 0) {
            sb.append('^');
        }
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(atom(r, depth)).append(quantifier(r));
        }
        if (r.nextInt(8) == 0) {
            sb.append('$');
        }
        return sb.toString();
    }

    private static String atom(Random r, int depth) {
        int k = r.nextInt(12);
        if (k < 6) {
            char c = LETTERS.charAt(r.nextInt(LETTERS.length()));
            return c == '.' || c == '\\' ? (r.nextBoolean() ? "\\" + c : String.valueOf(c)) : String.valueOf(c);
        }
        return switch (k) {
            case 6 -> new String[] {"\\d", "\\w", "\\s", "\\b", "\\S", "\\x41", "\\.", "\\-"}[r.nextInt(8)];
            case 7 -> new String[] {"[ab]", "[^a]", "[a-k]", "[.]", "[Kk]", "[\\\\]"}[r.nextInt(6)];
            case 8 -> ".";
            case 9 -> depth > 0 ? "(" + alternation(r, depth - 1) + ")" : "a";
            case 10 -> depth > 0 ? "(?:" + alternation(r, depth - 1) + ")" : "b";
            default -> depth > 0 ? "(?i:" + alternation(r, depth - 1) + ")" : "s";
        };
    }

    private static String quantifier(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "*";
            case 1 -> "+";
            case 2 -> "?";
            case 3 -> "{0,2}";
            case 4 -> "{2}";
            case 5 -> "*?";
            default -> "";
        };
    }

    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(TEXT_LETTERS.charAt(r.nextInt(TEXT_LETTERS.length())));
        }
        return sb.toString();
    }

    /** Runs of the expression's own characters (escapes and metacharacters dropped), in random case. */
    private static String fromPieces(Random r, String regex) {
        String plain = regex.replaceAll("[\\\\()\\[\\]{}|*+?^$:]", "");
        StringBuilder sb = new StringBuilder();
        int pieces = 1 + r.nextInt(3);
        for (int i = 0; i < pieces && !plain.isEmpty(); i++) {
            int from = r.nextInt(plain.length());
            int to = Math.min(plain.length(), from + 1 + r.nextInt(6));
            String piece = plain.substring(from, to);
            sb.append(r.nextBoolean() ? piece.toUpperCase(Locale.ROOT) : piece);
            if (r.nextInt(3) == 0) {
                sb.append(TEXT_LETTERS.charAt(r.nextInt(TEXT_LETTERS.length())));
            }
        }
        return sb.toString();
    }
}
