package dev.vigil.core.rule;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import java.util.List;
import java.util.function.Consumer;

/**
 * A field as a rule names it, with the paths where events may hold it, tried in order: the first
 * path that exists in an event is the field's value. One name, several shapes of event (a flat
 * {@code Image} and a nested {@code Event.EventData.Image}).
 */
public record FieldRef(String name, List<FieldPath> paths) {

    public FieldRef {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("field " + name + " has no path");
        }
    }

    /** A field found at exactly its own name. */
    public static FieldRef of(String name) {
        return new FieldRef(name, List.of(FieldPath.of(name)));
    }

    /** Feeds the values of the first existing path to {@code sink}; returns whether any path exists. */
    public boolean values(Event event, Consumer<Object> sink) {
        for (FieldPath path : paths) {
            if (event.values(path, sink)) {
                return true;
            }
        }
        return false;
    }

    public boolean existsIn(Event event) {
        for (FieldPath path : paths) {
            if (event.has(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
