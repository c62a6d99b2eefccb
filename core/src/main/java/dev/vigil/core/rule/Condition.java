package dev.vigil.core.rule;

import dev.vigil.core.event.Event;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A boolean test on one event: the compiled form of a rule's detection logic, independent of any
 * rule syntax. The tree is immutable; {@link #matches(Event)} is the reference evaluation that
 * faster matchers must agree with.
 */
public sealed interface Condition {

    /** Whether {@code event} satisfies this condition. */
    boolean matches(Event event);

    /** True when every one of {@code conditions} is (true when empty). */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean matches(Event event) {
            for (Condition c : conditions) {
                if (!c.matches(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return conditions.isEmpty() ? "true" : "(" + join(conditions, " and ") + ")";
        }
    }

    /** True when at least one of {@code conditions} is (false when empty). */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean matches(Event event) {
            for (Condition c : conditions) {
                if (c.matches(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return conditions.isEmpty() ? "false" : "(" + join(conditions, " or ") + ")";
        }
    }

    /** True when {@code condition} is false. */
    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }

        @Override
        public boolean matches(Event event) {
            return !condition.matches(event);
        }

        @Override
        public String toString() {
            return "not " + condition;
        }
    }

    /** True when some value of {@code field} satisfies {@code matcher}; false when the field is absent. */
    record Match(FieldRef field, ValueMatcher matcher) implements Condition {
        public Match {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(matcher, "matcher");
        }

        @Override
        public boolean matches(Event event) {
            boolean[] hit = {false};
            field.values(event, v -> {
                if (!hit[0] && matcher.matches(v)) {
                    hit[0] = true;
                }
            });
            return hit[0];
        }

        @Override
        public String toString() {
            return field + " " + matcher;
        }
    }

    /** True when {@code field} is present (whatever its value), or absent when {@code present} is false. */
    record Exists(FieldRef field, boolean present) implements Condition {
        public Exists {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean matches(Event event) {
            return field.existsIn(event) == present;
        }

        @Override
        public String toString() {
            return field + (present ? " exists" : " absent");
        }
    }

    /** True when {@code field} is absent or its value is {@code null}. */
    record IsNull(FieldRef field) implements Condition {
        public IsNull {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public boolean matches(Event event) {
            boolean[] nonNull = {false};
            field.values(event, v -> nonNull[0] |= v != null);
            return !nonNull[0];
        }

        @Override
        public String toString() {
            return field + " is null";
        }
    }

    /**
     * True when some value of {@code field} compares with some value of {@code other} as {@code kind}
     * says ({@code field} equals, starts with, ends with or contains {@code other}).
     */
    record FieldCompare(FieldRef field, FieldRef other, StringMatcher.Kind kind, boolean cased) implements Condition {
        public FieldCompare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(other, "other");
            if (kind == StringMatcher.Kind.GLOB) {
                throw new IllegalArgumentException("a field comparison has no wildcards");
            }
        }

        @Override
        public boolean matches(Event event) {
            java.util.List<String> right = new java.util.ArrayList<>();
            other.values(event, v -> {
                String t = Values.text(v);
                if (t != null) {
                    right.add(cased ? t : t.toLowerCase(Locale.ROOT));
                }
            });
            if (right.isEmpty()) {
                return false;
            }
            boolean[] hit = {false};
            field.values(event, v -> {
                String t = Values.text(v);
                if (hit[0] || t == null) {
                    return;
                }
                String left = cased ? t : t.toLowerCase(Locale.ROOT);
                for (String r : right) {
                    boolean ok = switch (kind) {
                        case EQUALS -> left.equals(r);
                        case STARTS_WITH -> left.startsWith(r);
                        case ENDS_WITH -> left.endsWith(r);
                        case CONTAINS -> left.contains(r);
                        case GLOB -> false;
                    };
                    if (ok) {
                        hit[0] = true;
                        return;
                    }
                }
            });
            return hit[0];
        }

        @Override
        public String toString() {
            return field + " " + kind.name().toLowerCase(Locale.ROOT) + " field " + other;
        }
    }

    /** True when some leaf value anywhere in the event (a keyword search) satisfies {@code matcher}. */
    record Keyword(ValueMatcher matcher) implements Condition {
        public Keyword {
            Objects.requireNonNull(matcher, "matcher");
        }

        @Override
        public boolean matches(Event event) {
            boolean[] hit = {false};
            event.forEachLeaf(v -> {
                if (!hit[0] && matcher.matches(v)) {
                    hit[0] = true;
                }
            });
            return hit[0];
        }

        @Override
        public String toString() {
            return "keyword " + matcher;
        }
    }

    /** Always {@code value}. */
    record Constant(boolean value) implements Condition {
        @Override
        public boolean matches(Event event) {
            return value;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    Condition TRUE = new Constant(true);
    Condition FALSE = new Constant(false);

    static Condition all(List<Condition> conditions) {
        return conditions.size() == 1 ? conditions.get(0) : new All(conditions);
    }

    static Condition any(List<Condition> conditions) {
        return conditions.size() == 1 ? conditions.get(0) : new Any(conditions);
    }

    static Condition not(Condition condition) {
        return condition instanceof Not n ? n.condition() : new Not(condition);
    }

    private static String join(List<Condition> conditions, String sep) {
        StringBuilder sb = new StringBuilder();
        for (Condition c : conditions) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
