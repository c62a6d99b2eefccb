package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil hunt --dedup PERIOD} end to end, on two files whose detections interleave in time: the folds do not
 * depend on the order of the files, their counts and last times are exact, correlation alerts and detections
 * without a time are not folded, responses and incidents still get every alert, and bad uses are usage errors.
 */
class HuntDedupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path rules;
    Path a;
    Path b;

    @BeforeEach
    void write() throws IOException {
        rules = dir.resolve("rules.yml");
        Files.writeString(rules, """
                title: Failed logons
                id: 5d0e0000-0000-4000-8000-000000000001
                level: medium
                correlation:
                  type: event_count
                  rules: [failed_logon]
                  group-by: [TargetUserName]
                  timespan: 1m
                  condition: {gte: 2}
                generate: true
                ---
                name: failed_logon
                """ + rule("Failed logon", 2, "low", 4625) + "---\n" + rule("Logon", 3, "medium", 4624));
        a = dir.resolve("a.jsonl");
        Files.write(a, List.of(
                event("10:00:00", 4625, "H1", "bob"),
                event("10:00:10", 4625, "H1", "bob"),
                event("10:20:00", 4625, "H1", "bob"),
                event("10:30:00", 4624, "H1", "bob"),
                event("11:00:05", 4625, "H1", "bob")));
        b = dir.resolve("b.jsonl");
        Files.write(b, List.of(
                event("10:59:59", 4625, "H1", "bob"),
                event("10:05:00", 4625, "H2", "eve"),
                event("10:05:30", 4625, "H2", "eve"),
                event("10:09:00", 4625, null, "carol"),
                event("10:07:00", 4625, null, "carol"),
                event(null, 4624, "H1", "dan"),
                event(null, 4624, "H1", "dan")));
    }

    private static String rule(String title, int id, String level, int eventId) {
        return """
                title: %s
                id: 5d0e0000-0000-4000-8000-00000000000%d
                level: %s
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: %d}
                  condition: selection
                """.formatted(title, id, level, eventId);
    }

    private static String event(String time, int id, String host, String user) {
        return "{" + (time == null ? "" : "\"@timestamp\":\"2024-05-01T" + time + "Z\",") + "\"Channel\":\"Security\","
                + (host == null ? "" : "\"Computer\":\"" + host + "\",") + "\"EventID\":" + id
                + ",\"TargetUserName\":\"" + user + "\"}";
    }

    private CliRun hunt(List<Path> events, String... more) {
        List<String> args = new ArrayList<>(List.of("hunt", "-q", "--rules", rules.toString(), "--events"));
        events.forEach(p -> args.add(p.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static List<JsonNode> json(String lines) {
        return lines.lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void jsonl_foldsByRuleHostAndPeriod_countsAndLastExact_correlationsAndUntimedApart() {
        CliRun run = hunt(List.of(a, b), "--format", "jsonl", "--dedup", "1h");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> rows = new ArrayList<>();
        for (JsonNode n : json(run.out())) {
            JsonNode event = n.path("event");
            rows.add(n.get("kind").asText() + " " + n.get("rule_title").asText() + " "
                    + event.path("Computer").asText("-") + " " + n.get("timestamp").asText() + " "
                    + (n.has("dedup") ? n.get("dedup").get("count") + " " + n.get("dedup").get("last").asText() : "-"));
        }
        assertThat(rows).containsExactly(
                "detection Failed logon H1 2024-05-01T10:00:00Z 4 2024-05-01T10:59:59Z",
                "correlation Failed logons - 2024-05-01T10:00:10Z -",
                "detection Failed logon H2 2024-05-01T10:05:00Z 2 2024-05-01T10:05:30Z",
                "correlation Failed logons - 2024-05-01T10:05:30Z -",
                "detection Failed logon - 2024-05-01T10:07:00Z 2 2024-05-01T10:09:00Z",
                "detection Logon H1 2024-05-01T10:30:00Z 1 2024-05-01T10:30:00Z",
                // bob's 10:59:59 and 11:00:05: one correlation alert, two periods; at the same time, a correlation
                // alert comes before a fold (folds are printed last, and ties keep the order they come in)
                "correlation Failed logons - 2024-05-01T11:00:05Z -",
                "detection Failed logon H1 2024-05-01T11:00:05Z 1 2024-05-01T11:00:05Z",
                "detection Logon H1 null -",
                "detection Logon H1 null -");
        // the summary counts every detection, and says how many rows they became
        assertThat(run.errLines()).anyMatch(l -> l.startsWith("detections:       12 "))
                .contains("folded:           10 detections into 5 rows (--dedup 1h)");
    }

    @Test
    void everyFormat_sameOutputWhateverTheOrderOfTheFiles() {
        for (String format : List.of("table", "csv", "jsonl")) {
            CliRun ab = hunt(List.of(a, b), "--format", format, "--dedup", "1h");
            CliRun ba = hunt(List.of(b, a), "--format", format, "--dedup", "1h");

            assertThat(ab.exitCode()).as(ab.err()).isZero();
            assertThat(ba.out()).as(format).isEqualTo(ab.out());
        }
    }

    @Test
    void table_andCsv_showTheFold() {
        CliRun table = hunt(List.of(a, b), "--dedup", "1h", "--no-color");
        assertThat(table.outLines()).anyMatch(l -> l.startsWith("2024-05-01 10:00:00.000  H1 ")
                && l.contains("\u00d74 until 10:59:59 user=bob"));

        CliRun csv = hunt(List.of(a, b), "--dedup", "1h", "--format", "csv");
        List<String> lines = csv.outLines();
        assertThat(lines.get(0)).isEqualTo(CsvWriter.HEADER + ",DedupCount,DedupLast");
        assertThat(lines.get(1)).startsWith("2024-05-01T10:00:00Z,Event Time,").endsWith(",4,2024-05-01T10:59:59Z");
        assertThat(lines.get(2)).startsWith("2024-05-01T10:00:10Z,Correlation Alert,").endsWith(",2,,");
        assertThat(lines).hasSize(11);
    }

    @Test
    void dayPeriods_foldAcrossTheHours() {
        CliRun run = hunt(List.of(a, b), "--format", "jsonl", "--dedup", "1d");

        JsonNode first = json(run.out()).get(0);
        assertThat(first.get("dedup").get("count").asInt()).isEqualTo(5);
        assertThat(first.get("dedup").get("last").asText()).isEqualTo("2024-05-01T11:00:05Z");
        assertThat(run.errLines()).contains("folded:           10 detections into 4 rows (--dedup 1d)");
    }

    @Test
    void responsesAndIncidents_stillGetEveryAlert() throws IOException {
        Path actions = dir.resolve("actions.tsv");
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, """
                routes:
                  - name: all
                    when: {}
                    action: test-append
                    with: {file: '%s', label: all}
                """.formatted(actions.toString().replace("'", "''")));
        Path incidents = dir.resolve("incidents.jsonl");
        Set<String> all = new TreeSet<>();
        json(hunt(List.of(a, b), "--format", "jsonl").out()).forEach(n -> all.add(n.get("id").asText()));
        assertThat(all).hasSize(15); // 12 detections, 3 correlation alerts

        CliRun run = hunt(List.of(a, b), "--format", "jsonl", "--dedup", "1h", "--respond", policy.toString(),
                "--incidents", incidents.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(10);
        Set<String> responded = new TreeSet<>();
        Files.readAllLines(actions).forEach(l -> responded.add(l.split("\t")[1]));
        assertThat(responded).isEqualTo(all);
        Set<String> grouped = new TreeSet<>();
        json(Files.readString(incidents)).forEach(i -> i.get("alert_ids").forEach(id -> grouped.add(id.asText())));
        assertThat(grouped).isEqualTo(all);
    }

    @Test
    void badPeriods_andStreaming_areUsageErrors() {
        for (String period : List.of("0", "500ms", "soon", "-1h")) {
            CliRun run = hunt(List.of(a), "--dedup", period);
            assertThat(run.exitCode()).as(period + ": " + run.err()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
        }
        assertThat(hunt(List.of(a), "--dedup", "500ms").err()).contains("--dedup must be a whole number of seconds");

        CliRun streaming = hunt(List.of(a), "--dedup", "1h", "--sort", "none");
        assertThat(streaming.exitCode()).isEqualTo(2);
        assertThat(streaming.err()).contains("--dedup needs --sort time");
    }
}
