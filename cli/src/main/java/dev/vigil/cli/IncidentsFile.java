package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.respond.incident.AlertSummary;
import dev.vigil.respond.incident.Entity;
import dev.vigil.respond.incident.EventHistory;
import dev.vigil.respond.incident.Incident;
import dev.vigil.respond.incident.Timeline;
import dev.vigil.respond.incident.Transition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/**
 * {@code vigil hunt --incidents FILE}: the incidents as JSON Lines, one object per incident, each with its
 * timeline: its alerts and the events kept of its entities, from {@link #TIMELINE_MARGIN} before its first
 * alert to as long after its last. The timeline's entries have the fields of
 * {@link Timeline#writeJsonLines}, but for the incident's id, which the object around them has.
 */
final class IncidentsFile {

    /** How far before the first alert and after the last a timeline reaches. */
    static final Duration TIMELINE_MARGIN = Duration.ofMinutes(5);

    private static final JsonFactory FACTORY = AlertJson.factory();

    private IncidentsFile() {
    }

    /** Writes {@code incidents} to {@code file} (its folder created), replacing what it held. */
    static void write(Path file, Collection<Incident> incidents, EventHistory history) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Incident incident : incidents) {
                out.write(json(incident, Timeline.of(incident, history, TIMELINE_MARGIN)));
                out.write('\n');
            }
        }
    }

    /** One incident as one line of JSON. */
    static String json(Incident incident, Timeline timeline) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("id", incident.id());
            g.writeStringField("title", incident.title());
            g.writeStringField("severity", incident.severity() == null ? null : incident.severity().label());
            g.writeStringField("state", incident.state().label());
            g.writeStringField("first_seen", incident.firstSeen().toString());
            g.writeStringField("last_seen", incident.lastSeen().toString());
            g.writeArrayFieldStart("entities");
            for (Entity e : incident.entities()) {
                g.writeStartObject();
                g.writeStringField("type", e.type());
                g.writeStringField("value", e.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, "tactics", incident.tactics());
            strings(g, "techniques", incident.techniques());
            g.writeArrayFieldStart("alert_ids");
            for (AlertSummary a : incident.alerts()) {
                g.writeString(a.id());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("transitions");
            for (Transition t : incident.transitions()) {
                g.writeStartObject();
                g.writeStringField("from", t.from().label());
                g.writeStringField("to", t.to().label());
                g.writeStringField("time", t.time().toString());
                g.writeStringField("actor", t.actor());
                g.writeStringField("note", t.note());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("timeline");
            for (Timeline.Entry e : timeline.entries()) {
                g.writeStartObject();
                Timeline.writeEntryFields(e, g);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return line.toString();
    }

    private static void strings(JsonGenerator g, String name, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
