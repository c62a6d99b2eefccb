package dev.vigil.core.match;

import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.ValueMatcher;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Condition} compiled against a {@link FieldTable}: fields are numbers into the event's
 * {@link EventScan}, and string matchers see text that was lower-cased once per event. Evaluates
 * exactly as {@link Condition#matches} does. The parts of an {@code All} or {@code Any} are tested
 * cheapest first (tests have no side effects, so only the time changes): a regular expression or a
 * keyword search over every value runs only when the string comparisons beside it did not decide.
 */
abstract class CompiledCondition {

    abstract boolean test(EventScan scan);

    /** A rough relative cost of one test: a field lookup is 1, a regular expression 40. */
    abstract int cost();

    static int cost(ValueMatcher m) {
        if (m instanceof StringMatcher s) {
            return switch (s.kind()) {
                case EQUALS -> 2;
                case STARTS_WITH, ENDS_WITH -> 3;
                case CONTAINS -> 4;
                case GLOB -> 8;
            };
        }
        if (m instanceof dev.vigil.core.rule.RegexMatcher) {
            return 40;
        }
        if (m instanceof dev.vigil.core.rule.TimePartMatcher) {
            return 10;
        }
        return 5;
    }

    static CompiledCondition compile(Condition c, FieldTable table) {
        if (c instanceof Condition.All all) {
            return new AllOf(compileAll(all.conditions(), table));
        }
        if (c instanceof Condition.Any any) {
            return new AnyOf(compileAll(any.conditions(), table));
        }
        if (c instanceof Condition.Not not) {
            return new NotOf(compile(not.condition(), table));
        }
        if (c instanceof Condition.Match m) {
            return new MatchOf(table.add(m.field()), m.matcher());
        }
        if (c instanceof Condition.Exists e) {
            return new ExistsOf(table.add(e.field()), e.present());
        }
        if (c instanceof Condition.IsNull n) {
            return new NullOf(table.add(n.field()));
        }
        if (c instanceof Condition.FieldCompare f) {
            return new CompareOf(table.add(f.field()), table.add(f.other()), f.kind(), f.cased());
        }
        if (c instanceof Condition.Keyword k) {
            return new KeywordOf(k.matcher());
        }
        return ((Condition.Constant) c).value() ? Const.TRUE : Const.FALSE;
    }

    /** The parts compiled and ordered cheapest first (a stable sort: equal costs keep their order). */
    private static CompiledCondition[] compileAll(List<Condition> cs, FieldTable table) {
        CompiledCondition[] out = new CompiledCondition[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(cs.get(i), table);
        }
        Arrays.sort(out, Comparator.comparingInt(CompiledCondition::cost));
        return out;
    }

    private static int sum(CompiledCondition[] parts) {
        long total = 0;
        for (CompiledCondition p : parts) {
            total += p.cost();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** Whether any condition in {@code c} searches keywords (needs every leaf of the event). */
    static boolean usesKeywords(Condition c) {
        if (c instanceof Condition.All all) {
            return all.conditions().stream().anyMatch(CompiledCondition::usesKeywords);
        }
        if (c instanceof Condition.Any any) {
            return any.conditions().stream().anyMatch(CompiledCondition::usesKeywords);
        }
        if (c instanceof Condition.Not not) {
            return usesKeywords(not.condition());
        }
        return c instanceof Condition.Keyword;
    }

    static boolean matchOne(ValueMatcher m, EventScan.ValueList values, int i) {
        if (m instanceof StringMatcher s) {
            String t = s.cased() ? values.text[i] : values.lower[i];
            return t != null && s.matchesText(t);
        }
        return m.matches(values.raw[i]);
    }

    private static final class AllOf extends CompiledCondition {
        private final CompiledCondition[] parts;
        private final int cost;

        AllOf(CompiledCondition[] parts) {
            this.parts = parts;
            this.cost = sum(parts);
        }

        @Override
        int cost() {
            return cost;
        }

        @Override
        boolean test(EventScan scan) {
            for (CompiledCondition p : parts) {
                if (!p.test(scan)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class AnyOf extends CompiledCondition {
        private final CompiledCondition[] parts;
        private final int cost;

        AnyOf(CompiledCondition[] parts) {
            this.parts = parts;
            this.cost = sum(parts);
        }

        @Override
        int cost() {
            return cost;
        }

        @Override
        boolean test(EventScan scan) {
            for (CompiledCondition p : parts) {
                if (p.test(scan)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class NotOf extends CompiledCondition {
        private final CompiledCondition inner;

        NotOf(CompiledCondition inner) {
            this.inner = inner;
        }

        @Override
        int cost() {
            return inner.cost();
        }

        @Override
        boolean test(EventScan scan) {
            return !inner.test(scan);
        }
    }

    private static final class MatchOf extends CompiledCondition {
        private final int ref;
        private final ValueMatcher matcher;

        MatchOf(int ref, ValueMatcher matcher) {
            this.ref = ref;
            this.matcher = matcher;
        }

        @Override
        int cost() {
            return cost(matcher);
        }

        @Override
        boolean test(EventScan scan) {
            EventScan.ValueList values = scan.values(ref);
            if (values == null) {
                return false;
            }
            for (int i = 0; i < values.size; i++) {
                if (matchOne(matcher, values, i)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class ExistsOf extends CompiledCondition {
        private final int ref;
        private final boolean present;

        ExistsOf(int ref, boolean present) {
            this.ref = ref;
            this.present = present;
        }

        @Override
        int cost() {
            return 1;
        }

        @Override
        boolean test(EventScan scan) {
            return (scan.resolve(ref) >= 0) == present;
        }
    }

    private static final class NullOf extends CompiledCondition {
        private final int ref;

        NullOf(int ref) {
            this.ref = ref;
        }

        @Override
        int cost() {
            return 1;
        }

        @Override
        boolean test(EventScan scan) {
            EventScan.ValueList values = scan.values(ref);
            return values == null || values.allNull();
        }
    }

    private static final class CompareOf extends CompiledCondition {
        private final int ref;
        private final int other;
        private final StringMatcher.Kind kind;
        private final boolean cased;

        CompareOf(int ref, int other, StringMatcher.Kind kind, boolean cased) {
            this.ref = ref;
            this.other = other;
            this.kind = kind;
            this.cased = cased;
        }

        @Override
        int cost() {
            return 6;
        }

        @Override
        boolean test(EventScan scan) {
            EventScan.ValueList left = scan.values(ref);
            EventScan.ValueList right = scan.values(other);
            if (left == null || right == null) {
                return false;
            }
            String[] ls = cased ? left.text : left.lower;
            String[] rs = cased ? right.text : right.lower;
            for (int i = 0; i < left.size; i++) {
                String l = ls[i];
                if (l == null) {
                    continue;
                }
                for (int j = 0; j < right.size; j++) {
                    String r = rs[j];
                    if (r == null) {
                        continue;
                    }
                    boolean ok = switch (kind) {
                        case EQUALS -> l.equals(r);
                        case STARTS_WITH -> l.startsWith(r);
                        case ENDS_WITH -> l.endsWith(r);
                        case CONTAINS -> l.contains(r);
                        case GLOB -> false;
                    };
                    if (ok) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static final class KeywordOf extends CompiledCondition {
        private final ValueMatcher matcher;

        KeywordOf(ValueMatcher matcher) {
            this.matcher = matcher;
        }

        @Override
        int cost() {
            return 20 * cost(matcher);
        }

        @Override
        boolean test(EventScan scan) {
            EventScan.ValueList leaves = scan.leaves;
            for (int i = 0; i < leaves.size; i++) {
                if (matchOne(matcher, leaves, i)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Const extends CompiledCondition {
        static final Const TRUE = new Const(true);
        static final Const FALSE = new Const(false);
        private final boolean value;

        private Const(boolean value) {
            this.value = value;
        }

        @Override
        int cost() {
            return 0;
        }

        @Override
        boolean test(EventScan scan) {
            return value;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
