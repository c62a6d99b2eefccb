package dev.vigil.core.rule.correlation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When a correlation matches: one or more comparisons of the aggregated value, all of which must
 * hold ({@code gt: 100, lte: 200} is the range 101..200). Immutable.
 */
public final class CorrelationCondition {

    /** A comparison operator, named as Sigma writes it. */
    public enum Op {
        GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), EQ("eq"), NEQ("neq");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The operator Sigma writes as {@code label}, or {@code null}. */
        public static Op parse(String label) {
            for (Op op : values()) {
                if (op.label.equals(label)) {
                    return op;
                }
            }
            return null;
        }

        boolean test(double value, double bound) {
            return switch (this) {
                case GT -> value > bound;
                case GTE -> value >= bound;
                case LT -> value < bound;
                case LTE -> value <= bound;
                case EQ -> value == bound;
                case NEQ -> value != bound;
            };
        }
    }

    private final Map<Op, BigDecimal> bounds;

    private CorrelationCondition(Map<Op, BigDecimal> bounds) {
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one comparison");
        }
        this.bounds = Collections.unmodifiableMap(new EnumMap<>(bounds));
    }

    /** The condition of all these comparisons. */
    public static CorrelationCondition of(Map<Op, ? extends Number> bounds) {
        Map<Op, BigDecimal> m = new EnumMap<>(Op.class);
        bounds.forEach((op, n) -> m.put(Objects.requireNonNull(op), new BigDecimal(n.toString())));
        return new CorrelationCondition(m);
    }

    /** The condition {@code value op bound}. */
    public static CorrelationCondition of(Op op, Number bound) {
        return of(Map.of(op, bound));
    }

    /** {@code value >= bound}. */
    public static CorrelationCondition atLeast(long bound) {
        return of(Op.GTE, bound);
    }

    /** The comparisons, by operator. */
    public Map<Op, BigDecimal> bounds() {
        return bounds;
    }

    /** Whether {@code value} satisfies every comparison. */
    public boolean test(double value) {
        for (var e : bounds.entrySet()) {
            if (!e.getKey().test(value, e.getValue().doubleValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the condition sets a lower bound ({@code gt}, {@code gte}, or {@code eq}, the range
     * [n, n]). Such a condition is decided as soon as a window first satisfies it, on the match that
     * makes it true, even with an upper bound besides ({@code gt: 2, lte: 5}); a condition with upper
     * bounds only ({@code lt}, {@code lte}, {@code neq}) can only be known when the window closes.
     */
    public boolean hasLowerBound() {
        for (Op op : bounds.keySet()) {
            if (op == Op.GT || op == Op.GTE || op == Op.EQ) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} satisfies the lower bounds ({@code gt}, {@code gte}, and {@code eq} as {@code gte}). */
    public boolean testLowerBounds(double value) {
        for (var e : bounds.entrySet()) {
            double b = e.getValue().doubleValue();
            boolean ok = switch (e.getKey()) {
                case GT -> value > b;
                case GTE, EQ -> value >= b;
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether the condition only sets lower bounds ({@code gt}, {@code gte}). */
    public boolean lowerBoundsOnly() {
        for (Op op : bounds.keySet()) {
            if (op != Op.GT && op != Op.GTE) {
                return false;
            }
        }
        return true;
    }

    /** {@code gte 10, lt 20}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        bounds.forEach((op, b) -> parts.add(op.label + " " + b.toPlainString()));
        return String.join(", ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CorrelationCondition c && c.bounds.equals(bounds);
    }

    @Override
    public int hashCode() {
        return bounds.hashCode();
    }
}
