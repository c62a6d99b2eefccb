package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule filters of {@code hunt}, {@code watch} and {@code check} ({@code --min-level}, {@code --status},
 * {@code --exclude-status}, {@code --tag}, {@code --rule-id}, {@code --exclude-rules}) and the time range of
 * {@code hunt} ({@code --from}, {@code --to}).
 */
class HuntFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILED = "4b7c1e10-0000-4000-8000-000000000001";
    private static final String BRUTE = "4b7c1e10-0000-4000-8000-000000000002";
    private static final String LOGON = "4b7c1e10-0000-4000-8000-000000000003";
    private static final String CLEARED = "4b7c1e10-0000-4000-8000-000000000005";

    @TempDir
    Path dir;
    Path rules;
    Path events;

    @BeforeEach
    void write() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("a_brute_force.yml"), """
                title: Brute force
                id: %s
                level: high
                status: test
                tags: [attack.t1110]
                generate: true
                correlation:
                  type: event_count
                  rules: [failed_logon]
                  group-by: [TargetUserName]
                  timespan: 5m
                  condition: {gte: 3}
                ---
                name: failed_logon
                """.formatted(BRUTE) + rule("Failed logon", FAILED, "low", "test", "attack.T1110.001", 4625));
        Files.writeString(rules.resolve("b_logon.yml"), rule("Logon", LOGON, "medium", "experimental", "attack.t1078", 4624));
        Files.writeString(rules.resolve("c_old_logon.yml"),
                rule("Old logon", "4b7c1e10-0000-4000-8000-000000000004", "high", "deprecated", "attack.t1078", 4624));
        Files.writeString(rules.resolve("d_cleared.yml"),
                rule("Log cleared", CLEARED, "critical", "stable", "attack.t1070.001", 1102));
        events = Files.createDirectory(dir.resolve("events"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add(event("2024-05-01T10:00:0" + i + "Z", 4625, i == 2 ? "eve" : "bob"));
        }
        lines.add(event("2024-05-01T10:01:00Z", 4624, "bob"));
        lines.add(event("2024-05-02T08:00:00+02:00", 1102, "admin"));
        lines.add("{\"Channel\":\"Security\",\"EventID\":1102,\"TargetUserName\":\"untimed\"}");
        Files.write(events.resolve("security.jsonl"), lines);
    }

    private static String rule(String title, String id, String level, String status, String tag, int eventId) {
        return """
                title: %s
                id: %s
                level: %s
                status: %s
                tags: [%s]
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: %d}
                  condition: selection
                """.formatted(title, id, level, status, tag, eventId);
    }

    private static String event(String time, int id, String user) {
        return "{\"@timestamp\":\"" + time + "\",\"Channel\":\"Security\",\"EventID\":" + id + ",\"TargetUserName\":\""
                + user + "\"}";
    }

    private CliRun run(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--rules", rules.toString()));
        if (command.equals("hunt")) {
            args.addAll(List.of("--events", events.toString(), "--format", "jsonl"));
        }
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The rule titles of the alerts printed, in order. */
    private static List<String> titles(CliRun run) {
        List<String> titles = new ArrayList<>();
        for (String line : run.outLines()) {
            try {
                JsonNode a = JSON.readTree(line);
                titles.add(a.get("rule_title").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return titles;
    }

    @Test
    void defaults_leaveOutDeprecatedRules_andSaySo() {
        CliRun run = run("hunt");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).contains("rules skipped by filter: 1 (status deprecated: 1)", "loaded 4 of 4 rules");
        assertThat(titles(run)).doesNotContain("Old logon").contains("Logon", "Log cleared", "Brute force");
    }

    @Test
    void statusAll_andExcludeStatusNone_loadDeprecatedRules() {
        for (String[] option : List.of(new String[] {"--status", "all"}, new String[] {"--exclude-status", "none"})) {
            CliRun run = run("hunt", option);

            assertThat(run.errLines()).as(String.join(" ", option)).contains("loaded 5 of 5 rules")
                    .noneMatch(l -> l.startsWith("rules skipped by filter"));
            assertThat(titles(run)).contains("Old logon");
        }
    }

    @Test
    void status_loadsOnlyThoseStatuses_andReplacesTheDefaultExclusion() {
        CliRun run = run("check", "--status", "deprecated,STABLE");

        assertThat(run.outLines()).containsExactly(
                "rules skipped by filter: 3 (status test: 2, status experimental: 1)", "loaded 2 of 2 rules");
    }

    @Test
    void minLevel_skipsLowerRules_butAKeptCorrelationKeepsTheRuleItNeeds() {
        CliRun run = run("hunt", "--min-level", "high");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).contains("rules skipped by filter: 2 (level below high: 1, status deprecated: 1); "
                + "1 it rejects loaded all the same, to feed the correlations that need them", "loaded 3 of 3 rules");
        // the failed logons feed the brute force correlation but, being low, are not printed (nor are they hidden
        // by --min-level: they are the correlation's, counted as such)
        assertThat(titles(run)).containsExactlyInAnyOrder("Brute force", "Log cleared", "Log cleared");
        assertThat(run.errLines()).contains(
                "detections:       2 (critical 2; 4 of rules only correlations use not shown (--show-all-detections "
                        + "shows them))", "correlations:     1 (high 1)");
    }

    @Test
    void minLevel_withoutTheFilter_failedLogonsOfAGeneratingCorrelationArePrinted() {
        assertThat(titles(run("hunt"))).filteredOn("Failed logon"::equals).hasSize(4);
    }

    @Test
    void tag_selectsByPrefix_caseInsensitive() {
        CliRun run = run("check", "--tag", "ATTACK.t1110", "--tag", "attack.t1070");

        assertThat(run.outLines()).containsExactly(
                "rules skipped by filter: 2 (no tag attack.t1110 or attack.t1070: 1, status deprecated: 1)",
                "loaded 3 of 3 rules");
    }

    @Test
    void ruleId_ofACorrelation_loadsItWithItsRule() {
        CliRun run = run("hunt", "--rule-id", BRUTE);

        assertThat(run.errLines()).contains("rules skipped by filter: 3 (id not selected: 2, status deprecated: 1); "
                + "1 it rejects loaded all the same, to feed the correlations that need them");
        assertThat(titles(run)).containsExactly("Brute force");
    }

    @Test
    void excludeRules_leavesOutListedIds_andReportsBadLinesWithTheirNumbers() throws IOException {
        Path file = dir.resolve("false-positives.csv");
        Files.writeString(file, """
                # known false positives
                rule_id,comment
                %s,"admin logons, all day"

                "%s"   # the backup tool clears the log
                two words
                "unterminated,
                ,no id
                """.formatted(LOGON, CLEARED));

        CliRun run = run("hunt", "--exclude-rules", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).contains(
                "warning: " + file + ":6: more than one word before the comment (expected a rule id, then ', comment' "
                        + "or '# comment'); line skipped",
                "warning: " + file + ":7: an unterminated quote; line skipped",
                "warning: " + file + ":8: no rule id before the comment; line skipped",
                "rules skipped by filter: 3 (excluded by id: 2, status deprecated: 1)", "loaded 2 of 2 rules");
        assertThat(titles(run)).doesNotContain("Logon", "Log cleared").contains("Brute force");
    }

    @Test
    void excludeRules_ofARuleACorrelationNeeds_dropsTheCorrelationWithAWarning() throws IOException {
        Path file = Files.writeString(dir.resolve("fp.txt"), "failed_logon # too noisy\n");

        CliRun run = run("hunt", "--exclude-rules", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).contains("warning: " + rules.resolve("a_brute_force.yml")
                + ":9:11 (correlation.rules): the correlation refers to 'failed_logon', which the filter excludes by id: "
                + "the correlation is not loaded", "rules skipped by filter: 3 (excluded by id: 1, status deprecated: 1, "
                + "needs a rule excluded by id: 1)");
        assertThat(titles(run)).doesNotContain("Brute force", "Failed logon");
    }

    @Test
    void excludeRules_missingFile_exits1() {
        Path missing = dir.resolve("missing.txt");

        CliRun run = run("hunt", "--exclude-rules", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains("cannot read --exclude-rules: " + missing + ": no such file or folder");
    }

    @Test
    void badStatus_isAUsageError_inEveryCommandThatFilters() {
        for (String command : List.of("hunt", "check", "watch")) {
            List<String> args = new ArrayList<>(List.of(command, "--rules", rules.toString(), "--status", "retired"));
            if (!command.equals("check")) {
                args.addAll(List.of("--events", events.resolve("security.jsonl").toString()));
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).contains("'retired' is not one of stable, test, experimental, deprecated, "
                    + "unsupported, all");
        }
    }

    @Test
    void fromTo_eventsOutsideAreNotMatchedNorCorrelated_andCounted() {
        CliRun run = run("hunt", "--from", "2024-05-01T10:00:02Z", "--to", "2024-05-01");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // 10:00:02 (eve) and 10:00:03 (bob) are in: too few for the brute force, which needs 3 of one user
        assertThat(titles(run)).containsExactly("Failed logon", "Failed logon", "Logon");
        assertThat(run.errLines()).contains("events read:      7",
                "events outside --from/--to: 4 (1 without a time, not matched; see --time-field)");
    }

    @Test
    void fromTo_withoutTheRange_theSameEventsCorrelate() {
        CliRun run = run("hunt");
        assertThat(titles(run)).contains("Brute force");
        assertThat(run.err()).doesNotContain("events outside");
    }

    @Test
    void from_aDateOrATimeWithAnOffset_isTheStartOfTheRange() {
        // 2024-05-02T08:00:00+02:00 is 06:00 UTC
        assertThat(titles(run("hunt", "--from", "2024-05-02"))).containsExactly("Log cleared");
        assertThat(titles(run("hunt", "--from", "2024-05-02T07:00:00.001+01:00"))).isEmpty();
        assertThat(titles(run("hunt", "--from", "2024-05-02 05:59:59", "--to", "2024-05-02T06:00:00Z")))
                .containsExactly("Log cleared");
    }

    @Test
    void fromAfterTo_isAUsageError() {
        CliRun run = run("hunt", "--from", "2024-05-02", "--to", "2024-05-01T23:59:59Z");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("vigil hunt: --from 2024-05-02 is after --to 2024-05-01T23:59:59Z");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void from_notATime_isAUsageError() {
        CliRun run = run("hunt", "--from", "last tuesday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'last tuesday' is not an ISO-8601 date or date and time");
    }

    @Test
    void check_sigmaHqDeprecatedFolder_defaultSkipsEveryDeprecatedRule() throws IOException {
        String property = System.getProperty("vigil.shared");
        Path deprecated = property == null ? null : Path.of(property, "sigma", "deprecated");
        assumeTrue(deprecated != null && Files.isDirectory(deprecated),
                "skipped: the shared test data (system property vigil.shared, default ../shared) is absent");
        Pattern status = Pattern.compile("(?m)^status:\\s*deprecated\\s*(#.*)?$");
        long count;
        try (Stream<Path> walk = Files.walk(deprecated)) {
            count = walk.filter(p -> p.toString().endsWith(".yml")).filter(p -> {
                try {
                    return status.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).count();
        }
        assertThat(count).isGreaterThan(100);

        CliRun run = CliRun.of("check", "--rules", deprecated.toString());

        assertThat(run.outLines()).anySatisfy(l -> assertThat(l).startsWith("rules skipped by filter: ")
                .contains("status deprecated: " + count));
        assertThat(run.exitCode()).isZero();
    }
}
