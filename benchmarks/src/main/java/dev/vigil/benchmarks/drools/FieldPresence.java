package dev.vigil.benchmarks.drools;

/**
 * A fact: the field at {@code name} exists in the current event, and whether some value of it is
 * not null (an object or array value counts as not null, as in the reference evaluator).
 */
public final class FieldPresence {

    private final EventMarker event;
    private final String name;
    private final boolean nonNull;

    FieldPresence(EventMarker event, String name, boolean nonNull) {
        this.event = event;
        this.name = name;
        this.nonNull = nonNull;
    }

    public String getName() {
        return name;
    }

    public boolean isNonNull() {
        return nonNull;
    }

    /** The event's logsource hint check, {@link EventMarker#hint}. */
    public boolean hint(String field, String value) {
        return event.hint(field, value);
    }

    @Override
    public String toString() {
        return name + (nonNull ? " present" : " null");
    }
}
