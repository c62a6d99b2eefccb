package dev.vigil.benchmarks.drools;

import dev.vigil.core.FieldPath;
import dev.vigil.core.rule.Values;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fact: the current event. A rule whose other patterns are all negated starts with it, so that it
 * fires once per event; and the logsource hints of the {@code hints} mode are tested on it
 * ({@link #hint}), so that rules of one log source share one alpha node instead of each joining a
 * negated pattern.
 */
public final class EventMarker {

    private static final Map<String, FieldPath> PATHS = new ConcurrentHashMap<>();

    private final Map<String, Object> fields;

    EventMarker(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * Whether {@code field} is absent or null, or some value of it is {@code value} ignoring case:
     * the check a Sigma logsource dimension becomes in the {@code hints} mode.
     */
    public boolean hint(String field, String value) {
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
