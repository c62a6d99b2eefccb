package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil search}: the analyst's follow-up questions over the same inputs as hunt. */
class SearchCommandTest {

    @TempDir
    Path dir;
    private Path events;

    @BeforeEach
    void events() throws IOException {
        events = dir.resolve("a.jsonl");
        Files.writeString(events, String.join("\n",
                "{\"EventID\": 1, \"Computer\": \"WS1\", \"@timestamp\": \"2024-05-01T10:00:00Z\", "
                        + "\"CommandLine\": \"certutil -urlcache -f http://x\", \"User\": \"alice\"}",
                "{\"EventID\": 1, \"Computer\": \"WS2\", \"CommandLine\": \"notepad.exe\", \"User\": \"CertUtil-admin\"}",
                "not json",
                "{\"Event\": {\"System\": {\"EventID\": 4688, \"Computer\": \"WS3\"}, "
                        + "\"EventData\": {\"NewProcessName\": \"C:\\\\Windows\\\\certutil.exe\", \"Port\": 4444}}}") + "\n");
    }

    @Test
    void plainText_isCaseInsensitive_inAnyValue_andNamesTheFileAndLine() {
        CliRun run = CliRun.of("search", "CERTUTIL", "--events", events.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(0)).startsWith("2024-05-01 10:00:00.000  WS1  -  1  " + events + ":1  ")
                .endsWith("certutil -urlcache -f http://x");
        assertThat(run.outLines().get(1)).contains(events + ":2", "CertUtil-admin");
        assertThat(run.outLines().get(2)).contains("WS3", "4688", events + ":4", "C:\\Windows\\certutil.exe");
        assertThat(run.err()).contains("records skipped:  1", "matching events:  3");
    }

    @Test
    void stringOption_cased_andNumbersByTheirText() {
        assertThat(CliRun.of("search", "--events", events.toString(), "--string", "CertUtil", "--cased").outLines())
                .hasSize(1).allSatisfy(l -> assertThat(l).contains("CertUtil-admin"));
        assertThat(CliRun.of("search", "--events", events.toString(), "--string", "4444").outLines()).hasSize(1);
    }

    @Test
    void field_restrictsTheSearch_includingNestedEventData() {
        CliRun run = CliRun.of("search", "--events", events.toString(), "--string", "certutil",
                "--field", "CommandLine", "NewProcessName");
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines()).noneMatch(l -> l.contains("CertUtil-admin"));
    }

    @Test
    void regex_withIgnoreCase_andAnInvalidRegexIsAUsageError() {
        CliRun run = CliRun.of("search", "--events", events.toString(), "--regex", "^c:\\\\windows\\\\\\w+\\.exe$", "-i");
        assertThat(run.outLines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("WS3"));
        CliRun bad = CliRun.of("search", "--events", events.toString(), "--regex", "(");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid regular expression");
        assertThat(CliRun.of("search", "--events", events.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("search", "x", "--events", events.toString(), "--string", "y").exitCode()).isEqualTo(2);
    }

    @Test
    void jsonl_printsTheWholeEventWithItsSource_noMatchExitsOne_limitStops() throws IOException {
        CliRun run = CliRun.of("search", "--events", events.toString(), "--string", "alice", "--format", "jsonl");
        JsonNode line = new ObjectMapper().readTree(run.outLines().get(0));
        assertThat(line.get("line").asInt()).isEqualTo(1);
        assertThat(line.get("event").get("CommandLine").asText()).isEqualTo("certutil -urlcache -f http://x");
        assertThat(CliRun.of("search", "--events", events.toString(), "--string", "nothing-like-it").exitCode()).isEqualTo(1);
        CliRun limited = CliRun.of("search", "--events", events.toString(), "--string", "certutil", "--limit", "1");
        assertThat(limited.outLines()).hasSize(1);
        assertThat(limited.err()).contains("(--limit reached: reading stopped)");
    }

    @Test
    void searchesNativeEvtxFiles() {
        Path sysmon = Path.of(System.getProperty("vigil.shared", "../../shared"), "events/evtx/sysmon.evtx");
        assumeTrue(Files.isRegularFile(sysmon), "skipped: the shared test data is absent");
        CliRun run = CliRun.of("search", "--events", sysmon.toString(), "--string", "ping.exe",
                "--field", "Image");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).isNotEmpty().allSatisfy(l -> assertThat(l).contains("Sysmon", "sysmon.evtx:").containsIgnoringCase("\\PING.EXE"));
    }
}
