package dev.vigil.core.rule;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * Searches the text of a value with a regular expression, in time linear in the text (RE2), so a
 * crafted log value cannot stall matching. The expression is found anywhere in the text unless it
 * anchors itself with {@code ^}/{@code $}.
 */
public final class RegexMatcher implements ValueMatcher {

    private final String regex;
    private final boolean ignoreCase;
    private final boolean multiLine;
    private final boolean dotAll;
    private final Pattern pattern;

    private RegexMatcher(String regex, boolean ignoreCase, boolean multiLine, boolean dotAll) {
        this.regex = regex;
        this.ignoreCase = ignoreCase;
        this.multiLine = multiLine;
        this.dotAll = dotAll;
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
                | (multiLine ? Pattern.MULTILINE : 0)
                | (dotAll ? Pattern.DOTALL : 0);
        this.pattern = Pattern.compile(regex, flags);
    }

    /**
     * Compiles {@code regex} with the given flags.
     *
     * @throws IllegalArgumentException naming the reason, where the expression is not valid RE2 syntax
     */
    public static RegexMatcher of(String regex, boolean ignoreCase, boolean multiLine, boolean dotAll) {
        Objects.requireNonNull(regex, "regex");
        try {
            return new RegexMatcher(regex, ignoreCase, multiLine, dotAll);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription()
                    + " in " + e.getPattern(), e);
        }
    }

    public String regex() {
        return regex;
    }

    public boolean ignoreCase() {
        return ignoreCase;
    }

    public boolean multiLine() {
        return multiLine;
    }

    public boolean dotAll() {
        return dotAll;
    }

    @Override
    public boolean matches(Object value) {
        String text = Values.text(value);
        return text != null && pattern.matcher(text).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegexMatcher r && r.regex.equals(regex) && r.ignoreCase == ignoreCase
                && r.multiLine == multiLine && r.dotAll == dotAll;
    }

    @Override
    public int hashCode() {
        return Objects.hash(regex, ignoreCase, multiLine, dotAll);
    }

    @Override
    public String toString() {
        return "re '" + regex + "'" + (ignoreCase ? "i" : "") + (multiLine ? "m" : "") + (dotAll ? "s" : "");
    }
}
