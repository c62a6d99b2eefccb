package dev.vigil.core.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A wildcard pattern: literal text, {@code ?} (exactly one character) and {@code *} (any run of
 * characters, also none). Built from parts, so it has no escaping syntax of its own; rule formats
 * parse their own escapes and say which characters are wildcards. Matching is greedy with one
 * backtrack point, linear in practice and never exponential.
 */
public final class GlobPattern {

    /** One part of a pattern: a literal, {@link #ANY_CHAR} or {@link #ANY_RUN}. */
    public sealed interface Part permits Literal, Wildcard {
    }

    /** Literal text. */
    public record Literal(String text) implements Part {
    }

    /** A wildcard. */
    public enum Wildcard implements Part {
        /** {@code ?}: one character. */
        ANY_CHAR,
        /** {@code *}: any run of characters, none included. */
        ANY_RUN
    }

    public static final Wildcard ANY_CHAR = Wildcard.ANY_CHAR;
    public static final Wildcard ANY_RUN = Wildcard.ANY_RUN;

    private final List<Part> parts;
    /** The pattern as code points, with -1 for ? and -2 for *. */
    private final int[] compiled;
    private final int[] compiledLower;

    private GlobPattern(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.compiled = compile(parts, false);
        this.compiledLower = compile(parts, true);
    }

    /** A pattern of these parts; adjacent literals are joined and runs of {@code *} collapsed. */
    public static GlobPattern of(List<? extends Part> parts) {
        List<Part> normalized = new ArrayList<>();
        for (Part p : parts) {
            Part last = normalized.isEmpty() ? null : normalized.get(normalized.size() - 1);
            if (p instanceof Literal l) {
                if (l.text().isEmpty()) {
                    continue;
                }
                if (last instanceof Literal prev) {
                    normalized.set(normalized.size() - 1, new Literal(prev.text() + l.text()));
                    continue;
                }
            } else if (p == ANY_RUN && last == ANY_RUN) {
                continue;
            }
            normalized.add(p);
        }
        return new GlobPattern(normalized);
    }

    public List<Part> parts() {
        return parts;
    }

    /** Whether this pattern has no wildcard. */
    public boolean isLiteral() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    private static int[] compile(List<Part> parts, boolean lower) {
        List<Integer> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                String t = lower ? l.text().toLowerCase(Locale.ROOT) : l.text();
                t.codePoints().forEach(out::add);
            } else {
                out.add(p == ANY_CHAR ? -1 : -2);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the whole of {@code text} matches; {@code text} must already be lower-cased when not {@code cased}. */
    boolean matches(String text, boolean cased) {
        int[] p = cased ? compiled : compiledLower;
        int[] s = text.codePoints().toArray();
        int si = 0;
        int pi = 0;
        int starP = -1;
        int starS = 0;
        while (si < s.length) {
            if (pi < p.length && (p[pi] == -1 || p[pi] == s[si])) {
                si++;
                pi++;
            } else if (pi < p.length && p[pi] == -2) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == -2) {
            pi++;
        }
        return pi == p.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobPattern g && g.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                sb.append(l.text().replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?"));
            } else {
                sb.append(p == ANY_CHAR ? '?' : '*');
            }
        }
        return sb.toString();
    }
}
