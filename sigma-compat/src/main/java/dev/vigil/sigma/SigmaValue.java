package dev.vigil.sigma;

import dev.vigil.core.rule.GlobPattern;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A value of a detection item on its way through the value modifiers. */
sealed interface SigmaValue {

    /** A Sigma string: literal text and the wildcards {@code *} and {@code ?}. */
    record Text(List<GlobPattern.Part> parts) implements SigmaValue {
        public Text {
            parts = List.copyOf(parts);
        }

        boolean hasWildcards() {
            return parts.stream().anyMatch(p -> !(p instanceof GlobPattern.Literal));
        }

        /** The literal text; only for values without wildcards. */
        String literal() {
            StringBuilder sb = new StringBuilder();
            for (GlobPattern.Part p : parts) {
                sb.append(((GlobPattern.Literal) p).text());
            }
            return sb.toString();
        }

        static Text literal(String s) {
            return new Text(List.of(new GlobPattern.Literal(s)));
        }
    }

    /** Bytes, after an encoding modifier ({@code utf16le}, ...), before {@code base64}. */
    record Bytes(byte[] bytes) implements SigmaValue {
    }

    /** A number as YAML read it, with its text. */
    record Num(BigDecimal value) implements SigmaValue {
    }

    /** A boolean. */
    record Bool(boolean value) implements SigmaValue {
    }

    /**
     * Parses a Sigma string (rules specification, "String Wildcard" and "Escape Character"):
     * {@code *} and {@code ?} are wildcards; a backslash escapes a wildcard or a backslash; a
     * backslash before any other character is itself.
     */
    static Text parseText(String s) {
        List<GlobPattern.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == '*' || n == '?' || n == '\\') {
                    lit.append(n);
                    i++;
                    continue;
                }
                lit.append(c);
            } else if (c == '*' || c == '?') {
                if (lit.length() > 0) {
                    parts.add(new GlobPattern.Literal(lit.toString()));
                    lit.setLength(0);
                }
                parts.add(c == '*' ? GlobPattern.ANY_RUN : GlobPattern.ANY_CHAR);
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0 || parts.isEmpty()) {
            parts.add(new GlobPattern.Literal(lit.toString()));
        }
        return new Text(parts);
    }

    /** The decimal text of a YAML number. */
    static String numberText(Object n) {
        if (n instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return n.toString();
    }

    static BigDecimal toDecimal(Object n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Number x) {
            return x instanceof Double || x instanceof Float ? BigDecimal.valueOf(x.doubleValue())
                    : BigDecimal.valueOf(x.longValue());
        }
        return null;
    }

    /** Reads bytes as a Latin-1 string, one character per byte. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
