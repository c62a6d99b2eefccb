package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil test --cases FILE}: what a rule author's CI runs and reads. */
class TestCommandTest {

    static final String WHOAMI_ID = "5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001";
    /** The examples' correlation: two failed Remote Desktop logons from one address within five minutes. */
    static final String GUESSING_ID = "4c1d0e2a-7b35-4f0e-9a61-2d8c5b7e3f10";
    static final String FAILED_RDP_ID = "0fae168b-429f-4c10-8aea-ed7eb26cfaca";

    /** A Sysmon process creation running whoami, in hunt's flat shape. */
    static final String WHOAMI_EVENT = "{\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":1,"
            + "\"Image\":\"C:\\\\Windows\\\\System32\\\\whoami.exe\",\"CommandLine\":\"whoami /all\"}";
    static final String NOTEPAD_EVENT = WHOAMI_EVENT.replace("whoami", "notepad");

    @TempDir
    Path dir;
    Path rules;

    @BeforeEach
    void writeRules() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("whoami.yml"), CheckCommandTest.GOOD.replace("level: low", "name: whoami\nlevel: low"));
    }

    Path cases(String... lines) throws IOException {
        return Files.write(dir.resolve("cases.jsonl"), List.of(lines));
    }

    CliRun test(Path cases, String... more) {
        List<String> args = new ArrayList<>(List.of("test", "--rules", rules.toString(), Examples.rules().toString(),
                "--cases", cases.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    static String failedLogon(String address, int second) {
        return "{\"@timestamp\":\"2024-05-01T10:00:0" + second + "Z\",\"Channel\":\"Security\",\"EventID\":4625,"
                + "\"LogonType\":10,\"IpAddress\":\"" + address + "\"}";
    }

    @Test
    void allCasesPass_tablePerCase_summary_exit0() throws IOException {
        Path cases = cases(
                "{\"rule\":\"" + WHOAMI_ID + "\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":1}",
                "{\"rule\":\"whoami\",\"event\":" + NOTEPAD_EVENT + ",\"expected_match_count\":0}",
                "{\"rule\":\"whoami\",\"events\":[" + WHOAMI_EVENT + "," + NOTEPAD_EVENT + "," + WHOAMI_EVENT
                        + "],\"expected_min_match_count\":2}");

        CliRun run = test(cases);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(5);
        assertThat(run.outLines().get(0)).matches("RULE +CASE +EXPECTED +GOT +RESULT");
        assertThat(run.outLines().get(1)).matches("Whoami Run +" + cases + ":1 +1 +1 +PASS");
        assertThat(run.outLines().get(2)).matches("Whoami Run +" + cases + ":2 +0 +0 +PASS");
        assertThat(run.outLines().get(3)).matches("Whoami Run +" + cases + ":3 +>= 2 +2 +PASS");
        assertThat(run.lastOutLine()).isEqualTo("3 cases: 3 passed, 0 failed");
    }

    @Test
    void aRuleThatMatchesWhatItMustNot_fails_exit1() throws IOException {
        Path cases = cases(
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":0}",
                "{\"rule\":\"whoami\",\"event\":" + NOTEPAD_EVENT + ",\"expected_min_match_count\":1}",
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":1}");

        CliRun run = test(cases);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines().get(1)).matches("Whoami Run +\\S+:1 +0 +1 +FAIL  expected 0, got 1");
        assertThat(run.outLines().get(2)).matches("Whoami Run +\\S+:2 +>= 1 +0 +FAIL  expected >= 1, got 0");
        assertThat(run.outLines().get(3)).endsWith("PASS");
        assertThat(run.lastOutLine()).isEqualTo("3 cases: 1 passed, 2 failed");
    }

    /** Bad lines are reported with file and line, counted as failed, and the cases after them still run. */
    @Test
    void badLines_reportedWithFileLineAndReason_countedAsFailed_theRestRun() throws IOException {
        Path cases = cases(
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":1}",
                "{not json",
                "{\"rule\":\"no-such-rule\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":1}",
                "{\"rule\":\"whoami\",\"expected_match_count\":1}",
                "{\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":1}",
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + "}",
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":-1}",
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_alert_count\":1}",
                "{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_min_match_count\":1}");

        CliRun run = test(cases);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lastOutLine()).isEqualTo("9 cases: 2 passed, 7 failed");
        assertThat(run.outLines().get(1)).endsWith("PASS");
        assertThat(run.outLines().get(9)).endsWith("PASS");
        assertThat(run.out())
                .containsPattern(cases + ":2 .*FAIL  .*")
                .containsPattern(cases + ":3 .*FAIL  no rule loaded has the id or name 'no-such-rule'")
                .containsPattern(cases + ":4 .*FAIL  no event \\(an object\\) or events")
                .containsPattern(cases + ":5 .*FAIL  no rule: give \"rule\"")
                .containsPattern(cases + ":6 .*FAIL  no expected count: give one of expected_match_count")
                .containsPattern(cases + ":7 .*FAIL  expected_match_count is not a count")
                .containsPattern("Whoami Run +" + cases + ":8 .*FAIL  a detection rule: give expected_match_count");
        assertThat(run.err()).contains(cases + ":2:").contains(cases + ":4: no event");
    }

    @Test
    void correlation_alertCountOverTimestampedEvents() throws IOException {
        String two = failedLogon("203.0.113.7", 0) + "," + failedLogon("203.0.113.7", 1);
        String twoAddresses = failedLogon("203.0.113.7", 0) + "," + failedLogon("198.51.100.2", 1);
        Path cases = cases(
                "{\"rule\":\"" + GUESSING_ID + "\",\"events\":[" + two + "],\"expected_alert_count\":1}",
                "{\"rule\":\"" + GUESSING_ID + "\",\"events\":[" + twoAddresses + "],\"expected_alert_count\":0}",
                "{\"rule\":\"" + GUESSING_ID + "\",\"events\":[" + twoAddresses + "],\"expected_min_alert_count\":1}",
                "{\"rule\":\"" + FAILED_RDP_ID + "\",\"events\":[" + two + "],\"expected_match_count\":2}");

        CliRun run = test(cases);

        assertThat(run.outLines().get(1)).matches("Remote Desktop Password Guessing +\\S+:1 +1 +1 +PASS");
        assertThat(run.outLines().get(2)).matches("Remote Desktop Password Guessing +\\S+:2 +0 +0 +PASS");
        assertThat(run.outLines().get(3))
                .matches("Remote Desktop Password Guessing +\\S+:3 +>= 1 +0 +FAIL  expected >= 1, got 0");
        assertThat(run.outLines().get(4)).matches("Failed Remote Desktop Logon +\\S+:4 +2 +2 +PASS");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void correlation_eventWithoutTime_failsSayingWhichEvent() throws IOException {
        Path cases = cases("{\"rule\":\"" + GUESSING_ID + "\",\"events\":[" + failedLogon("203.0.113.7", 0) + ","
                + "{\"Channel\":\"Security\",\"EventID\":4625}],\"expected_alert_count\":0}");

        CliRun run = test(cases);

        assertThat(run.outLines().get(1)).contains("FAIL  event 2 has no time (looked for @timestamp");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void valuesFromTheCases_escapedInTheTable() throws IOException {
        Path cases = cases("{\"rule\":\"evil\\u001b[2J\\u202e\",\"event\":{},\"expected_match_count\":0}");

        CliRun run = test(cases);

        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u202e")
                .contains("no rule loaded has the id or name 'evil\\x1b[2J\\u202e'");
    }

    @Test
    void usageErrors_exit2() throws IOException {
        Path cases = cases("{\"rule\":\"whoami\",\"event\":{},\"expected_match_count\":0}");

        assertThat(test(cases, "--shape", "sideways").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("test", "--cases", cases.toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void missingOrEmptyCasesFile_exit1_saidSo() throws IOException {
        CliRun missing = test(dir.resolve("nothere.jsonl"));
        CliRun empty = test(cases(""));

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("vigil test: cannot read the cases: " + dir.resolve("nothere.jsonl"));
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("vigil test: no case in ");
        assertThat(empty.out()).isEmpty();
    }

    /** A line in the shape of SigmaHQ's regression pairs: nested and flat event, one event of a capture. */
    static String regressionLine(String capture, int index, int expected, String nested, String flat) {
        return "{\"rule_id\":\"" + WHOAMI_ID + "\",\"source_json\":\"" + capture + "\",\"event_index\":" + index
                + ",\"expected_min_match_count\":" + expected + ",\"type\":\"evtx\",\"event\":" + nested
                + ",\"flat_event\":" + flat + "}";
    }

    static String nested(String commandLine) {
        return "{\"Event\":{\"System\":{\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":1},"
                + "\"EventData\":{\"CommandLine\":\"" + commandLine + "\"}}}";
    }

    static String flat(String commandLine) {
        return "{\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":1,\"CommandLine\":\""
                + commandLine + "\"}";
    }

    /**
     * SigmaHQ regression lines: the lines of one capture ({@code source_json}) are one case, their expected
     * count over the capture; {@code --shape} picks the nested or the flat event.
     */
    @Test
    void regressionPairs_captureIsOneCase_shapePicksTheEvent() throws IOException {
        Path cases = cases(
                regressionLine("a.json", 0, 1, nested("whoami"), flat("whoami")),
                regressionLine("b.json", 1, 1, nested("notepad"), flat("notepad")),
                regressionLine("b.json", 0, 1, nested("whoami"), flat("whoami")),
                regressionLine("c.json", 0, 2, nested("whoami"), flat("notepad")),
                regressionLine("c.json", 1, 2, nested("whoami"), flat("whoami")));

        CliRun nestedRun = test(cases);
        CliRun flatRun = test(cases, "--shape", "flat");

        assertThat(nestedRun.outLines().subList(1, 4)).satisfiesExactly(
                l -> assertThat(l).matches("Whoami Run +\\S+:1 +>= 1 +1 +PASS"),
                l -> assertThat(l).matches("Whoami Run +\\S+:2-3 +>= 1 +1 +PASS"),
                l -> assertThat(l).matches("Whoami Run +\\S+:4-5 +>= 2 +2 +PASS"));
        assertThat(nestedRun.lastOutLine()).isEqualTo("3 cases: 3 passed, 0 failed");
        assertThat(nestedRun.exitCode()).isZero();
        assertThat(flatRun.outLines().get(3)).matches("Whoami Run +\\S+:4-5 +>= 2 +1 +FAIL  expected >= 2, got 1");
        assertThat(flatRun.exitCode()).isEqualTo(1);
    }

    @Test
    void shapeFlat_lineWithoutFlatEvent_failsSayingSo() throws IOException {
        Path cases = cases("{\"rule\":\"whoami\",\"event\":" + WHOAMI_EVENT + ",\"expected_match_count\":1}");

        CliRun run = test(cases, "--shape", "flat");

        assertThat(run.outLines().get(1)).contains("FAIL  no flat_event (an object) or events (an array of objects) "
                + "(--shape flat reads flat_event)");
    }
}
