package dev.vigil.test;

import static dev.vigil.rules.dsl.RuleDsl.correlation;
import static dev.vigil.rules.dsl.RuleDsl.detection;
import static dev.vigil.rules.dsl.RuleDsl.field;
import static dev.vigil.rules.dsl.RuleDsl.not;
import static dev.vigil.rules.dsl.RuleDsl.selection;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.rule.Rule;
import dev.vigil.rules.dsl.Correlation;
import dev.vigil.rules.dsl.DetectionRule;
import dev.vigil.rules.dsl.RuleSet;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleAssertionsTest {

    static final DetectionRule WHOAMI = detection("Whoami All")
            .id("8a0f7c2e-5d43-4b1e-9c1a-2f3d4e5a6b7c")
            .logsource("windows", "process_creation", null)
            .condition(selection("selection").where(field("Image").endsWith("\\whoami.exe"),
                            field("CommandLine").contains("/all"))
                    .and(not(selection("filter").where(field("User").equalTo("SYSTEM")))))
            .build();

    static final String SYSMON = "\"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventID\": 1";

    @TempDir
    Path dir;

    @Test
    void dslRule_matchesAndDoesNotMatch_passWhenTrue() {
        RuleAssertions.assertThat(WHOAMI)
                .matches("{" + SYSMON + ", \"Image\": \"C:\\\\Windows\\\\whoami.exe\", \"CommandLine\": \"whoami /all\"}")
                .doesNotMatch(Map.of("Channel", "Microsoft-Windows-Sysmon/Operational", "EventID", 1,
                        "Image", "C:\\Windows\\whoami.exe", "CommandLine", "whoami /all", "User", "SYSTEM"));
    }

    @Test
    void matches_failure_namesTheFalseItemAndItsSelection_withTheEventsValue() {
        String event = "{" + SYSMON + ", \"Image\": \"C:\\\\Windows\\\\whoami.exe\", \"CommandLine\": \"whoami\"}";

        assertThatThrownBy(() -> RuleAssertions.assertThat(WHOAMI).matches(event))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("\nExpecting rule 'Whoami All' (RuleAssertionsTest.java:")
                .hasMessageContaining(") to match the event\n"
                        + "  {\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":1,"
                        + "\"Image\":\"C:\\\\Windows\\\\whoami.exe\",\"CommandLine\":\"whoami\"}\n"
                        + "but it did not, because of:\n"
                        + "  selection selection: ✗ CommandLine|contains: '/all'    event CommandLine: 'whoami'\n"
                        + "Explanation:\n"
                        + "✗ rule 'Whoami All' (RuleAssertionsTest.java:")
                .hasMessageContaining("      ✗ selection\n        ✓ Image|endswith: '\\whoami.exe'");
    }

    @Test
    void doesNotMatch_failure_namesWhatWasTrue() {
        String event = "{" + SYSMON + ", \"Image\": \"C:\\\\whoami.exe\", \"CommandLine\": \"whoami /all\"}";

        assertThatThrownBy(() -> RuleAssertions.assertThat(WHOAMI).doesNotMatch(event))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(") not to match the event\n")
                .hasMessageContaining("""
                        but it did, because of:
                          logsource: ✓ mapped: Channel = 'Microsoft-Windows-Sysmon/Operational' and EventID = 1    \
                        event Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1
                          selection selection: ✓ Image|endswith: '\\whoami.exe'    event Image: 'C:\\whoami.exe'
                          selection selection: ✓ CommandLine|contains: '/all'    event CommandLine: 'whoami /all'
                          selection filter: ✗ User: 'SYSTEM'    event User: absent
                        """);
    }

    /** The log source is part of the rule: an event of another log source fails, and the message says so. */
    @Test
    void logsource_failsTheMatch_andUsingLoaderIgnoreTestsTheDetectionAlone() {
        Map<String, Object> bare = Map.of("Image", "C:\\whoami.exe", "CommandLine", "whoami /all");

        assertThatThrownBy(() -> RuleAssertions.assertThat(WHOAMI).matches(bare))
                .hasMessageContaining("  logsource: ✗ mapped: Channel = 'Security' and EventID = 4688    "
                        + "event Channel: absent, EventID: absent\n");
        RuleAssertions.assertThat(WHOAMI)
                .usingLoader(SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build())
                .matches(bare);
    }

    @Test
    void sigmaFile_andCoreRuleLoadedFromIt() throws IOException {
        Path file = dir.resolve("rule.yml");
        Files.writeString(file, """
                title: Encoded PowerShell
                logsource:
                  category: test
                detection:
                  sel:
                    CommandLine|contains|all: [powershell, ' -enc ']
                  condition: sel
                """);
        RuleAssertions.assertThat(file)
                .matches("{\"category\": \"test\", \"CommandLine\": \"powershell -enc AAAA\"}")
                .doesNotMatch("{\"category\": \"test\", \"CommandLine\": \"powershell -nop\"}");
        assertThatThrownBy(() -> RuleAssertions.assertThat(file)
                .matches("{\"category\": \"test\", \"CommandLine\": \"powershell -nop\"}"))
                .hasMessageStartingWith("\nExpecting rule 'Encoded PowerShell' (" + file + ") to match")
                .hasMessageContaining("  selection sel: ✗ CommandLine|contains|all: ['powershell', ' -enc ']    "
                        + "event CommandLine: 'powershell -nop'\n");

        Rule rule = SigmaLoader.builder().build().load(List.of(file)).rules().get(0);
        assertThatThrownBy(() -> RuleAssertions.assertThat(rule)
                .matches(Map.of("category", "other", "CommandLine", "powershell -enc A")))
                .hasMessageStartingWith("\nExpecting rule 'Encoded PowerShell' (" + file + ") to match")
                .hasMessageContaining("  logsource: ✗ the event gives product/category/service, and they agree    "
                        + "event product: absent, category: 'other', service: absent\n");
    }

    @Test
    void sigmaFile_thatDoesNotLoad_failsWithItsProblem() throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "title: Bad\nlogsource: {category: test}\ndetection:\n  sel: {a: 1}\n  condition: nope\n");

        assertThatThrownBy(() -> RuleAssertions.assertThat(file).matches("{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the rule file does not load")
                .hasMessageContaining(file + ":5:")
                .hasMessageContaining("unknown search identifier 'nope'");
    }

    static final DetectionRule FAILED_LOGON = detection("Failed logon").name("failed_logon")
            .logsource("test", null, null)
            .condition(selection("sel").where(field("EventID").equalTo(4625)))
            .build();

    static final Correlation BRUTE_FORCE = correlation("Brute force")
            .eventCount(FAILED_LOGON).groupBy("user").timespan(Duration.ofMinutes(5)).gte(3)
            .build();

    private static Map<String, Object> logon(String user, int second) {
        return event(4625, user, second);
    }

    private static Map<String, Object> event(int id, String user, int second) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", "test");
        m.put("EventID", id);
        m.put("user", user);
        m.put("@timestamp", Instant.parse("2026-03-02T08:00:00Z").plusSeconds(second).toString());
        return m;
    }

    /** Sigma correlation rules specification, event_count with group-by and timespan, in event time. */
    @Test
    void correlation_firesOn_doesNotFireOn_firesTimes() {
        RuleAssertions.assertThat(BRUTE_FORCE)
                .firesOn(logon("bob", 0), logon("bob", 60), logon("bob", 120))
                .doesNotFireOn(logon("bob", 0), logon("eve", 60), logon("bob", 120))
                .doesNotFireOn(logon("bob", 0), logon("bob", 200), logon("bob", 400))
                .firesTimes(2, List.of(logon("bob", 0), logon("bob", 1), logon("bob", 2),
                        logon("eve", 3), logon("eve", 4), logon("eve", 5)));
        RuleAssertions.assertThat(RuleSet.of(BRUTE_FORCE)).firesTimes(1, logon("bob", 0), logon("bob", 1), logon("bob", 2));
    }

    @Test
    void correlation_failure_listsAlertsAndTheRulesEachEventMatched() {
        assertThatThrownBy(() -> RuleAssertions.assertThat(BRUTE_FORCE)
                .firesOn(logon("bob", 0), logon("eve", 60), event(4624, "bob", 120)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""

                        Expecting correlation 'Brute force' to fire on 3 events, but it fired 0 times
                        Detection rules matched, by event:
                          1. 2026-03-02T08:00:00Z 'Failed logon'    \
                        {"product":"test","EventID":4625,"user":"bob","@timestamp":"2026-03-02T08:00:00Z"}
                          2. 2026-03-02T08:01:00Z 'Failed logon'    \
                        {"product":"test","EventID":4625,"user":"eve","@timestamp":"2026-03-02T08:01:00Z"}
                          3. 2026-03-02T08:02:00Z none    \
                        {"product":"test","EventID":4624,"user":"bob","@timestamp":"2026-03-02T08:02:00Z"}
                        """);

        assertThatThrownBy(() -> RuleAssertions.assertThat(BRUTE_FORCE)
                .doesNotFireOn(logon("bob", 0), logon("bob", 60), logon("bob", 120)))
                .hasMessageStartingWith("\nExpecting correlation 'Brute force' not to fire on 3 events, but it fired 1 time\n"
                        + "  alert 'Brute force' group {user=bob} window 2026-03-02T08:00:00Z to ");
    }

    @Test
    void correlation_eventWithoutTime_isAnError() {
        assertThatThrownBy(() -> RuleAssertions.assertThat(BRUTE_FORCE).firesOn(Map.of("EventID", 4625)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event 1 has no time (in one of [@timestamp, ");
    }
}
