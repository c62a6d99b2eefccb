package dev.vigil.rules.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule's condition over its selections: {@code office.and(not(legit))}. Written to Sigma's condition
 * syntax ({@code office and not legit}) with the parentheses its structure needs.
 */
public sealed interface Expr permits Selection, Expr.And, Expr.Or, Expr.Not, Expr.Quantified {

    /** Both hold. */
    default Expr and(Expr other) {
        return new And(List.of(this, Objects.requireNonNull(other, "condition")));
    }

    /** Either holds. */
    default Expr or(Expr other) {
        return new Or(List.of(this, Objects.requireNonNull(other, "condition")));
    }

    /** The condition in Sigma's syntax. */
    String sigma();

    /** Binding strength, for parentheses: or 1, and 2, not 3, a name or a quantifier 4. */
    int strength();

    /** The selections named in the condition (not those reached by a pattern). */
    default void selections(List<Selection> into) {
    }

    private static String operand(Expr e, int strength) {
        return e.strength() < strength ? "(" + e.sigma() + ")" : e.sigma();
    }

    /** Every one of {@code parts} holds. */
    record And(List<Expr> parts) implements Expr {
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public String sigma() {
            List<String> out = new ArrayList<>();
            for (Expr e : parts) {
                out.add(operand(e, 2));
            }
            return String.join(" and ", out);
        }

        @Override
        public int strength() {
            return 2;
        }

        @Override
        public void selections(List<Selection> into) {
            parts.forEach(p -> p.selections(into));
        }
    }

    /** Some one of {@code parts} holds. */
    record Or(List<Expr> parts) implements Expr {
        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public String sigma() {
            List<String> out = new ArrayList<>();
            for (Expr e : parts) {
                out.add(operand(e, 1));
            }
            return String.join(" or ", out);
        }

        @Override
        public int strength() {
            return 1;
        }

        @Override
        public void selections(List<Selection> into) {
            parts.forEach(p -> p.selections(into));
        }
    }

    /** {@code condition} does not hold. */
    record Not(Expr condition) implements Expr {
        @Override
        public String sigma() {
            return "not " + operand(condition, 3);
        }

        @Override
        public int strength() {
            return 3;
        }

        @Override
        public void selections(List<Selection> into) {
            condition.selections(into);
        }
    }

    /**
     * {@code 1 of pattern}, {@code all of pattern}, {@code 1 of them}, {@code all of them}: over the
     * selections whose names match the pattern ({@code *} any text), or all of them.
     */
    record Quantified(boolean all, String pattern) implements Expr {
        public Quantified {
            Objects.requireNonNull(pattern, "pattern");
            if (!pattern.matches("[A-Za-z0-9_*]+")) {
                throw new IllegalArgumentException("not a selection name pattern: '" + pattern + "'");
            }
        }

        @Override
        public String sigma() {
            return (all ? "all of " : "1 of ") + pattern;
        }

        @Override
        public int strength() {
            return 4;
        }
    }
}
