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

/** {@code vigil hunt} with correlation rules among its rules: what each format prints. */
class HuntCorrelationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path rules;
    Path events;

    @BeforeEach
    void write() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("brute_force.yml"), """
                title: Brute force on an account
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50
                level: high
                tags: [attack.t1110]
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
                """);
        events = Files.createDirectory(dir.resolve("events"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add("{\"@timestamp\":\"2024-05-01T10:00:0" + i + "Z\",\"Channel\":\"Security\",\"EventID\":4625,"
                    + "\"TargetUserName\":\"" + (i == 2 ? "eve" : "bob") + "\"}");
        }
        lines.add("{\"@timestamp\":\"2024-05-01T10:01:00Z\",\"Channel\":\"Security\",\"EventID\":4624,\"TargetUserName\":\"bob\"}");
        Files.write(events.resolve("security.jsonl"), lines);
    }

    CliRun hunt(String... more) {
        List<String> args = new ArrayList<>(List.of("hunt", "--rules", rules.toString(), "--events", events.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void jsonl_correlationAlert_withGroupWindowValueAndMatches() throws IOException {
        CliRun run = hunt("--format", "jsonl");
        assertThat(run.exitCode()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : run.outLines()) {
            out.add(JSON.readTree(line));
        }
        // the failed-logon rule is only used by the correlation (generate: false): its detections are not printed
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.get("kind").asText()).isEqualTo("correlation");
            assertThat(a.get("rule_id").asText()).isEqualTo("9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50");
            assertThat(a.get("rule_title").asText()).isEqualTo("Brute force on an account");
            assertThat(a.get("level").asText()).isEqualTo("high");
            assertThat(a.get("correlation_type").asText()).isEqualTo("event_count");
            assertThat(a.get("group").toString()).isEqualTo("{\"TargetUserName\":\"bob\"}");
            assertThat(a.get("window").get("start").asText()).isEqualTo("2024-05-01T10:00:00Z");
            assertThat(a.get("window").get("end").asText()).isEqualTo("2024-05-01T10:00:03Z");
            assertThat(a.get("value").asLong()).isEqualTo(3);
            assertThat(a.get("match_count").asInt()).isEqualTo(3);
            assertThat(a.get("matches")).hasSize(3);
            JsonNode m = a.get("matches").get(0);
            assertThat(m.get("rule_id").asText()).isEqualTo("9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a51");
            assertThat(m.get("source").get("file").asText()).isEqualTo(events.resolve("security.jsonl").toString());
            assertThat(m.get("source").get("line").asInt()).isEqualTo(1);
            assertThat(a.get("matches").get(2).get("source").get("line").asInt()).isEqualTo(4);
        });
        assertThat(run.err()).contains("loaded 2 of 2 rules")
                .contains("detections:       0 (4 of rules only correlations use not shown")
                .contains("correlations:     1 (high 1)")
                .contains("correlated:       4 matches (0 too late");
    }

    @Test
    void showAllDetections_printsTheReferencedRulesDetectionsToo() throws IOException {
        CliRun run = hunt("--format", "jsonl", "--show-all-detections");
        List<String> kinds = new ArrayList<>();
        for (String line : run.outLines()) {
            kinds.add(JSON.readTree(line).get("kind").asText());
        }
        assertThat(kinds).containsExactly("detection", "detection", "detection", "detection", "correlation");
    }

    @Test
    void table_and_csv_showTheCorrelation() {
        CliRun table = hunt();
        assertThat(table.outLines()).hasSize(2);
        assertThat(table.outLines().get(1)).matches("2024-05-01 10:00:03\\.000  -  +correlation  +3  +high  .*")
                .contains("Brute force on an account",
                        "event_count=3 TargetUserName=bob window=10:00:00..10:00:03 first=security.jsonl:1");
        CliRun csv = hunt("--format", "csv");
        assertThat(csv.out().split("\r\n")).containsExactly(
                CsvWriter.HEADER,
                "2024-05-01T10:00:03Z,Correlation Alert,[high] Brute force on an account: event_count=3 TargetUserName=bob "
                        + "window=10:00:00..10:00:03 first=security.jsonl:1,,,,high,Brute force on an account,"
                        + "9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50,event_count=3 TargetUserName=bob window=10:00:00..10:00:03 "
                        + "first=security.jsonl:1,,,attack.t1110,correlation,3,TargetUserName=bob,2024-05-01T10:00:00Z,"
                        + "2024-05-01T10:00:03Z,3");
    }

    @Test
    void check_reportsABadCorrelationWithPosition_andCountsCorrelations() throws IOException {
        Files.writeString(rules.resolve("bad.yml"), """
                title: Broken
                correlation:
                  type: event_counter
                  rules: [failed_logon]
                  timespan: 5m
                  condition: {gte: 3}
                """);
        CliRun run = CliRun.of("check", "--rules", rules.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                rules.resolve("bad.yml") + ":3:9 (correlation.type): unknown correlation type 'event_counter' (event_count,"
                        + " value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile, value_median)",
                "loaded 2 of 3 rules");
    }

    @Test
    void minLevel_filtersCorrelationsByTheirLevel() {
        assertThat(hunt("--format", "jsonl", "--min-level", "critical").outLines()).isEmpty();
    }

    @Test
    void lateness_lateMatchesAreReportedAndCounted() throws IOException {
        // 16 more failed logons give the stream a time (the median of the latest match times, once 16 are known)
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            others.append("{\"@timestamp\":\"2024-05-01T10:00:0").append(i % 10).append("Z\",\"Channel\":\"Security\","
                    + "\"EventID\":4625,\"TargetUserName\":\"other").append(i).append("\"}\n");
        }
        Files.writeString(events.resolve("m-others.jsonl"), others);
        // read after those (files are read in name order), an hour older than their events
        Files.writeString(events.resolve("zz-older.jsonl"),
                "{\"@timestamp\":\"2024-05-01T09:00:00Z\",\"Channel\":\"Security\",\"EventID\":4625,\"TargetUserName\":\"bob\"}\n");
        CliRun run = hunt("--format", "jsonl", "--lateness", "5m");
        assertThat(run.err()).contains("too late to correlate: " + events.resolve("zz-older.jsonl") + ":1 'Failed logon'")
                .contains("(1 too late, dropped;");
    }

    @Test
    void partitionsAndLateness_options() {
        CliRun run = hunt("--format", "jsonl", "--partitions", "3", "--lateness", "10s");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(1);
        assertThat(hunt("--lateness", "soon").exitCode()).isEqualTo(2);
    }
}
