package dev.vigil.sigma;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The value of a plain (unquoted) YAML scalar under the YAML 1.2 core schema, the schema the Sigma
 * rules specification names ("Yaml File": YAML 1.2.2). Unlike YAML 1.1, which the underlying parser
 * implements, {@code yes}, {@code no}, {@code on}, {@code off} are text, {@code 0o10} is eight,
 * {@code 1_000} and {@code 1:20} are text, and an empty value is null.
 *
 * <p>One deliberate difference from the core schema: a decimal integer written with a leading zero
 * ({@code 010}, {@code 00000429}) stays text, as written. The core schema reads it as the number ten,
 * PyYAML (so pySigma) as octal eight, or as text when it holds an 8 or a 9; Sigma values are matched
 * against the text of logs, and SigmaHQ writes such values for text (keyboard layout ids).
 */
final class CoreSchema {

    private static final Pattern NULL = Pattern.compile("null|Null|NULL|~|");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private CoreSchema() {
    }

    /**
     * {@code null}, a Boolean, an Integer, Long or BigInteger, a BigDecimal, or the text itself: the text of
     * numbers longer than {@code maxDigits} characters or digits written out ({@code 1e999999999}), and of
     * {@code .inf} and {@code .nan}, which no event value equals as a number.
     */
    static Object resolve(String text, int maxDigits) {
        if (NULL.matcher(text).matches()) {
            return null;
        }
        if (TRUE.matcher(text).matches()) {
            return Boolean.TRUE;
        }
        if (FALSE.matcher(text).matches()) {
            return Boolean.FALSE;
        }
        if (text.length() > maxDigits) {
            return text;
        }
        if (DECIMAL.matcher(text).matches()) {
            if (leadingZero(text)) {
                return text;
            }
            return narrow(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
        }
        if (OCTAL.matcher(text).matches()) {
            return narrow(new BigInteger(text.substring(2), 8));
        }
        if (HEX.matcher(text).matches()) {
            return narrow(new BigInteger(text.substring(2), 16));
        }
        if (FLOAT.matcher(text).matches()) {
            try {
                BigDecimal d = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
                return Numbers.digits(d) > maxDigits ? text : d;
            } catch (NumberFormatException e) {
                return text; // an exponent beyond what BigDecimal holds
            }
        }
        return text;
    }

    /** {@code 010}, {@code -007}: digits after a zero, which rule authors write for text such as {@code 00000429}. */
    private static boolean leadingZero(String decimal) {
        int i = decimal.charAt(0) == '-' || decimal.charAt(0) == '+' ? 1 : 0;
        return decimal.length() > i + 1 && decimal.charAt(i) == '0';
    }

    private static Number narrow(BigInteger i) {
        if (i.bitLength() < 32) {
            return i.intValue();
        }
        return i.bitLength() < 64 ? (Number) i.longValue() : i;
    }
}
