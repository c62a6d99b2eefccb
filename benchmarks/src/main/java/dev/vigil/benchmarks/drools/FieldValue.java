package dev.vigil.benchmarks.drools;

import dev.vigil.core.rule.Values;
import java.util.Locale;

/**
 * A fact: one scalar value (string, number or boolean) of one field of the current event, under the
 * field's dotted path. An array contributes one fact per element. {@code lower} is the text in
 * Unicode lower case, what case-insensitive Sigma comparisons test.
 */
public final class FieldValue {

    private final EventMarker event;
    private final String name;
    private final Object value;
    private final String text;
    private final String lower;

    FieldValue(EventMarker event, String name, Object value) {
        this.event = event;
        this.name = name;
        this.value = value;
        this.text = Values.text(value);
        this.lower = text.toLowerCase(Locale.ROOT);
    }

    public String getName() {
        return name;
    }

    /** The value as read from the event (a String, Number or Boolean), for the matcher functions. */
    public Object getValue() {
        return value;
    }

    public String getText() {
        return text;
    }

    public String getLower() {
        return lower;
    }

    /** The event's logsource hint check, {@link EventMarker#hint}. */
    public boolean hint(String field, String value) {
        return event.hint(field, value);
    }

    @Override
    public String toString() {
        return name + "=" + text;
    }
}
