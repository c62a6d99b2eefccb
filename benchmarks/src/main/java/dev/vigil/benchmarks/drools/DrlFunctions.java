package dev.vigil.benchmarks.drools;

import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.ValueMatcher;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Static functions the generated DRL calls where DRL has no operator of its own: Vigil's matchers for
 * wildcard patterns, RE2 regular expressions, numeric, CIDR and date-part comparisons (by the
 * number they were registered under), and field-to-field string comparisons.
 */
public final class DrlFunctions {

    private static final Map<ValueMatcher, Integer> IDS = new HashMap<>();
    private static volatile ValueMatcher[] matchers = new ValueMatcher[0];

    private DrlFunctions() {
    }

    /** The number under which generated DRL calls {@code matcher}. */
    static synchronized int register(ValueMatcher matcher) {
        Integer id = IDS.get(matcher);
        if (id == null) {
            id = matchers.length;
            ValueMatcher[] grown = Arrays.copyOf(matchers, id + 1);
            grown[id] = matcher;
            matchers = grown;
            IDS.put(matcher, id);
        }
        return id;
    }

    /** Whether matcher number {@code id} accepts {@code value}. */
    public static boolean test(int id, Object value) {
        return matchers[id].matches(value);
    }

    /**
     * Whether {@code left} equals, starts with, ends with or contains {@code right} (by the ordinal of
     * {@link StringMatcher.Kind}), ignoring case unless {@code cased}.
     */
    public static boolean compare(int kind, boolean cased, String left, String right) {
        String l = cased ? left : left.toLowerCase(java.util.Locale.ROOT);
        String r = cased ? right : right.toLowerCase(java.util.Locale.ROOT);
        return switch (StringMatcher.Kind.values()[kind]) {
            case EQUALS -> l.equals(r);
            case STARTS_WITH -> l.startsWith(r);
            case ENDS_WITH -> l.endsWith(r);
            case CONTAINS -> l.contains(r);
            case GLOB -> false;
        };
    }
}
