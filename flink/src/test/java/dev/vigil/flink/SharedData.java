package dev.vigil.flink;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The third-party test data in {@code ../shared} (system property {@code vigil.shared}); tests skip where it is absent. */
final class SharedData {

    private SharedData() {
    }

    static Path require(String relative) {
        String root = System.getProperty("vigil.shared", "../../shared");
        Path p = Path.of(root).resolve(relative).normalize();
        assumeTrue(Files.exists(p), () -> "skipped: shared test data not found at " + p.toAbsolutePath()
                + " (set -Dvigil.shared=PATH to the shared folder)");
        return p;
    }

    /**
     * Every capture of SigmaHQ's regression data as two events, the nested evtx_dump shape (column 1) and
     * the flat shape (column 2), at the capture's line.
     */
    @SuppressWarnings("unchecked")
    static List<Event> conformanceEvents() throws Exception {
        Path file = require("conformance/sigmahq-regression.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> row = json.readValue(line, Map.class);
                events.add(Event.of((Map<String, Object>) row.get("event"), SourcePosition.of(file.toString(), n, 1),
                        EventTime.defaults()));
                events.add(Event.of((Map<String, Object>) row.get("flat_event"), SourcePosition.of(file.toString(), n, 2),
                        EventTime.defaults()));
            }
        }
        return events;
    }

    /** The OTRF (Mordor) capture files, absolute, in name order. */
    static List<Path> otrfFiles() throws Exception {
        Path dir = require("events/otrf").toAbsolutePath();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }
}
