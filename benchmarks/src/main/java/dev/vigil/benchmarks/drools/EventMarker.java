package dev.vigil.benchmarks.drools;

import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Values;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fact: the current event. A rule whose other patterns are all negated starts with it, so that it
 * fires once per event. It also answers the logsource hints of the {@code hints} mode
 * ({@link #hint}), which the rules test on their field facts, each answer computed once per event.
 */
public final class EventMarker {

    private static final Map<String, FieldPath> PATHS = new ConcurrentHashMap<>();

    private final Map<String, Object> fields;
    private final Map<String, Boolean> hints = new HashMap<>(8);

    EventMarker(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * Whether {@code field} is absent or null, or some value of it is {@code value} ignoring case:
     * the check a Sigma logsource dimension becomes in the {@code hints} mode.
     */
    public boolean hint(String field, String value) {
        String key = field + '\0' + value;
        Boolean known = hints.get(key);
        if (known == null) {
            known = computeHint(field, value);
            hints.put(key, known);
        }
        return known;
    }

    private boolean computeHint(String field, String value) {
        boolean[] nonNull = {false};
        boolean[] equal = {false};
        PATHS.computeIfAbsent(field, FieldPath::of).resolve(fields, v -> {
            nonNull[0] |= v != null;
            String t = Values.text(v);
            equal[0] |= t != null && t.toLowerCase(Locale.ROOT).equals(value);
        });
        return !nonNull[0] || equal[0];
    }
}
