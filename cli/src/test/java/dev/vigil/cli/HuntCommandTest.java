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

class HuntCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path rules;
    Path events;

    @BeforeEach
    void writeRulesAndEvents() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("whoami.yml"), """
                title: Whoami, "the" classic
                id: 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001
                status: test
                author: Tester
                tags:
                  - attack.discovery
                  - attack.t1033
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: whoami
                  condition: selection
                level: high
                """);
        Files.writeString(rules.resolve("net.yml"), """
                title: Net Use
                id: 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c002
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: 'net use'
                  condition: selection
                level: low
                """);
        Files.writeString(rules.resolve("nolevel.yml"), """
                title: Any Ping
                id: 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c003
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: ping
                  condition: selection
                """);
        events = Files.createDirectory(dir.resolve("events"));
        Files.writeString(events.resolve("a.jsonl"), String.join("\n",
                sysmon("2024-05-01T10:00:00Z", "notepad.exe"),
                sysmon("2024-05-01T10:00:01Z", "whoami /all"),
                "{\"EventID\": 1, \"Channel\": broken",
                sysmon("2024-05-01T10:00:03Z", "cmd /c whoami"),
                "",
                sysmon("2024-05-01T10:00:04Z", "net use z: \\\\\\\\srv\\\\share"),
                sysmon("2024-05-01T10:00:05Z", "ping -n 1 10.0.0.1")) + "\n");
    }

    private static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";

    private static String sysmon(String time, String commandLine) {
        return "{\"EventID\": 1, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Computer\": \"WS1\", "
                + "\"@timestamp\": \"" + time + "\", \"CommandLine\": \"" + commandLine + "\"}";
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void hunt_jsonl_writesOneObjectPerDetectionWithSourceLines() throws IOException {
        Path file = events.resolve("a.jsonl");

        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", file.toString(), "--format", "jsonl");

        assertThat(run.exitCode()).isZero();
        List<JsonNode> detections = jsonLines(run.out());
        assertThat(detections).extracting(d -> d.get("source").get("line").asInt()).containsExactly(2, 4, 6, 7);
        JsonNode first = detections.get(0);
        assertThat(first.get("kind").asText()).isEqualTo("detection");
        assertThat(first.get("rule_id").asText()).isEqualTo("5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001");
        assertThat(first.get("rule_title").asText()).isEqualTo("Whoami, \"the\" classic");
        assertThat(first.get("level").asText()).isEqualTo("high");
        assertThat(first.get("status").asText()).isEqualTo("test");
        assertThat(first.get("author").asText()).isEqualTo("Tester");
        assertThat(first.get("tags")).extracting(JsonNode::asText).containsExactly("attack.discovery", "attack.t1033");
        assertThat(first.get("logsource").toString()).isEqualTo("{\"product\":\"windows\",\"category\":\"process_creation\"}");
        assertThat(first.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:01Z");
        assertThat(first.get("source").get("file").asText()).isEqualTo(file.toString());
        assertThat(first.get("event").get("CommandLine").asText()).isEqualTo("whoami /all");
        assertThat(first.get("event").get("EventID").asInt()).isEqualTo(1);
        assertThat(detections.get(3).get("level").isNull()).isTrue();

        assertThat(run.err()).contains(file + ":3:").contains("records skipped:  1").contains("events read:      5")
                .contains("detections:       4 (high 2, low 1, informational 1)");
    }

    @Test
    void hunt_stats_listsTheHotRulesWithTheirCounts() {
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(), "--format", "jsonl",
                "--stats");

        assertThat(run.exitCode()).isZero();
        List<String> err = run.errLines();
        int header = err.indexOf("costliest rules (evaluations, matches, time):");
        assertThat(header).isNotNegative();
        // whoami is evaluated on the two events that contain it and matches both
        assertThat(err.subList(header + 1, err.size()))
                .anySatisfy(l -> assertThat(l).matches("\\s+2\\s+2\\s+[0-9.]+ ms  Whoami, \"the\" classic \\(.*whoami.yml.*"));
    }

    @Test
    void hunt_csv_isATimelineWithTheColumnsTimesketchAndTimelineExplorerImport_quotedPerRfc4180() {
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(), "--format", "csv");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\r\n");
        String file = events.resolve("a.jsonl").toString();
        assertThat(run.out().split("\r\n")).containsExactly(
                "datetime,timestamp_desc,message,Computer,Channel,EventID,Level,RuleTitle,RuleID,Details,File,Line,Tags,"
                        + "Kind,Value,Group,WindowStart,WindowEnd,MatchCount",
                "2024-05-01T10:00:01Z,Event Time,\"[high] Whoami, \"\"the\"\" classic: CommandLine=whoami /all\",WS1,"
                        + SYSMON + ",1,high,\"Whoami, \"\"the\"\" classic\",5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001,"
                        + "CommandLine=whoami /all," + file + ",2,attack.discovery;attack.t1033,detection,,,,,",
                "2024-05-01T10:00:03Z,Event Time,\"[high] Whoami, \"\"the\"\" classic: CommandLine=cmd /c whoami\",WS1,"
                        + SYSMON + ",1,high,\"Whoami, \"\"the\"\" classic\",5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001,"
                        + "CommandLine=cmd /c whoami," + file + ",4,attack.discovery;attack.t1033,detection,,,,,",
                "2024-05-01T10:00:04Z,Event Time,[low] Net Use: CommandLine=net use z: \\\\srv\\share,WS1," + SYSMON
                        + ",1,low,Net Use,5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c002,CommandLine=net use z: \\\\srv\\share,"
                        + file + ",6,,detection,,,,,",
                "2024-05-01T10:00:05Z,Event Time,Any Ping: CommandLine=ping -n 1 10.0.0.1,WS1," + SYSMON
                        + ",1,,Any Ping,5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c003,CommandLine=ping -n 1 10.0.0.1,"
                        + file + ",7,,detection,,,,,");
    }

    @Test
    void hunt_minLevel_skipsLowerLevelsAndRulesWithoutLevel() throws IOException {
        CliRun low = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(),
                "--format", "jsonl", "--min-level", "low");
        CliRun high = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(),
                "--format", "jsonl", "--min-level", "HIGH");

        assertThat(jsonLines(low.out())).extracting(d -> d.get("rule_title").asText())
                .containsExactly("Whoami, \"the\" classic", "Whoami, \"the\" classic", "Net Use");
        assertThat(jsonLines(high.out())).extracting(d -> d.get("level").asText()).containsExactly("high", "high");
        // the rules below it are not even loaded
        assertThat(high.errLines()).contains("rules skipped by filter: 2 (level below high: 2)", "loaded 1 of 1 rules",
                "detections:       2 (high 2)");
    }

    @Test
    void hunt_table_printsHeaderAndOneRowPerDetection_withTheRulesFieldsAsDetails() {
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(5);
        assertThat(run.outLines().get(0)).startsWith("TIMESTAMP (UTC)")
                .contains("COMPUTER", "CHANNEL", "EVENT", "LEVEL", "RULE", "DETAILS").doesNotContain("SOURCE");
        assertThat(run.outLines().get(1)).startsWith("2024-05-01 10:00:01.000  WS1 ")
                .contains(" high ", "Whoami, \"the\" classic", "CommandLine=whoami /all").doesNotContain("a.jsonl");
        assertThat(run.outLines().get(4)).contains(" -  ", "Any Ping");

        CliRun full = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(), "--full");
        assertThat(full.outLines().get(0)).contains("SOURCE");
        assertThat(full.outLines().get(1)).contains(events.resolve("a.jsonl") + ":2  ");
    }

    @Test
    void hunt_output_writesDetectionsToFile() throws IOException {
        Path out = dir.resolve("out.jsonl");

        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(),
                "--format", "jsonl", "--output", out.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(jsonLines(Files.readString(out))).hasSize(4);
    }

    @Test
    void hunt_nonexistentEventsPath_reportedAsLineNotThrown() {
        Path missing = dir.resolve("missing.jsonl");

        CliRun alone = CliRun.of("hunt", "--rules", rules.toString(), "--events", missing.toString());
        CliRun withOthers = CliRun.of("hunt", "--rules", rules.toString(), "--events", missing.toString(),
                events.toString(), "--format", "jsonl");

        assertThat(alone.exitCode()).isEqualTo(1);
        assertThat(alone.out()).isEmpty();
        assertThat(alone.errLines()).contains(missing + ": cannot open: no such file").contains("files read:       0");
        assertThat(alone.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(withOthers.exitCode()).isZero();
        assertThat(withOthers.outLines()).hasSize(4);
        assertThat(withOthers.errLines()).contains(missing + ": cannot open: no such file");
    }

    @Test
    void hunt_noRuleLoaded_exitsOne() {
        CliRun run = CliRun.of("hunt", "--rules", dir.resolve("none").toString(), "--events", events.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains("loaded 0 of 0 rules");
    }

    @Test
    void hunt_timeField_readsTheNamedField() throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "{\"EventID\": 1, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", "
                + "\"seen\": \"2023-01-02 03:04:05\", \"@timestamp\": \"2024-01-01T00:00:00Z\", \"CommandLine\": \"whoami\"}\n");

        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", file.toString(),
                "--format", "jsonl", "--time-field", "seen");

        assertThat(jsonLines(run.out()).get(0).get("timestamp").asText()).isEqualTo("2023-01-02T03:04:05Z");
    }

    @Test
    void hunt_logsourceIgnore_matchesEventsWithoutChannel() throws IOException {
        Path file = dir.resolve("plain.jsonl");
        Files.writeString(file, "{\"CommandLine\": \"whoami\"}\n");

        CliRun mapped = CliRun.of("hunt", "--rules", rules.toString(), "--events", file.toString(), "--format", "jsonl");
        CliRun ignore = CliRun.of("hunt", "--rules", rules.toString(), "--events", file.toString(), "--format", "jsonl",
                "--logsource", "ignore");

        assertThat(mapped.out()).isEmpty();
        assertThat(jsonLines(ignore.out())).hasSize(1);
    }

    @Test
    void hunt_sortsByEventTime_byDefault_andSortNoneKeepsArrivalOrder() throws IOException {
        Path late = events.resolve("b.jsonl");
        Files.writeString(late, sysmon("2024-05-01T09:00:00Z", "whoami earlier") + "\n");
        try {
            CliRun sorted = CliRun.of("hunt", "--rules", rules.toString(), "--events", late.toString(),
                    events.resolve("a.jsonl").toString(), "--format", "jsonl");
            assertThat(jsonLines(sorted.out())).extracting(d -> d.get("timestamp").asText()).containsExactly(
                    "2024-05-01T09:00:00Z", "2024-05-01T10:00:01Z", "2024-05-01T10:00:03Z", "2024-05-01T10:00:04Z",
                    "2024-05-01T10:00:05Z");
            CliRun arrival = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.resolve("a.jsonl").toString(),
                    late.toString(), "--format", "jsonl", "--sort", "none");
            assertThat(jsonLines(arrival.out())).extracting(d -> d.get("timestamp").asText()).containsExactly(
                    "2024-05-01T10:00:01Z", "2024-05-01T10:00:03Z", "2024-05-01T10:00:04Z", "2024-05-01T10:00:05Z",
                    "2024-05-01T09:00:00Z");
            assertThat(CliRun.of("hunt", "--rules", rules.toString(), "--events", late.toString(), "--sort", "random")
                    .exitCode()).isEqualTo(2);
        } finally {
            Files.delete(late);
        }
    }

    @Test
    void hunt_summary_countsByLevel_uniqueRules_firstAndLastSeen_andTheTopRulesHostsAndUsers() {
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(), "--summary");
        assertThat(run.exitCode()).isZero();
        List<String> err = run.errLines();
        int at = err.indexOf("results:");
        assertThat(at).isPositive();
        assertThat(err.subList(at, err.size())).containsSubsequence(
                "  detections:     4 total, 3 unique (distinct rules): high 2 (1 rule), low 1 (1 rule), info 1 (1 rule)",
                "  first seen:     2024-05-01 10:00:01 UTC",
                "  last seen:      2024-05-01 10:00:05 UTC",
                "  top rules:",
                "           2  high      Whoami, \"the\" classic",
                "           1  low       Net Use",
                "           1  info      Any Ping",
                "  top hosts:",
                "           4  WS1");
        assertThat(CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString()).err())
                .doesNotContain("results:");
    }
}
