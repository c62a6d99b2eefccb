package dev.vigil.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Wildcard matching ({@code *} any run, {@code ?} any one character, by code point) agrees with the
 * same pattern as an anchored regular expression, on random patterns and texts over a few letters,
 * a dot and a character outside the Basic Multilingual Plane.
 */
class GlobPatternPropertiesTest {

    private static final String[] PIECES = {"a", "b", "ab", "ba", ".", "\uD83D\uDE00", "aa"};

    @Property(tries = 5000, seed = "20261128")
    void matchesAsTheEquivalentRegex(@ForAll long seed) {
        Random r = new Random(seed);
        List<GlobPattern.Part> parts = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(4)) {
                case 0 -> {
                    parts.add(GlobPattern.ANY_RUN);
                    regex.append(".*");
                }
                case 1 -> {
                    parts.add(GlobPattern.ANY_CHAR);
                    regex.append('.');
                }
                default -> {
                    String piece = PIECES[r.nextInt(PIECES.length)];
                    parts.add(new GlobPattern.Literal(piece));
                    regex.append(Pattern.quote(piece));
                }
            }
        }
        GlobPattern glob = GlobPattern.of(parts);
        Pattern re = Pattern.compile(regex.toString(), Pattern.DOTALL);
        boolean anyMatch = false;
        for (int k = 0; k < 30; k++) {
            StringBuilder text = new StringBuilder();
            int len = r.nextInt(8);
            for (int i = 0; i < len; i++) {
                text.append(PIECES[r.nextInt(PIECES.length)]);
            }
            boolean expected = re.matcher(text.toString()).matches();
            assertThat(glob.matches(text.toString(), true)).as("%s on %s", parts, text).isEqualTo(expected);
            anyMatch |= expected;
        }
        Statistics.label("some text matched").collect(anyMatch);
        Statistics.label("some text matched").coverage(c -> c.check(true).percentage(p -> p >= 20));
    }
}
