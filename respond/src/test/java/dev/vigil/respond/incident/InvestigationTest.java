package dev.vigil.respond.incident;

import static dev.vigil.respond.incident.IncidentTrackerTest.CLOCK;
import static dev.vigil.respond.incident.IncidentTrackerTest.T0;
import static dev.vigil.respond.incident.IncidentTrackerTest.detection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Level;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events around an alert, bounded per entity, in age and in entities; an incident's timeline and its exports. */
class InvestigationTest {

    static Event event(int minute, String host, String what) {
        return Event.of(Map.of("@timestamp", T0.plusSeconds(60L * minute).toString(), "Computer", host,
                "CommandLine", what), SourcePosition.of("e.jsonl", 100 + minute), EventTime.defaults());
    }

    @Test
    void around_givesTheEntitysEventsWithinTheSpan_oldestFirst() {
        IncidentTracker tracker = IncidentTracker.builder().clock(CLOCK).build();
        EventHistory history = EventHistory.builder(tracker).build();
        for (int m = 0; m < 30; m++) {
            history.record(event(m, m % 2 == 0 ? "WS-1" : "WS-2", "cmd " + m));
        }
        Detection alert = detection("r1", Level.HIGH, List.of(), 10, "Computer", "WS-1");
        List<Event> around = history.around(alert, Duration.ofMinutes(4), Duration.ofMinutes(2));
        assertThat(around).extracting(e -> e.fields().get("CommandLine")).containsExactly("cmd 6", "cmd 8", "cmd 10", "cmd 12");
    }

    @Test
    void history_isBoundedPerEntity_inAge_andInEntities() {
        IncidentTracker tracker = IncidentTracker.builder().clock(CLOCK).build();
        EventHistory history = EventHistory.builder(tracker).perEntity(5).maxAge(Duration.ofMinutes(10))
                .maxEntities(100).build();
        for (int m = 0; m < 50; m++) {
            history.record(event(m, "WS-1", "cmd " + m));
        }
        List<Event> kept = history.between(java.util.Set.of(new Entity("host", "WS-1")), T0, T0.plusSeconds(3600));
        assertThat(kept).hasSize(5).extracting(e -> e.fields().get("CommandLine")).containsExactly(
                "cmd 45", "cmd 46", "cmd 47", "cmd 48", "cmd 49");
        EventHistory aged = EventHistory.builder(tracker).maxAge(Duration.ofMinutes(10)).build();
        for (int m = 0; m < 50; m++) {
            aged.record(event(m, "WS-1", "cmd " + m));
        }
        assertThat(aged.between(java.util.Set.of(new Entity("host", "WS-1")), T0, T0.plusSeconds(3600))).hasSize(11);
        for (int i = 0; i < 10_000; i++) {
            history.record(event(i % 60, "flood-" + i, "x"));
        }
        assertThat(history.entities()).isLessThanOrEqualTo(100);
    }

    @Test
    void timeline_interleavesAlertsAndEvents_andExportsAsJsonLinesAndCsv() throws Exception {
        IncidentTracker tracker = IncidentTracker.builder().clock(CLOCK).build();
        EventHistory history = EventHistory.builder(tracker).build();
        for (int m = 0; m < 6; m++) {
            if (m == 3) {
                Map<String, Object> f = new java.util.LinkedHashMap<>();
                f.put("=HYPERLINK(\"http://x\")", "1"); // a key written by an attacker, first in the row
                f.put("@timestamp", T0.plusSeconds(180).toString());
                f.put("Computer", "WS-1");
                history.record(Event.of(f, SourcePosition.of("e.jsonl", 103), EventTime.defaults()));
            } else {
                history.record(event(m, "WS-1", "cmd " + m));
            }
        }
        Incident i = tracker.record(detection("r1", Level.HIGH, List.of(), 2, "Computer", "WS-1"));
        tracker.record(detection("r2", Level.CRITICAL, List.of(), 4, "Computer", "WS-1"));
        Timeline t = Timeline.of(tracker.get(i.id()).orElseThrow(), history, Duration.ofMinutes(1));
        assertThat(t.entries()).extracting(Timeline.Entry::kind)
                .containsExactly("event", "alert", "event", "event", "alert", "event", "event");
        StringWriter json = new StringWriter();
        t.writeJsonLines(json);
        String[] lines = json.toString().split("\n");
        assertThat(lines).hasSize(7);
        assertThat(new ObjectMapper().readTree(lines[1]).get("rule_title").asText()).isEqualTo("rule r1");
        assertThat(new ObjectMapper().readTree(lines[0]).get("event").get("Computer").asText()).isEqualTo("WS-1");
        StringWriter csv = new StringWriter();
        t.writeCsv(csv);
        assertThat(csv.toString().split("\r\n")).hasSize(8).startsWith("time,kind,what,source");
        assertThat(csv.toString()).as("a formula from the log stays text").doesNotContain(",=HYPERLINK").contains(",\"'=HYPERLINK(");
    }
}
