package dev.vigil.examples;

import static dev.vigil.test.RuleAssertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The README's "Testing rules" snippet, run: the example DSL rules tested with the test kit. */
class DslRulesTest {

    @Test
    void officeShell() {
        Map<String, Object> wordStartsCmd = Map.of("Channel", "Microsoft-Windows-Sysmon/Operational", "EventID", 1,
                "ParentImage", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                "Image", "C:\\Windows\\System32\\cmd.exe", "CommandLine", "cmd.exe /c whoami");
        assertThat(DslRules.OFFICE_SHELL)
                .matches(wordStartsCmd)
                .doesNotMatch("{\"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventID\": 1,"
                        + " \"ParentImage\": \"C:\\\\Windows\\\\explorer.exe\", \"Image\": \"C:\\\\Windows\\\\System32\\\\cmd.exe\"}");
    }

    @Test
    void bruteForce() {
        List<Map<String, Object>> failures = IntStream.range(0, 10).mapToObj(i -> Map.<String, Object>of(
                "Channel", "Security", "EventID", 4625, "TargetUserName", "bob",
                "@timestamp", "2026-03-02T08:00:" + (10 + i) + "Z")).toList();
        assertThat(DslRules.BRUTE_FORCE).firesOn(failures).doesNotFireOn(failures.subList(0, 9));
    }
}
