package dev.vigil.rules.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A field of the event and the Sigma modifiers to apply, on the way to a {@link FieldPredicate}:
 * {@code field("CommandLine").windash().contains("-enc")}. Modifier methods return a new
 * {@code Field}; value methods end it. Values given to {@link #equalTo}, {@link #contains},
 * {@link #startsWith} and {@link #endsWith} are literal (their {@code *} and {@code ?} are escaped);
 * {@link #glob} keeps Sigma's wildcards. Which modifiers combine is checked when the rule is built,
 * by the same compiler that reads Sigma YAML.
 */
public final class Field {

    /** The flags of a regular expression ({@code re|i}, {@code re|m}, {@code re|s}). */
    public enum RegexFlag {
        /** Case-insensitive. */
        IGNORE_CASE("i"),
        /** {@code ^} and {@code $} match at line breaks. */
        MULTI_LINE("m"),
        /** {@code .} matches line breaks too. */
        DOT_ALL("s");

        final String modifier;

        RegexFlag(String modifier) {
            this.modifier = modifier;
        }
    }

    private final String name;
    private final List<String> modifiers;

    Field(String name, List<String> modifiers) {
        this.name = requireName(name);
        this.modifiers = List.copyOf(modifiers);
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "field name");
        if (name.isBlank() || name.indexOf('|') >= 0) {
            throw new IllegalArgumentException("not a field name: '" + name + "'");
        }
        return name;
    }

    private Field with(String modifier) {
        List<String> mods = new ArrayList<>(modifiers);
        mods.add(modifier);
        return new Field(name, mods);
    }

    // ---- modifiers

    /** Values are compared case-sensitively ({@code cased}). */
    public Field cased() {
        return with("cased");
    }

    /** Every value must match, not any one ({@code all}); needs two values or more. */
    public Field all() {
        return with("all");
    }

    /** {@code -} and {@code /} (and the dashes) match each other ({@code windash}). */
    public Field windash() {
        return with("windash");
    }

    /** The value as Base64 ({@code base64}). */
    public Field base64() {
        return with("base64");
    }

    /** The value anywhere inside Base64 text, at each of the three byte offsets ({@code base64offset}). */
    public Field base64offset() {
        return with("base64offset");
    }

    /** The value as UTF-16 little-endian ({@code utf16le}, also {@code wide}). */
    public Field utf16le() {
        return with("utf16le");
    }

    /** The value as UTF-16 big-endian ({@code utf16be}). */
    public Field utf16be() {
        return with("utf16be");
    }

    /** The value as UTF-16 with a byte order mark ({@code utf16}). */
    public Field utf16() {
        return with("utf16");
    }

    /** {@code %name%} placeholders in the values are expanded by the loader's placeholders ({@code expand}). */
    public Field expand() {
        return with("expand");
    }

    /** The values name another field of the same event, compared with this one ({@code fieldref}). */
    public Field fieldref() {
        return with("fieldref");
    }

    /** The minute (0-59) of a time value ({@code minute}); then compare it as a number. */
    public Field minute() {
        return with("minute");
    }

    /** The hour (0-23) of a time value ({@code hour}). */
    public Field hour() {
        return with("hour");
    }

    /** The day of the month (1-31) of a time value ({@code day}). */
    public Field day() {
        return with("day");
    }

    /** The week of the year (1-52) of a time value ({@code week}). */
    public Field week() {
        return with("week");
    }

    /** The month (1-12) of a time value ({@code month}). */
    public Field month() {
        return with("month");
    }

    /** The year of a time value ({@code year}). */
    public Field year() {
        return with("year");
    }

    // ---- values

    /** The field equals one of the values (strings literally; numbers and booleans as Sigma compares them). */
    public FieldPredicate equalTo(Object... values) {
        return end(null, literals(values));
    }

    /** The field equals none of the values ({@code neq}). */
    public FieldPredicate notEqualTo(Object... values) {
        return end("neq", literals(values));
    }

    /** The field contains one of the values ({@code contains}). */
    public FieldPredicate contains(String... values) {
        return end("contains", literals(values));
    }

    /** The field starts with one of the values ({@code startswith}). */
    public FieldPredicate startsWith(String... values) {
        return end("startswith", literals(values));
    }

    /** The field ends with one of the values ({@code endswith}). */
    public FieldPredicate endsWith(String... values) {
        return end("endswith", literals(values));
    }

    /** The field matches one of the Sigma wildcard patterns ({@code *} any text, {@code ?} one character, {@code \} escapes). */
    public FieldPredicate glob(String... patterns) {
        return end(null, List.of((Object[]) nonEmpty(patterns)));
    }

    /** The field matches the regular expression (RE2 syntax; {@code re}, with {@code i}, {@code m}, {@code s}). */
    public FieldPredicate matches(String regex, RegexFlag... flags) {
        Field f = with("re");
        for (RegexFlag flag : flags) {
            f = f.with(flag.modifier);
        }
        return f.end(null, List.of(Objects.requireNonNull(regex, "regex")));
    }

    /** The field is an IP address in one of the networks ({@code cidr}: {@code 10.0.0.0/8}, {@code fe80::/10}). */
    public FieldPredicate inCidr(String... networks) {
        return end("cidr", List.of((Object[]) nonEmpty(networks)));
    }

    /** The field is a number less than {@code n} ({@code lt}). */
    public FieldPredicate lt(Number n) {
        return end("lt", List.of(n));
    }

    /** The field is a number at most {@code n} ({@code lte}). */
    public FieldPredicate lte(Number n) {
        return end("lte", List.of(n));
    }

    /** The field is a number greater than {@code n} ({@code gt}). */
    public FieldPredicate gt(Number n) {
        return end("gt", List.of(n));
    }

    /** The field is a number at least {@code n} ({@code gte}). */
    public FieldPredicate gte(Number n) {
        return end("gte", List.of(n));
    }

    /** The field is present ({@code exists: true}), whatever its value. */
    public FieldPredicate exists() {
        return end("exists", List.of(true));
    }

    /** The field is absent ({@code exists: false}). */
    public FieldPredicate missing() {
        return end("exists", List.of(false));
    }

    /** The field is absent or null ({@code Field: null}). */
    public FieldPredicate isNull() {
        List<Object> nothing = new ArrayList<>();
        nothing.add(null);
        return end(null, nothing);
    }

    /** The field equals another field of the same event ({@code fieldref}). */
    public FieldPredicate equalsField(String other) {
        return fieldref().end(null, List.of(requireName(other)));
    }

    private FieldPredicate end(String modifier, List<Object> values) {
        List<String> mods = new ArrayList<>(modifiers);
        if (modifier != null) {
            // Sigma reads the matching modifier before 'all' and the encodings' order as written
            int at = mods.indexOf("all");
            mods.add(at < 0 ? mods.size() : at, modifier);
        }
        StringBuilder key = new StringBuilder(name);
        for (String m : mods) {
            key.append('|').append(m);
        }
        return new FieldPredicate(key.toString(), values);
    }

    private static String[] nonEmpty(String[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one value is needed");
        }
        for (String v : values) {
            Objects.requireNonNull(v, "value");
        }
        return values;
    }

    private List<Object> literals(Object[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one value is needed");
        }
        List<Object> out = new ArrayList<>(values.length);
        for (Object v : values) {
            if (v instanceof String s) {
                out.add(escape(s, modifiers.contains("expand")));
            } else if (v instanceof Number || v instanceof Boolean || v == null) {
                out.add(v);
            } else {
                throw new IllegalArgumentException("a value must be a string, a number or a boolean: "
                        + Arrays.asList(values));
            }
        }
        return out;
    }

    /**
     * A literal as a Sigma value: {@code *} and {@code ?} escaped, and a backslash escaped where Sigma
     * would otherwise read it as an escape (before {@code *}, {@code ?} or another backslash).
     */
    static String escape(String literal) {
        return escape(literal, false);
    }

    /**
     * As {@link #escape(String)}; for a value whose {@code %name%} placeholders are expanded ({@code expand}),
     * a backslash before a {@code %} is doubled too, since the expansion reads {@code \%} as a plain percent.
     */
    static String escape(String literal, boolean expand) {
        String special = expand ? "*?\\%" : "*?\\";
        StringBuilder sb = new StringBuilder(literal.length() + 4);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?') {
                sb.append('\\').append(c);
            } else if (c == '\\' && i + 1 < literal.length() && special.indexOf(literal.charAt(i + 1)) >= 0) {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + (modifiers.isEmpty() ? "" : "|" + String.join("|", modifiers));
    }
}
