package dev.vigil.sigma;

import dev.vigil.core.rule.RuleLimits;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Numbers in rules, held to {@link RuleLimits#maxNumberDigits()}: a number such as {@code 1e999999999}
 * is short to write but a billion digits long, and printing or rescaling it would take minutes and
 * gigabytes. Such a number is rejected wherever a rule needs a number.
 */
final class Numbers {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {
    }

    /** How many digits {@code d} has written out in full, without an exponent. */
    static long digits(BigDecimal d) {
        long precision = d.precision();
        long scale = d.scale();
        return scale <= 0 ? precision - scale : Math.max(precision, scale);
    }

    /**
     * The number a scalar holds, a YAML number or a string of one, or null where it holds none.
     *
     * @throws SigmaException where the number is longer than the limit
     */
    static BigDecimal of(YamlNode.Scalar s, RuleLimits limits, String field) throws SigmaException {
        Object v = s.value();
        if (v instanceof Number n) {
            BigDecimal d = SigmaValue.toDecimal(n);
            return check(d, s.text(), limits, s, field);
        }
        return v instanceof String str ? parse(str, limits, s, field) : null;
    }

    /**
     * The decimal number {@code text} holds, or null where it holds none.
     *
     * @throws SigmaException where the number is longer than the limit
     */
    static BigDecimal parse(String text, RuleLimits limits, YamlNode at, String field) throws SigmaException {
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            return null;
        }
        if (t.length() > limits.maxNumberDigits()) {
            throw tooLong(t, limits, at, field);
        }
        try {
            return check(new BigDecimal(t), t, limits, at, field);
        } catch (NumberFormatException e) {
            throw tooLong(t, limits, at, field); // an exponent beyond what BigDecimal holds
        }
    }

    private static BigDecimal check(BigDecimal d, String text, RuleLimits limits, YamlNode at, String field)
            throws SigmaException {
        if (d != null && digits(d) > limits.maxNumberDigits()) {
            throw tooLong(text, limits, at, field);
        }
        return d;
    }

    private static SigmaException tooLong(String text, RuleLimits limits, YamlNode at, String field) {
        String shown = text.length() <= 40 ? text : text.substring(0, 37) + "...";
        return new SigmaException("the number '" + shown + "' is longer than " + limits.maxNumberDigits()
                + " digits written out (RuleLimits.maxNumberDigits)", at, field);
    }
}
