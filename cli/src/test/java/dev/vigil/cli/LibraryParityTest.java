package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadStats;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line and the library, used the way the README shows with the library's defaults, give
 * the same alerts for the same rules and events.
 */
class LibraryParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What identifies an alert. */
    record Key(String kind, String ruleId, String id, String fingerprint) {
        static Key of(String json) {
            try {
                JsonNode a = JSON.readTree(json);
                return new Key(a.get("kind").asText(), a.get("rule_id").asText(), a.get("id").asText(),
                        a.get("fingerprint").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @TempDir
    Path dir;

    @Test
    void examples_huntJsonl_givesTheAlertsOfALibrarySessionWithDefaults() {
        List<String> library = assertSameAlerts(Examples.rules(), Examples.events());

        assertThat(library).as("the examples raise detections and a correlation alert")
                .anyMatch(a -> a.startsWith("{\"kind\":\"correlation\"")).hasSizeGreaterThan(1);
    }

    @Test
    void generateFalse_outOfOrderFiles_huntJsonl_givesTheAlertsOfALibrarySessionWithDefaults() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("brute_force.yml"), """
                title: Brute force on an account
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50
                level: high
                correlation:
                  type: event_count
                  rules: [failed_logon]
                  group-by: [TargetUserName]
                  timespan: 5m
                  condition:
                    gte: 3
                ---
                title: Failed logon
                name: failed_logon
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a51
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: 4625}
                  condition: selection
                level: low
                ---
                title: Logon
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a52
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: 4624}
                  condition: selection
                level: informational
                """);
        Path events = Files.createDirectory(dir.resolve("events"));
        // the second file read holds the earlier events: only an unbounded lateness correlates them all
        Files.write(events.resolve("a.jsonl"), List.of(logon(4625, "10:10:00", "bob"), logon(4625, "10:10:30", "eve"),
                logon(4624, "10:11:00", "bob")));
        Files.write(events.resolve("b.jsonl"), List.of(logon(4625, "10:08:00", "bob"), logon(4625, "10:09:00", "bob"),
                logon(4625, "10:09:30", "eve")));

        List<String> library = assertSameAlerts(rules, events);

        // the failed logons feed only a generate: false correlation: neither prints them
        assertThat(library.stream().map(Key::of).map(Key::ruleId)).containsExactlyInAnyOrder(
                "9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50", "9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a52");
    }

    private static String logon(int eventId, String time, String user) {
        return "{\"@timestamp\":\"2024-05-01T" + time + "Z\",\"Channel\":\"Security\",\"EventID\":" + eventId
                + ",\"TargetUserName\":\"" + user + "\"}";
    }

    /** Runs both, asserts they give the same alerts, and returns the library's as JSON. */
    private static List<String> assertSameAlerts(Path rules, Path events) {
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(), "--format", "jsonl");

        LoadResult loaded = SigmaLoader.builder().build().load(List.of(rules));
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        List<Alert> alerts = new ArrayList<>();
        ReadStats stats;
        try (DetectorSession session = detector.newSession().onAlert(alerts::add).open()) {
            stats = EventReader.builder().readAll(List.of(events), session::accept);
            session.finish();
        }
        List<String> library = alerts.stream().map(AlertJson::toJson).toList();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).contains("events read:      " + stats.events());
        assertThat(run.outLines().stream().map(Key::of).toList())
                .containsExactlyInAnyOrderElementsOf(library.stream().map(Key::of).toList());
        // and not only the identities: the whole JSON of each alert
        assertThat(run.outLines()).containsExactlyInAnyOrderElementsOf(library);
        return library;
    }
}
