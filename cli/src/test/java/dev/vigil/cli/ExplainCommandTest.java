package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    static final String RULE = """
            title: Whoami All
            id: 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c0aa
            logsource:
              product: windows
              category: process_creation
            detection:
              selection:
                Image|endswith: '\\whoami.exe'
                CommandLine|contains: '/all'
              filter:
                User: SYSTEM
              condition: selection and not filter
            """;

    static final String SYSMON = "\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":1";

    @TempDir
    Path dir;

    Path rule;

    @BeforeEach
    void writeRule() throws IOException {
        rule = dir.resolve("whoami.yml");
        Files.writeString(rule, RULE);
    }

    @Test
    void matchingEvent_printsTheTree_exitsZero() {
        CliRun run = CliRun.of("explain", "--rules", rule.toString(), "--event",
                "{" + SYSMON + ",\"Image\":\"C:\\\\Windows\\\\whoami.exe\",\"CommandLine\":\"whoami /all\"}");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly(
                "✓ rule 'Whoami All' (" + rule + ":1) matched",
                "  ✓ logsource product: windows, category: process_creation",
                "    ✗ the event gives product/category/service, and they agree    event product: absent, "
                        + "category: absent, service: absent",
                "    ✓ mapped: Channel = 'Microsoft-Windows-Sysmon/Operational' and EventID = 1    event Channel: "
                        + "'Microsoft-Windows-Sysmon/Operational', EventID: 1",
                "    ✗ mapped: Channel = 'Security' and EventID = 4688    event Channel: "
                        + "'Microsoft-Windows-Sysmon/Operational', EventID: 1",
                "  ✓ condition: selection and not filter",
                "    ✓ and",
                "      ✓ selection",
                "        ✓ Image|endswith: '\\whoami.exe'    event Image: 'C:\\Windows\\whoami.exe'",
                "        ✓ CommandLine|contains: '/all'    event CommandLine: 'whoami /all'",
                "      ✓ not",
                "        ✗ filter",
                "          ✗ User: 'SYSTEM'    event User: absent");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void filteredEvent_fromAFile_exitsOne() throws IOException {
        Path event = dir.resolve("event.json");
        Files.writeString(event, "{" + SYSMON + ",\"Image\":\"C:\\\\whoami.exe\",\"CommandLine\":\"whoami /all\","
                + "\"User\":\"SYSTEM\"}");

        CliRun run = CliRun.of("explain", "--rules", rule.toString(), "--event", "@" + event);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines().get(0)).isEqualTo("✗ rule 'Whoami All' (" + rule + ":1) did not match");
        assertThat(run.out()).contains("      ✗ not\n        ✓ filter\n          ✓ User: 'SYSTEM'    event User: 'SYSTEM'");
    }

    @Test
    void eventFileAndLine_picksThatEvent() throws IOException {
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, "{" + SYSMON + ",\"Image\":\"C:\\\\cmd.exe\"}\n"
                + "{" + SYSMON + ",\"Image\":\"C:\\\\whoami.exe\",\"CommandLine\":\"whoami /all\"}\n");

        assertThat(CliRun.of("explain", "--rules", rule.toString(), "--event-file", events.toString(), "--line", "1")
                .exitCode()).isEqualTo(1);
        CliRun second = CliRun.of("explain", "--rules", rule.toString(), "--event-file", events.toString(),
                "--line", "2");
        assertThat(second.exitCode()).isZero();
        CliRun none = CliRun.of("explain", "--rules", rule.toString(), "--event-file", events.toString(),
                "--line", "7");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("vigil explain: " + events + ": no event starts on line 7\n");
    }

    /** An event's text reaches the terminal escaped: no escape sequence of the event is printed as it is. */
    @Test
    void controlCharactersOfTheEvent_areEscaped() {
        CliRun run = CliRun.of("explain", "--rules", rule.toString(), "--event",
                "{" + SYSMON + ",\"Image\":\"x\\u001b[2J\\nwhoami.exe\"}");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("\u001b").contains("event Image: 'x\\x1b[2J\\x0awhoami.exe'");
    }

    @Test
    void usageErrors_exitTwo_withOneLine() throws IOException {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, RULE.replace("selection and not filter", "selection and nothere"));
        CliRun badRule = CliRun.of("explain", "--rules", bad.toString(), "--event", "{}");
        assertThat(badRule.exitCode()).isEqualTo(2);
        assertThat(badRule.errLines()).singleElement().asString()
                .startsWith("vigil explain: " + bad + ":12:").contains("unknown search identifier 'nothere'");

        CliRun badJson = CliRun.of("explain", "--rules", rule.toString(), "--event", "{\"a\":");
        assertThat(badJson.exitCode()).isEqualTo(2);
        assertThat(badJson.errLines()).singleElement().asString().startsWith("vigil explain: --event:1:");

        CliRun noEvent = CliRun.of("explain", "--rules", rule.toString());
        assertThat(noEvent.exitCode()).isEqualTo(2);
        assertThat(noEvent.errLines()).singleElement().asString().startsWith("vigil explain: Error: Missing required argument").contains("--event=JSON");

        CliRun noSuchId = CliRun.of("explain", "--rules", rule.toString(), "--id", "nope", "--event", "{}");
        assertThat(noSuchId.exitCode()).isEqualTo(2);
        assertThat(noSuchId.err()).contains("no rule with id or title 'nope'");
    }

    /** Real SigmaHQ rules and their own regression events ({@code ../shared}, skipped where absent). */
    @Test
    @SuppressWarnings("unchecked")
    void sigmaHqRule_onItsRegressionEvent_matches() throws IOException {
        String property = System.getProperty("vigil.shared");
        Path shared = property == null ? null : Path.of(property);
        assumeTrue(shared != null && Files.isRegularFile(shared.resolve("conformance/sigmahq-regression.jsonl")),
                "skipped: the shared test data is absent");
        List<String> lines = Files.readAllLines(shared.resolve("conformance/sigmahq-regression.jsonl"));
        int checked = 0;
        for (String line : lines.subList(0, Math.min(20, lines.size()))) {
            Map<String, Object> row = new ObjectMapper().readValue(line, Map.class);
            if (((Number) row.get("events_in_file")).intValue() != 1) {
                continue;
            }
            Path ruleFile = shared.resolve("sigma").resolve((String) row.get("rule_path"));
            Path event = dir.resolve("event-" + checked + ".json");
            Files.writeString(event, new ObjectMapper().writeValueAsString(row.get("event")));

            CliRun run = CliRun.of("explain", "--rules", ruleFile.toString(), "--event", "@" + event);

            assertThat(run.exitCode()).as(ruleFile + "\n" + run.out() + run.err()).isZero();
            assertThat(run.outLines().get(0)).startsWith("✓ rule '" + row.get("rule_title") + "'");
            checked++;
        }
        assertThat(checked).isPositive();
    }
}
