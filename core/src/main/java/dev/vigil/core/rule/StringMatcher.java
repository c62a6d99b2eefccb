package dev.vigil.core.rule;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compares the text of a value with a literal or a wildcard pattern, case-insensitively (Unicode
 * lower case) unless {@code cased}. Numbers and booleans compare by their decimal text, so a rule
 * value {@code 4688} matches both {@code 4688} and {@code "4688"}.
 *
 * @param kind    how {@code value} is compared
 * @param value   the literal, for every kind but {@link Kind#GLOB}; the pattern's text otherwise
 * @param pattern the pattern, for {@link Kind#GLOB} only
 * @param cased   whether case matters
 */
public record StringMatcher(Kind kind, String value, GlobPattern pattern, boolean cased) implements ValueMatcher {

    /** How a literal is compared, or {@link #GLOB} for a pattern with inner wildcards. */
    public enum Kind {
        /** The whole value. */
        EQUALS,
        /** A prefix of the value. */
        STARTS_WITH,
        /** A suffix of the value. */
        ENDS_WITH,
        /** Anywhere in the value. */
        CONTAINS,
        /** A pattern with inner wildcards. */
        GLOB
    }

    public StringMatcher {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if ((kind == Kind.GLOB) != (pattern != null)) {
            throw new IllegalArgumentException("a pattern goes with kind GLOB only");
        }
        if (!cased) {
            value = value.toLowerCase(Locale.ROOT);
        }
    }

    public static StringMatcher equalTo(String value, boolean cased) {
        return new StringMatcher(Kind.EQUALS, value, null, cased);
    }

    public static StringMatcher startsWith(String value, boolean cased) {
        return new StringMatcher(Kind.STARTS_WITH, value, null, cased);
    }

    public static StringMatcher endsWith(String value, boolean cased) {
        return new StringMatcher(Kind.ENDS_WITH, value, null, cased);
    }

    public static StringMatcher contains(String value, boolean cased) {
        return new StringMatcher(Kind.CONTAINS, value, null, cased);
    }

    /**
     * The cheapest matcher for {@code pattern}: a pattern of one literal is {@code EQUALS}, {@code lit*}
     * is {@code STARTS_WITH}, {@code *lit} {@code ENDS_WITH}, {@code *lit*} {@code CONTAINS}, anything
     * else {@code GLOB}.
     */
    public static StringMatcher of(GlobPattern pattern, boolean cased) {
        List<GlobPattern.Part> parts = pattern.parts();
        int n = parts.size();
        if (n == 0) {
            return equalTo("", cased);
        }
        if (n == 1 && parts.get(0) instanceof GlobPattern.Literal l) {
            return equalTo(l.text(), cased);
        }
        if (n == 1 && parts.get(0) == GlobPattern.ANY_RUN) {
            return new StringMatcher(Kind.GLOB, pattern.toString(), pattern, cased);
        }
        if (n == 2 && parts.get(0) instanceof GlobPattern.Literal l && parts.get(1) == GlobPattern.ANY_RUN) {
            return startsWith(l.text(), cased);
        }
        if (n == 2 && parts.get(1) instanceof GlobPattern.Literal l && parts.get(0) == GlobPattern.ANY_RUN) {
            return endsWith(l.text(), cased);
        }
        if (n == 3 && parts.get(0) == GlobPattern.ANY_RUN && parts.get(2) == GlobPattern.ANY_RUN
                && parts.get(1) instanceof GlobPattern.Literal l) {
            return contains(l.text(), cased);
        }
        return new StringMatcher(Kind.GLOB, pattern.toString(), pattern, cased);
    }

    @Override
    public boolean matches(Object v) {
        String text = Values.text(v);
        if (text == null) {
            return false;
        }
        return matchesText(cased ? text : text.toLowerCase(Locale.ROOT));
    }

    /** Matches text already lower-cased where this matcher is not {@code cased}. */
    public boolean matchesText(String text) {
        return switch (kind) {
            case EQUALS -> text.equals(value);
            case STARTS_WITH -> text.startsWith(value);
            case ENDS_WITH -> text.endsWith(value);
            case CONTAINS -> text.contains(value);
            case GLOB -> pattern.matches(text, cased);
        };
    }

    @Override
    public String toString() {
        String op = switch (kind) {
            case EQUALS -> "=";
            case STARTS_WITH -> "startswith ";
            case ENDS_WITH -> "endswith ";
            case CONTAINS -> "contains ";
            case GLOB -> "like ";
        };
        return op + "'" + value + "'" + (cased ? " (cased)" : "");
    }
}
