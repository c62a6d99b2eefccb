package dev.vigil.core.event;

import dev.vigil.core.SourcePosition;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One log record: JSON-like data (objects, arrays, strings, numbers, booleans, {@code null}) with the
 * position it was read from and its event time.
 *
 * <p>Events are immutable and safe to share between threads. Build one with {@link #of(Map)} or get
 * them from an {@code EventReader}.
 */
public interface Event {

    /** The record's top-level object, unmodifiable. Values are maps, lists, strings, numbers, booleans or null. */
    Map<String, Object> fields();

    /** Where the record was read: file and 1-based line of its first character. */
    SourcePosition source();

    /** The event time, or {@code null} where none of the configured time fields holds a readable time. */
    Instant timestamp();

    /** Feeds every value of {@code path} to {@code sink} (see {@link FieldPath#resolve}); returns whether the field exists. */
    default boolean values(FieldPath path, Consumer<Object> sink) {
        return path.resolve(fields(), sink);
    }

    /** Whether {@code path} exists in this event, whatever its value. */
    default boolean has(FieldPath path) {
        return path.existsIn(fields());
    }

    /** Feeds every leaf value of the event (strings, numbers, booleans; not nulls), depth first. */
    default void forEachLeaf(Consumer<Object> sink) {
        Events.forEachLeaf(fields(), sink);
    }

    /** An event over {@code fields}, with no known source and its time read from the default time fields. */
    static Event of(Map<String, ?> fields) {
        return of(fields, SourcePosition.UNKNOWN, EventTime.defaults());
    }

    /** An event over {@code fields}, read at {@code source}, with its time taken by {@code time}. */
    static Event of(Map<String, ?> fields, SourcePosition source, EventTime time) {
        return new JsonEvent(fields, source, time);
    }

    /** An event over {@code fields}, read at {@code source}, whose time is {@code timestamp} (or unknown: null). */
    static Event of(Map<String, ?> fields, SourcePosition source, Instant timestamp) {
        return new JsonEvent(fields, source, timestamp);
    }
}
