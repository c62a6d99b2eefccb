package dev.vigil.respond.incident;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.event.Event;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An incident's timeline: its alerts and the kept events of its entities, in time order, from
 * {@code margin} before its first alert to {@code margin} after its last; written as JSON Lines or CSV
 * for the analyst or the case file.
 *
 * @param incident the incident
 * @param entries  alerts and events, oldest first
 */
public record Timeline(Incident incident, List<Entry> entries) {

    /** One line of a timeline: an alert (its summary) or an event (the event), at a time. */
    public record Entry(Instant time, AlertSummary alert, Event event) {
        public String kind() {
            return alert != null ? "alert" : "event";
        }
    }

    public Timeline {
        entries = List.copyOf(entries);
    }

    /** The timeline of {@code incident}, with the events {@code history} kept for its entities. */
    public static Timeline of(Incident incident, EventHistory history, Duration margin) {
        List<Entry> entries = new ArrayList<>();
        for (AlertSummary a : incident.alerts()) {
            entries.add(new Entry(a.time(), a, null));
        }
        for (Event e : history.between(incident.entities(), incident.firstSeen().minus(margin),
                incident.lastSeen().plus(margin))) {
            entries.add(new Entry(e.timestamp(), null, e));
        }
        entries.sort(Comparator.comparing(Entry::time).thenComparing(Entry::kind));
        return new Timeline(incident, entries);
    }

    /** Writes events as deep as the reader allows; one for every timeline. */
    private static final ObjectMapper JSON = new ObjectMapper(AlertJson.factory());

    /** One JSON object per entry: {@code incident}, then the fields of {@link #writeEntryFields}. */
    public void writeJsonLines(Writer out) throws IOException {
        for (Entry e : entries) {
            java.io.StringWriter line = new java.io.StringWriter();
            try (JsonGenerator g = JSON.getFactory().createGenerator(line)) {
                g.writeStartObject();
                g.writeStringField("incident", incident.id());
                writeEntryFields(e, g);
                g.writeEndObject();
            }
            out.write(line.toString());
            out.write('\n');
        }
        out.flush();
    }

    /**
     * The fields of one entry, inside an object the caller opened: {@code time}, {@code kind}, and for an
     * alert {@code alert_id}, {@code rule_id}, {@code rule_title}, {@code level}; for an event {@code file},
     * {@code line} and the {@code event}. The generator needs no codec.
     */
    public static void writeEntryFields(Entry e, JsonGenerator g) throws IOException {
        g.writeStringField("time", e.time().toString());
        g.writeStringField("kind", e.kind());
        if (e.alert() != null) {
            AlertSummary a = e.alert();
            g.writeStringField("alert_id", a.id());
            g.writeStringField("rule_id", a.ruleId());
            g.writeStringField("rule_title", a.ruleTitle());
            g.writeStringField("level", a.level() == null ? null : a.level().label());
        } else {
            g.writeStringField("file", e.event().source().file());
            g.writeNumberField("line", e.event().source().line());
            g.writeFieldName("event");
            JSON.writeValue(g, e.event().fields());
        }
    }

    /** RFC 4180 CSV: {@code time,kind,what,source}: the rule title of an alert, the fields of an event. */
    public void writeCsv(Writer out) throws IOException {
        out.write("time,kind,what,source\r\n");
        for (Entry e : entries) {
            String what;
            String source;
            if (e.alert() != null) {
                what = e.alert().ruleTitle() + (e.alert().level() == null ? "" : " (" + e.alert().level().label() + ")");
                source = e.alert().id();
            } else {
                what = summary(e.event().fields());
                source = e.event().source().toString();
            }
            out.write(csv(e.time().toString()) + "," + e.kind() + "," + csv(what) + "," + csv(source) + "\r\n");
        }
        out.flush();
    }

    private static String summary(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (f.getValue() instanceof Map || f.getValue() instanceof List) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(f.getKey()).append('=').append(f.getValue());
            if (sb.length() > 300) {
                sb.setLength(297);
                sb.append("...");
                break;
            }
        }
        return sb.toString();
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        // a leading =, +, - or @ would be a formula in a spreadsheet: the values are attacker-written
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
