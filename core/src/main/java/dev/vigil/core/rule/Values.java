package dev.vigil.core.rule;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How event values read as text and as numbers: the one definition every matcher uses, so that
 * faster matchers and other rule front ends agree with the reference evaluation.
 */
public final class Values {

    private Values() {
    }

    /** The text of a scalar value: numbers in plain decimal; {@code null} for null, maps and lists. */
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return value.toString();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return null;
    }

    /** The number a value stands for: numbers, and strings holding a decimal or 0x-hex number; else {@code null}. */
    public static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof String s) {
            return parseNumber(s.trim());
        }
        return null;
    }

    static BigDecimal parseNumber(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        try {
            if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
                return new BigDecimal(new BigInteger(s.substring(2), 16));
            }
            char c = s.charAt(0);
            if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
                return null;
            }
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
