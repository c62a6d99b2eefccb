package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;
    Path rules;
    Path events;

    @BeforeEach
    void writeRulesAndEvents() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("whoami.yml"), """
                title: Whoami
                id: 7d1a0a52-0c1e-4b7a-9d53-2f0a41d7c101
                logsource:
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: whoami
                  condition: selection
                level: high
                """);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("{\"CommandLine\": \"" + (i % 5 == 0 ? "whoami /all" : "notepad.exe " + i) + "\"}");
        }
        lines.add("{broken");
        events = dir.resolve("events.jsonl");
        Files.write(events, lines);
    }

    @Test
    void json_reportsCountsAndRates() throws IOException {
        CliRun run = CliRun.of("bench", "--rules", rules.toString(), "--events", events.toString(),
                "--logsource", "ignore", "--repeat", "2", "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("events").asLong()).isEqualTo(50);
        assertThat(report.get("matches").asLong()).isEqualTo(10);
        assertThat(report.get("matches_per_event").asDouble()).isEqualTo(0.2);
        assertThat(report.get("rules_loaded").asInt()).isEqualTo(1);
        assertThat(report.get("events_per_sec").asLong()).isPositive();
        assertThat(report.get("parse_only_events_per_sec").asLong()).isPositive();
        assertThat(report.get("load_ms").asLong()).isNotNegative();
        assertThat(report.get("retained_heap_bytes").asLong()).isNotNegative();
        assertThat(report.get("runs_events_per_sec")).hasSize(2);
        long first = report.get("runs_events_per_sec").get(0).asLong();
        long second = report.get("runs_events_per_sec").get(1).asLong();
        assertThat(report.get("runs_spread").asDouble())
                .isCloseTo(Math.abs(first - second) / ((first + second) / 2.0), org.assertj.core.data.Offset.offset(0.01));
        assertThat(report.get("costliest_rules").get(0).get("title").asText()).isEqualTo("Whoami");
        assertThat(report.get("costliest_rules").get(0).get("matches").asLong()).isPositive();
    }

    @Test
    void threads_multiplyTheEventsMatchedPerRun() throws IOException {
        CliRun run = CliRun.of("bench", "--rules", rules.toString(), "--events", events.toString(),
                "--logsource", "ignore", "--repeat", "1", "--threads", "2", "--json");

        assertThat(run.exitCode()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("threads").asInt()).isEqualTo(2);
        assertThat(report.get("matches").asLong()).isEqualTo(10);
    }

    @Test
    void report_namesTheCostliestRules() {
        CliRun run = CliRun.of("bench", "--rules", rules.toString(), "--events", events.toString(),
                "--repeat", "1", "--reference");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("reference evaluator").contains("parse-only events/s").contains("Whoami");
    }

    @Test
    void unreadableEvents_exitOneWithALine() {
        CliRun run = CliRun.of("bench", "--rules", rules.toString(), "--events", dir.resolve("nope.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nope.jsonl").doesNotContain("Exception");
    }
}
