package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil test} on a rule repository in SigmaHQ's layout, written here: rules under {@code rules/}, each
 * with a {@code regression_tests_path} to an info.yml under {@code regression_data/} that lists its tests,
 * each an event file (evtx_dump JSON beside the {@code .evtx} SigmaHQ names).
 */
class TestCommandSigmaHqTest {

    static final String WHOAMI_ID = TestCommandTest.WHOAMI_ID;

    @TempDir
    Path repo;

    @BeforeEach
    void writeRepository() throws IOException {
        write("rules/windows/process_creation/proc_creation_whoami.yml", CheckCommandTest.GOOD.replace("level: low",
                "level: low\nregression_tests_path: regression_data/rules/windows/process_creation/proc_creation_whoami/info.yml"));
        String data = "regression_data/rules/windows/process_creation/proc_creation_whoami/";
        write(data + "info.yml", """
                id: 1f0c3d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f
                description: N/A
                rule_metadata:
                    - id: %s
                      title: Whoami Run
                regression_tests_info:
                    - name: Positive Detection Test
                      type: evtx
                      provider: Microsoft-Windows-Sysmon
                      match_count: 1
                      path: %s%s.evtx
                    - name: Two of three
                      type: json
                      match_count: 2
                      path: %sthree.json
                """.formatted(WHOAMI_ID, data, WHOAMI_ID, data));
        write(data + WHOAMI_ID + ".json", evtxDump("whoami /all"));
        write(data + "three.json", evtxDump("whoami") + evtxDump("notepad") + evtxDump("whoami /priv"));
    }

    void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** One Sysmon process creation as evtx_dump prints it: pretty-printed, nested. */
    static String evtxDump(String commandLine) {
        return """
                {
                  "Event": {
                    "System": {
                      "Channel": "Microsoft-Windows-Sysmon/Operational",
                      "EventID": 1,
                      "TimeCreated": {"#attributes": {"SystemTime": "2026-07-17T14:18:34.072213Z"}}
                    },
                    "EventData": {"Image": "C:\\\\Windows\\\\System32\\\\cmd.exe", "CommandLine": "%s"}
                  }
                }
                """.formatted(commandLine);
    }

    @Test
    void repositoryAsItIs_testsOfEachInfoYml_run_exit0() {
        CliRun run = CliRun.of("test", "--rules", repo.resolve("rules").toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String info = "regression_data/rules/windows/process_creation/proc_creation_whoami/info.yml";
        assertThat(run.outLines()).hasSize(4);
        assertThat(run.outLines().get(1)).matches("Whoami Run +" + info + ":7 +>= 1 +1 +PASS");
        assertThat(run.outLines().get(2)).matches("Whoami Run +" + info + ":12 +>= 2 +2 +PASS");
        assertThat(run.lastOutLine()).isEqualTo("2 cases: 2 passed, 0 failed");
        assertThat(CliRun.of("test", "--rules", repo.resolve("rules").toString(), "--sigmahq-regression").out())
                .isEqualTo(run.out());
    }

    @Test
    void failingAndBrokenTests_eachAFailedCaseWithItsReason_exit1() throws IOException {
        String data = "regression_data/rules/windows/process_creation/proc_creation_whoami/";
        write(data + "three.json", evtxDump("notepad") + evtxDump("whoami"));
        write("rules/windows/other/missing_info.yml", CheckCommandTest.GOOD
                .replace("5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001", "6e0c3c52-0c1e-4b7a-9d53-2f0a41d7c002")
                .replace("Whoami Run", "Missing Info")
                .replace("level: low", "level: low\nregression_tests_path: regression_data/nothere/info.yml"));
        write("rules/windows/other/no_json.yml", CheckCommandTest.GOOD
                .replace("5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001", "7e0c3c52-0c1e-4b7a-9d53-2f0a41d7c003")
                .replace("Whoami Run", "No Json")
                .replace("level: low", "level: low\nregression_tests_path: regression_data/no_json/info.yml"));
        write("regression_data/no_json/info.yml", """
                regression_tests_info:
                    - {name: Positive, type: evtx, match_count: 1, path: regression_data/no_json/x.evtx}
                    - {name: Raw, type: raw, match_count: 1, path: regression_data/no_json/x.raw}
                """);
        write("rules/windows/other/no_tests.yml", CheckCommandTest.GOOD
                .replace("5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001", "8e0c3c52-0c1e-4b7a-9d53-2f0a41d7c004")
                .replace("level: low", "level: low\nregression_tests_path: regression_data/no_tests/info.yml"));
        write("regression_data/no_tests/info.yml", "id: x\n# regression_tests_info: commented out\n");

        CliRun run = CliRun.of("test", "--rules", repo.resolve("rules").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("Whoami Run +\\S+info.yml:12 +>= 2 +1 +FAIL  expected >= 2, got 1")
                .containsPattern("Missing Info +\\S+missing_info.yml:1 +- +- +FAIL  regression_tests_path "
                        + "regression_data/nothere/info.yml: no such file in the rule's folder or any folder above it")
                .containsPattern("No Json +regression_data/no_json/info.yml:2 +- +- +FAIL  regression_data/no_json/x.json: "
                        + "no such file \\(EVTX is not read: put its evtx_dump JSON beside regression_data/no_json/x.evtx\\)")
                .containsPattern("No Json +regression_data/no_json/info.yml:3 +- +- +FAIL  test type 'raw' is not run");
        assertThat(run.lastOutLine()).isEqualTo("5 cases: 1 passed, 4 failed; 1 info.yml without tests");
        assertThat(run.err()).contains("warning: regression_data/no_tests/info.yml: no regression_tests_info");
    }

    @Test
    void aRuleThatDoesNotLoad_failsTheRun_saidInTheSummary() throws IOException {
        write("rules/windows/broken.yml", "title: [unclosed\nregression_tests_path: regression_data/x/info.yml\n");

        CliRun run = CliRun.of("test", "--rules", repo.resolve("rules").toString());

        assertThat(run.lastOutLine())
                .isEqualTo("2 cases: 2 passed, 0 failed; 1 rules not loaded (their tests, if any, not run)");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void noRuleWithTests_exit1_saidSo() throws IOException {
        Path plain = Files.createDirectories(repo.resolve("plain"));
        Files.writeString(plain.resolve("r.yml"), CheckCommandTest.GOOD);

        CliRun run = CliRun.of("test", "--rules", plain.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("vigil test: no case found: no rule loaded has a regression_tests_path with tests");
    }

    @Test
    void casesAndSigmaHqTogether_orShapeWithoutCases_usageError() {
        String rules = repo.resolve("rules").toString();

        assertThat(CliRun.of("test", "--rules", rules, "--sigmahq-regression", "--cases", "x.jsonl").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("test", "--rules", rules, "--shape", "flat").exitCode()).isEqualTo(2);
    }
}
