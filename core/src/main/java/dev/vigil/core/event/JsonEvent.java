package dev.vigil.core.event;

import dev.vigil.core.SourcePosition;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/** An event over a parsed JSON object. */
final class JsonEvent implements Event {

    private final Map<String, Object> fields;
    private final SourcePosition source;
    private final Instant timestamp;

    @SuppressWarnings("unchecked")
    JsonEvent(Map<String, ?> fields, SourcePosition source, EventTime time) {
        this.fields = Collections.unmodifiableMap((Map<String, Object>) Objects.requireNonNull(fields, "fields"));
        this.source = Objects.requireNonNull(source, "source");
        this.timestamp = time.of(this.fields);
    }

    @SuppressWarnings("unchecked")
    JsonEvent(Map<String, ?> fields, SourcePosition source, Instant timestamp) {
        this.fields = Collections.unmodifiableMap((Map<String, Object>) Objects.requireNonNull(fields, "fields"));
        this.source = Objects.requireNonNull(source, "source");
        this.timestamp = timestamp;
    }

    @Override
    public Map<String, Object> fields() {
        return fields;
    }

    @Override
    public SourcePosition source() {
        return source;
    }

    @Override
    public Instant timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return "Event" + fields + " at " + source;
    }
}
