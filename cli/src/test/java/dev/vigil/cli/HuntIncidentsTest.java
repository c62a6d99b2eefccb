package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil hunt --incidents FILE} on the examples: the printed alerts grouped into incidents, written as
 * JSON Lines with their timelines; with {@code --respond}, the actions are told their alert's incident, and a
 * containing action moves it to contained.
 */
class HuntIncidentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun hunt(String... more) {
        List<String> args = new ArrayList<>(List.of("hunt", "--rules", Examples.rules().toString(),
                "--events", Examples.events().toString(), "--format", "jsonl"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static List<JsonNode> jsonLines(List<String> lines) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theSampleAttackOnWsAnna_isOneIncident_withItsAlertsAndTimeline() throws IOException {
        Path file = dir.resolve("out").resolve("incidents.jsonl");

        CliRun run = hunt("--incidents", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> alerts = jsonLines(run.outLines());
        List<JsonNode> incidents = jsonLines(Files.readAllLines(file));
        assertThat(incidents).hasSize(3);

        // every printed alert is in exactly one incident
        List<String> grouped = incidents.stream().flatMap(i -> texts(i.get("alert_ids")).stream()).toList();
        assertThat(grouped).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(alerts.stream().map(a -> a.get("id").asText()).toList());

        JsonNode anna = incidents.stream()
                .filter(i -> i.get("entities").toString().contains("WS-ANNA.corp.example")).findFirst().orElseThrow();
        Set<String> annaAlerts = Set.copyOf(texts(anna.get("alert_ids")));
        Set<String> annaAlertsPrinted = alerts.stream()
                .filter(a -> a.path("event").path("Computer").asText().equals("WS-ANNA.corp.example"))
                .map(a -> a.get("id").asText()).collect(Collectors.toSet());
        assertThat(annaAlertsPrinted).hasSize(5);
        assertThat(annaAlerts).containsAll(annaAlertsPrinted);
        // the attack goes on from WS-ANNA (10.20.1.15) to SRV-FILE01: the password guessing and the log clearing
        assertThat(annaAlerts).hasSize(9);
        assertThat(anna.get("title").asText()).isEqualTo("PowerShell Started With a Long Encoded Command");
        assertThat(anna.get("severity").asText()).isEqualTo("critical");
        assertThat(anna.get("state").asText()).isEqualTo("identified");
        assertThat(anna.get("first_seen").asText()).isEqualTo("2026-03-02T08:05:00Z");
        assertThat(anna.get("last_seen").asText()).isEqualTo("2026-03-02T08:09:06Z");
        assertThat(anna.get("entities")).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("host");
            assertThat(e.get("value").asText()).isEqualTo("WS-ANNA.corp.example");
        });
        assertThat(texts(anna.get("tactics"))).contains("execution", "credential-access", "persistence");
        assertThat(texts(anna.get("techniques"))).contains("T1003.001", "T1105", "T1110.001");
        assertThat(anna.get("transitions")).isEmpty();

        // the timeline: the incident's alerts and the events of its entities from 5 minutes before, in time order
        JsonNode timeline = anna.get("timeline");
        List<JsonNode> entries = new ArrayList<>();
        timeline.forEach(entries::add);
        assertThat(entries.stream().filter(e -> e.get("kind").asText().equals("alert"))
                .map(e -> e.get("alert_id").asText()).collect(Collectors.toSet())).isEqualTo(annaAlerts);
        List<JsonNode> events = entries.stream().filter(e -> e.get("kind").asText().equals("event")).toList();
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("file").asText()).endsWith("sample.jsonl");
            assertThat(e.get("line").asInt()).isPositive();
            assertThat(e.get("event").isObject()).isTrue();
        });
        // certutil writing u.dll: an event of the attack that no rule alerts on
        assertThat(events.stream().map(e -> e.get("line").asInt())).contains(21);
        List<Instant> times = entries.stream().map(e -> Instant.parse(e.get("time").asText())).toList();
        assertThat(times).isSorted();
        assertThat(times.get(0)).isAfterOrEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(times.get(times.size() - 1)).isBeforeOrEqualTo(Instant.parse("2026-03-02T08:14:06Z"));

        assertThat(run.errLines()).contains("incidents:        3 (critical 1, high 1, low 1) \u2192 " + file);
        int elapsed = run.errLines().indexOf(run.errLines().stream().filter(l -> l.startsWith("elapsed:"))
                .findFirst().orElseThrow());
        assertThat(run.errLines().get(elapsed - 1)).startsWith("incidents:");
    }

    @Test
    void withRespond_actionsAreToldTheIncident_andAContainingActionContainsIt() throws IOException {
        Path file = dir.resolve("incidents.jsonl");
        Path out = dir.resolve("actions.tsv");
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, """
                routes:
                  - when: {level: critical}
                    action: test-append
                    with: {file: '%s', label: contain}
                """.formatted(out));

        CliRun run = hunt("--incidents", file.toString(), "--respond", policy.toString(),
                "--containing-action", "test-append");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> incidents = jsonLines(Files.readAllLines(file));
        Map<String, String> incidentOfAlert = new HashMap<>();
        for (JsonNode i : incidents) {
            texts(i.get("alert_ids")).forEach(a -> incidentOfAlert.put(a, i.get("id").asText()));
        }
        List<String[]> written = Files.readAllLines(out).stream().map(l -> l.split("\t")).toList();
        assertThat(written).hasSize(1);
        String[] critical = written.get(0);
        assertThat(critical[4]).as("the incident the action was told").isEqualTo(incidentOfAlert.get(critical[1]));

        JsonNode contained = incidents.stream().filter(i -> i.get("id").asText().equals(critical[4])).findFirst()
                .orElseThrow();
        assertThat(contained.get("state").asText()).isEqualTo("contained");
        assertThat(contained.get("transitions")).singleElement().satisfies(t -> {
            assertThat(t.get("from").asText()).isEqualTo("identified");
            assertThat(t.get("to").asText()).isEqualTo("contained");
            assertThat(t.get("actor").asText()).isEqualTo("test-append");
        });
        assertThat(incidents.stream().filter(i -> !i.get("id").asText().equals(critical[4])))
                .allSatisfy(i -> assertThat(i.get("state").asText()).isEqualTo("identified"));
    }

    @Test
    void withRespondButWithoutIncidents_actionsAreToldNoIncident() throws IOException {
        Path out = dir.resolve("actions.tsv");
        Path policy = dir.resolve("policy.yml");
        Files.writeString(policy, """
                routes: [{when: {level: critical}, action: test-append, with: {file: '%s'}}]
                """.formatted(out));

        CliRun run = hunt("--respond", policy.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out)).singleElement().satisfies(l -> assertThat(l).endsWith("\t-"));
        assertThat(run.err()).doesNotContain("incidents:");
    }

    @Test
    void minLevel_onlyThePrintedAlertsAreGrouped() throws IOException {
        Path file = dir.resolve("incidents.jsonl");

        CliRun run = hunt("--incidents", file.toString(), "--min-level", "high");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Set<String> printed = new HashSet<>();
        jsonLines(run.outLines()).forEach(a -> printed.add(a.get("id").asText()));
        List<JsonNode> incidents = jsonLines(Files.readAllLines(file));
        assertThat(incidents.stream().flatMap(i -> texts(i.get("alert_ids")).stream()).collect(Collectors.toSet()))
                .isEqualTo(printed);
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith("incidents:        ")
                .endsWith("\u2192 " + file).doesNotContain("low"));
    }

    @Test
    void containingActionWithoutIncidents_isAUsageError() {
        CliRun run = hunt("--respond", "policy.yml", "--containing-action", "isolate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("vigil hunt: --containing-action needs --respond and --incidents");
    }

    @Test
    void incidentsFileThatCannotBeWritten_exits1() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));

        CliRun run = hunt("--incidents", folder.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith("vigil hunt: cannot write the incidents: "));
    }
}
