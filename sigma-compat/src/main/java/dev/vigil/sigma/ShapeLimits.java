package dev.vigil.sigma;

import dev.vigil.core.rule.RegexShape;
import dev.vigil.core.rule.RuleLimits;

/**
 * Checks the shape of regular expressions ({@link RegexShape}) and field names against {@link RuleLimits}
 * before anything is built from them: a field path is compiled into every grouping of its segments.
 */
final class ShapeLimits {

    private ShapeLimits() {
    }

    /** Rejects a regular expression {@link RegexShape#problem} refuses. */
    static void regex(String re, RuleLimits limits, YamlNode at, String field) throws SigmaException {
        String problem = RegexShape.problem(re, limits);
        if (problem != null) {
            throw new SigmaException(problem, at, field);
        }
    }

    /**
     * Rejects a field name longer than {@link RuleLimits#maxFieldNameLength()} or with more dot-separated
     * segments than {@link RuleLimits#maxFieldPathSegments()}.
     */
    static void fieldName(String name, RuleLimits limits, YamlNode at, String field) throws SigmaException {
        if (name.length() > limits.maxFieldNameLength()) {
            throw new SigmaException("the field name '" + name.substring(0, 40) + "...' has " + name.length()
                    + " characters, more than " + limits.maxFieldNameLength() + " (RuleLimits.maxFieldNameLength)",
                    at, shorten(field));
        }
        long segments = name.chars().filter(c -> c == '.').count() + 1;
        if (segments > limits.maxFieldPathSegments()) {
            throw new SigmaException("the field name has " + segments + " dot-separated segments, more than "
                    + limits.maxFieldPathSegments() + " (RuleLimits.maxFieldPathSegments)", at, shorten(field));
        }
    }

    /** A problem's field, which may be the offending key itself, cut to a readable length. */
    private static String shorten(String field) {
        return field == null || field.length() <= 80 ? field : field.substring(0, 77) + "...";
    }
}
