package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil watch} in this JVM, on real files written while it runs: it follows the file from its end (or
 * start), through rotation and truncation, parses a line only once it is finished, reads stdin to its end,
 * closes correlation windows as the clock passes, keeps incidents in a journal, and stops cleanly.
 */
class WatchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Line {@code n} (1-based) of the examples' sample.jsonl. */
    static String sample(int n) {
        try {
            return Files.readAllLines(Examples.events().resolve("sample.jsonl")).get(n - 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendLines(Path file, String... lines) {
        append(file, String.join("\n", lines) + "\n");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code source.line} of each JSON alert printed that is a detection. */
    private static List<Integer> detectionLines(List<String> out) {
        return out.stream().map(WatchCommandTest::json).filter(a -> a.get("kind").asText().equals("detection"))
                .map(a -> a.get("source").get("line").asInt()).toList();
    }

    private WatchRun watch(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("--rules", Examples.rules().toString(), "--events",
                file.toString(), "--format", "jsonl", "--poll-ms", "50"));
        args.addAll(List.of(more));
        return WatchRun.start(args.toArray(String[]::new));
    }

    @Test
    void appendedEvents_areAlertedAsTheyCome_startingAtTheEndOfTheFile() {
        Path file = dir.resolve("events.jsonl");
        // an alert already in the file (line 2) is not read: the watch starts at the end
        appendLines(file, sample(17), sample(18), sample(19));

        try (WatchRun run = watch(file)) {
            run.awaitErr(l -> l.equals("watching " + file + " from line 4 (its end)"), "the watch to start");
            appendLines(file, sample(24), sample(25));

            List<String> alerts = run.awaitOut(2, l -> l.startsWith("{"), "the two alerts");
            assertThat(detectionLines(alerts)).containsExactly(4, 5);
            assertThat(json(alerts.get(1)).get("rule_title").asText())
                    .isEqualTo("Credential Dumping Commands On a Command Line");
            assertThat(json(alerts.get(1)).get("source").get("file").asText()).isEqualTo(file.toString());

            assertThat(run.stop()).isZero();
            List<String> err = run.errLines();
            assertThat(err).contains("stopping: finishing correlation", "followed:         " + file,
                    "events read:      2", "records skipped:  0", "detections:       2 (critical 1, medium 1)");
            assertThat(err).anySatisfy(l -> assertThat(l).startsWith("elapsed:").contains("watching"));
            assertThat(run.outLines()).hasSize(2);
        }
    }

    @Test
    void fromStart_readsWhatTheFileHolds_thenFollowsIt() {
        Path file = dir.resolve("events.jsonl");
        appendLines(file, sample(18), sample(19));

        try (WatchRun run = WatchRun.start("--rules", Examples.rules().toString(), "--events", file.toString(),
                "--from-start", "--poll-ms", "50", "--full")) {
            run.awaitErr(l -> l.equals("watching " + file + " from its start"), "the watch to start");
            run.awaitOut(1, l -> l.contains("events.jsonl:1 "), "the alert already in the file");
            appendLines(file, sample(20));
            run.awaitOut(1, l -> l.contains("events.jsonl:3 ") && l.contains("Certutil"), "the appended alert");
            assertThat(run.stop()).isZero();
            assertThat(run.outLines().get(0)).startsWith("TIMESTAMP (UTC)");
        }
    }

    @Test
    void anUnfinishedLine_isParsedOnlyOnceItEndsWithANewline() {
        Path file = dir.resolve("events.jsonl");
        appendLines(file, sample(1));

        try (WatchRun run = watch(file)) {
            run.awaitErr(l -> l.startsWith("watching "), "the watch to start");
            String line = sample(25);
            append(file, line.substring(0, 100));
            // a few polls go by with half a line in the file: nothing is read of it
            WatchRun.sleep(500);
            assertThat(run.out()).isEmpty();
            append(file, line.substring(100, 200));
            WatchRun.sleep(200);
            assertThat(run.out()).isEmpty();
            append(file, line.substring(200) + "\n");

            List<String> alerts = run.awaitOut(1, l -> l.startsWith("{"), "the alert of the finished line");
            assertThat(detectionLines(alerts)).containsExactly(2);
            assertThat(run.stop()).isZero();
            assertThat(run.errLines()).contains("events read:      1", "records skipped:  0");
        }
    }

    @Test
    void stoppedWithAnUnfinishedLine_saysItWasNotRead() {
        Path file = dir.resolve("events.jsonl");
        appendLines(file, sample(1));

        try (WatchRun run = watch(file)) {
            run.awaitErr(l -> l.startsWith("watching "), "the watch to start");
            // one write: a finished line, and the start of the next; once the first is alerted on, both were read
            append(file, sample(25) + "\n" + sample(18).substring(0, 50));
            run.awaitOut(1, l -> l.startsWith("{"), "the alert of the finished line");
            assertThat(run.stop()).isZero();
            assertThat(run.errLines()).contains("events read:      1", "records skipped:  0",
                    "warning: " + file + ": its last line was unfinished when the watch stopped; not read");
        }
    }

    @Test
    void rotation_theFileRenamedAway_andANewOne_theNewOneIsReadFromItsStart() throws IOException {
        Path file = dir.resolve("events.jsonl");
        appendLines(file, sample(1));

        try (WatchRun run = watch(file)) {
            run.awaitErr(l -> l.startsWith("watching "), "the watch to start");
            appendLines(file, sample(18));
            run.awaitOut(1, l -> l.startsWith("{"), "the first alert");

            // the writer's last line before the rotation, then the rotation: both files are read in full
            appendLines(file, sample(20));
            Files.move(file, dir.resolve("events.jsonl.1"));
            appendLines(file, sample(2), sample(23), sample(25));

            List<String> alerts = run.awaitOut(4, l -> l.startsWith("{"), "the alerts of both files");
            assertThat(detectionLines(alerts)).containsExactly(2, 3, 2, 3);
            assertThat(alerts.stream().map(a -> json(a).get("rule_title").asText()).toList()).containsExactly(
                    "PowerShell Started With a Long Encoded Command", "Certutil Fetching a File From a URL",
                    "Rundll32 Connecting To a Public Address", "Credential Dumping Commands On a Command Line");
            run.awaitErr(l -> l.equals(file + ": rotated (a new file at the path)")
                    || l.equals(file + ": moved or deleted"), "the rotation to be noticed");

            // and again: the file moved away, and some time later a new one
            Files.move(file, dir.resolve("events.jsonl.2"));
            run.awaitErr(l -> l.equals(file + ": no such file yet; waiting for it"), "the file to be missed");
            appendLines(file, sample(24));
            run.awaitOut(5, l -> l.startsWith("{"), "the alert of the third file");

            assertThat(run.stop()).isZero();
            assertThat(run.errLines()).contains("followed:         " + file
                    + " (opened again 2 times after rotation or truncation)", "events read:      6");
        }
    }

    @Test
    void truncation_theFileIsReadAgainFromItsStart() throws IOException {
        Path file = dir.resolve("events.jsonl");
        appendLines(file, sample(1), sample(2), sample(3));

        try (WatchRun run = watch(file)) {
            run.awaitErr(l -> l.startsWith("watching "), "the watch to start");
            appendLines(file, sample(18));
            run.awaitOut(1, l -> l.startsWith("{"), "the first alert");

            // copytruncate: the file cut to nothing and written again, shorter than what was read
            Files.writeString(file, sample(25) + "\n", StandardOpenOption.TRUNCATE_EXISTING);

            List<String> alerts = run.awaitOut(2, l -> l.startsWith("{"), "the alert after the truncation");
            assertThat(detectionLines(alerts)).containsExactly(4, 1);
            assertThat(run.errLines()).contains(file + ": truncated", "reading " + file + " from its start");
            assertThat(run.stop()).isZero();
        }
    }

    @Test
    void aFileNotThereYet_isWaitedFor_andReadFromItsStart() {
        Path file = dir.resolve("later.jsonl");
        try (WatchRun run = watch(file)) {
            run.awaitErr(l -> l.equals(file + ": no such file yet; waiting for it"), "the watch to wait");
            appendLines(file, sample(18));
            run.awaitOut(1, l -> l.startsWith("{"), "the alert of the new file");
            assertThat(detectionLines(run.outLines())).containsExactly(1);
            assertThat(run.stop()).isZero();
        }
    }

    @Test
    void stdin_isReadToItsEnd_thenTheWatchEnds_exit0() {
        String events = sample(18) + "\n" + sample(19) + "\n" + sample(20) + "\n" + sample(25); // no final newline
        ByteArrayInputStream in = new ByteArrayInputStream(events.getBytes(StandardCharsets.UTF_8));

        try (WatchRun run = WatchRun.withStdin(in, "--rules", Examples.rules().toString(), "--events", "-",
                "--format", "jsonl")) {
            assertThat(run.awaitExit()).as(run.err()).isZero();
            assertThat(detectionLines(run.outLines())).containsExactly(1, 3, 4);
            assertThat(json(run.outLines().get(0)).get("source").get("file").asText()).isEqualTo("stdin");
            assertThat(run.errLines()).contains("watching standard input", "followed:         standard input",
                    "events read:      4", "detections:       3 (critical 1, high 2)");
            assertThat(run.err()).doesNotContain("stopping:");
        }
    }

    @Test
    void correlationWindows_closeAsTheClockPasses_withoutNewEvents() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Examples.rules().resolve("win_security_failed_rdp_logon.yml"), rules.resolve("failed.yml"));
        Files.writeString(rules.resolve("few.yml"), """
                title: Few Failed Remote Desktop Logons
                id: 5b0b4c6e-1f0a-4d7e-9a55-3c1d2e4f6a70
                generate: true
                correlation:
                  type: event_count
                  rules: [0fae168b-429f-4c10-8aea-ed7eb26cfaca]
                  group-by: [IpAddress]
                  timespan: 2s
                  condition: {lt: 10}
                level: medium
                """);
        Path file = dir.resolve("events.jsonl");
        appendLines(file, sample(1));

        try (WatchRun run = WatchRun.start("--rules", rules.toString(), "--events", file.toString(), "--format",
                "jsonl", "--poll-ms", "50", "--lateness", "0")) {
            run.awaitErr(l -> l.startsWith("watching "), "the watch to start");
            // no time in the event: it is stamped with the clock
            appendLines(file, "{\"EventID\": 4625, \"Channel\": \"Security\", \"Computer\": \"SRV-FILE01\", "
                    + "\"TargetUserName\": \"administrator\", \"LogonType\": 10, \"IpAddress\": \"10.9.9.9\"}");
            run.awaitOut(1, l -> l.contains("\"kind\":\"detection\""), "the detection");
            // the window closes two seconds after the match, and the next tick decides it
            String correlation = run.awaitOut(1, l -> l.contains("\"kind\":\"correlation\""), "the correlation alert")
                    .get(0);
            assertThat(json(correlation).get("rule_title").asText()).isEqualTo("Few Failed Remote Desktop Logons");
            assertThat(json(correlation).get("group").get("IpAddress").asText()).isEqualTo("10.9.9.9");
            assertThat(json(correlation).get("value").asInt()).isEqualTo(1);
            assertThat(run.stop()).isZero();
            assertThat(run.errLines()).contains("correlations:     1 (medium 1)");
        }
    }

    @Test
    void incidentsJournal_aWatchStartedAgain_carriesOnWithItsIncidents() throws IOException {
        Path file = dir.resolve("events.jsonl");
        Path journal = dir.resolve("state").resolve("incidents.journal");
        appendLines(file, sample(1));

        try (WatchRun run = watch(file, "--incidents-journal", journal.toString())) {
            run.awaitErr(l -> l.startsWith("watching "), "the first watch to start");
            assertThat(run.errLines()).contains("loaded 0 incidents from " + journal);
            appendLines(file, sample(18));
            run.awaitOut(1, l -> l.startsWith("{"), "the first alert");
            assertThat(run.stop()).isZero();
            assertThat(run.errLines()).contains("incidents:        1 (high 1) \u2192 journal " + journal);
        }
        try (WatchRun run = watch(file, "--incidents-journal", journal.toString())) {
            run.awaitErr(l -> l.startsWith("watching "), "the second watch to start");
            assertThat(run.errLines()).contains("loaded 1 incident from " + journal);
            appendLines(file, sample(25));
            run.awaitOut(1, l -> l.startsWith("{"), "the second alert");
            assertThat(run.stop()).isZero();
            assertThat(run.errLines()).contains("incidents:        1 (critical 1) \u2192 journal " + journal);
        }
        // both alerts joined the one incident (WS-ANNA, anna, within the hour)
        List<JsonNode> changes = Files.readAllLines(journal).stream().map(WatchCommandTest::json).toList();
        assertThat(changes).hasSize(2).allSatisfy(c -> assertThat(c.get("change").asText()).isEqualTo("alert"));
        Set<String> incidents = changes.stream().map(c -> c.get("incident").asText()).collect(Collectors.toSet());
        assertThat(incidents).hasSize(1);
    }

    @Test
    void usageErrors_exit2_withOneLine() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        String rules = Examples.rules().toString();
        String[][] cases = {
            {"--rules", rules, "--events", "x.jsonl", "--audit", "a.jsonl"},
            {"--rules", rules, "--events", folder.toString()},
            {"--rules", rules, "--events", "x.jsonl", "--poll-ms", "5"},
            {"--rules", rules, "--events", "x.jsonl", "--respond", "p.yml", "--containing-action", "isolate"},
            {"--rules", rules},
        };
        String[] messages = {
            "vigil watch: --audit needs --respond",
            "vigil watch: " + folder + " is a folder: watch follows one file (hunt reads folders)",
            "vigil watch: --poll-ms must be from 10 to 60000",
            "vigil watch: --containing-action needs --respond and --incidents-journal",
            "vigil watch: Missing required option: '--events=FILE|-'",
        };
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("watch"));
            args.addAll(List.of(cases[i]));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.errLines()).as(String.join(" ", args)).singleElement()
                    .satisfies(l -> assertThat(l).startsWith(messages[cases.length == 0 ? 0 : indexOf(cases, args)]));
        }
    }

    private static int indexOf(String[][] cases, List<String> args) {
        for (int i = 0; i < cases.length; i++) {
            if (List.of(cases[i]).equals(args.subList(1, args.size()))) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    @Test
    void anIncidentJournalThatCannotBeOpened_exits1_beforeReadingEvents() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("journal-folder"));
        CliRun run = CliRun.of("watch", "--rules", Examples.rules().toString(), "--events",
                dir.resolve("x.jsonl").toString(), "--incidents-journal", folder.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("vigil watch: cannot open the incident journal " + folder + ": "));
    }

    @Test
    void noRuleLoaded_exits1() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("no-rules"));
        CliRun run = CliRun.of("watch", "--rules", empty.toString(), "--events", dir.resolve("x.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains("vigil watch: no rule loaded, nothing to do");
    }
}
