package dev.vigil.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Events as a test gives them: JSON text, a map of fields, or an {@link Event}; read as {@code vigil hunt} reads them. */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    static Event of(Object event) {
        if (event instanceof Event e) {
            return e;
        }
        if (event instanceof Map<?, ?> m) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> fields.put(String.valueOf(k), v));
            return Event.of(fields);
        }
        if (event instanceof CharSequence text) {
            List<Problem> problems = new ArrayList<>();
            List<Event> events = new ArrayList<>();
            try (EventReader r = EventReader.builder().onProblem(problems::add)
                    .open(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), "event")) {
                r.forEach(events::add);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("not a JSON event: " + problems.get(0) + ": " + text);
            }
            if (events.size() != 1) {
                throw new IllegalArgumentException("the text holds " + events.size() + " events, not one: " + text);
            }
            return events.get(0);
        }
        throw new IllegalArgumentException("an event is JSON text, a Map or an Event, not "
                + (event == null ? "null" : event.getClass().getName()));
    }

    /** The events of {@code events}; a single {@link List} stands for its elements. */
    static List<Event> all(Object[] events) {
        List<?> items = events.length == 1 && events[0] instanceof List<?> l ? l : List.of(events);
        List<Event> out = new ArrayList<>();
        for (Object e : items) {
            out.add(of(e));
        }
        return out;
    }

    /** The event's fields as one line of JSON. */
    static String show(Event event) {
        try {
            return JSON.writeValueAsString(event.fields());
        } catch (JsonProcessingException e) {
            return String.valueOf(event.fields());
        }
    }
}
