package dev.vigil.core.rule;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Compares a value as a number: numbers as they are, strings holding a decimal or {@code 0x} hex
 * number as that number. Values that are not numbers never match.
 */
public record NumericMatcher(Op op, BigDecimal value) implements ValueMatcher {

    /** The comparison, with the value on the right: {@code field op value}. */
    public enum Op {
        LT("<"), LTE("<="), GT(">"), GTE(">="), EQ("==");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(int cmp) {
            return switch (this) {
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                case EQ -> cmp == 0;
            };
        }
    }

    public NumericMatcher {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean matches(Object v) {
        BigDecimal n = Values.number(v);
        return n != null && op.test(n.compareTo(value));
    }

    /** Whether the number {@code n} satisfies this comparison. */
    public boolean test(long n) {
        return op.test(BigDecimal.valueOf(n).compareTo(value));
    }

    @Override
    public String toString() {
        return op.symbol + " " + value.toPlainString();
    }
}
