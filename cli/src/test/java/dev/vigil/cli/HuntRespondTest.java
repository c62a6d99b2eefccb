package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil hunt --respond POLICY [--audit FILE]} end to end on the examples, with {@link AppendToFileAction}
 * found on the class path: the actions get exactly the printed alerts their routes select, every attempt is
 * audited, the summary says what was delivered; a bad policy stops the hunt before any event is read.
 */
class HuntRespondTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path policy(String yaml) throws IOException {
        Path p = dir.resolve("policy.yml");
        Files.writeString(p, yaml);
        return p;
    }

    private static CliRun hunt(String... more) {
        List<String> args = new ArrayList<>(List.of("hunt", "--rules", Examples.rules().toString(),
                "--events", Examples.events().toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The alert ids an action wrote under {@code label}. */
    private static Set<String> written(Path file, String label) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        return Files.readAllLines(file).stream().map(l -> l.split("\t")).filter(f -> f[0].equals(label))
                .map(f -> f[1]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> ids(List<JsonNode> alerts, Predicate<JsonNode> selected) {
        return alerts.stream().filter(selected).map(a -> a.get("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean hasTag(JsonNode a, String prefix) {
        for (JsonNode t : a.path("tags")) {
            if (t.asText().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void actionsGetExactlyTheAlertsThePolicySelects_everyAttemptAudited_summaryPrinted() throws IOException {
        Path out = dir.resolve("actions.tsv");
        Path audit = dir.resolve("audit").resolve("responses.jsonl");
        Path policy = policy("""
                routes:
                  - name: high and above, each first attempt failing
                    when: {level: high}
                    action: test-append
                    with: {file: '%1$s', label: high, fail_attempts: 1}
                  - name: guessing from the office network
                    when:
                      kind: correlation
                      group: {IpAddress: '10.20.*'}
                    action: test-append
                    with: {file: '%1$s', label: guessing}
                  - name: failed rdp logons
                    when: {kind: detection, tags: ['attack.t1110*']}
                    action: test-append
                    with: {file: '%1$s', label: rdp}
                  - name: certutil, skipped
                    when:
                      logsource: {product: windows, category: process_creation}
                      titles: ['*certutil*']
                    action: test-append
                    with: {file: '%1$s', label: certutil, skip: true}
                settings:
                  retry: {max_attempts: 3, initial_backoff: 10ms, max_backoff: 50ms, jitter: 0}
                """.formatted(out.toString().replace("'", "''")));

        CliRun run = hunt("--format", "jsonl", "--min-level", "medium", "--respond", policy.toString(),
                "--audit", audit.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> printed = new ArrayList<>();
        for (String line : run.outLines()) {
            printed.add(JSON.readTree(line));
        }
        // the examples at medium and above: 7 detections (critical 1, high 5, medium 1) and the correlation
        assertThat(printed).hasSize(8);

        Set<String> high = ids(printed, a -> Set.of("high", "critical").contains(a.get("level").asText()));
        Set<String> guessing = ids(printed, a -> a.get("kind").asText().equals("correlation")
                && a.path("group").path("IpAddress").asText().startsWith("10.20."));
        Set<String> certutil = ids(printed, a -> a.get("kind").asText().equals("detection")
                && a.get("rule_title").asText().toLowerCase().contains("certutil"));
        assertThat(high).hasSize(6);
        assertThat(guessing).hasSize(1);
        assertThat(certutil).hasSize(2);
        assertThat(written(out, "high")).isEqualTo(high);
        assertThat(written(out, "guessing")).isEqualTo(guessing);
        // the failed-logon detections are low: below --min-level, not printed, so not acted on
        assertThat(ids(printed, a -> a.get("kind").asText().equals("detection") && hasTag(a, "attack.t1110"))).isEmpty();
        assertThat(written(out, "rdp")).isEmpty();
        assertThat(written(out, "certutil")).isEmpty();
        assertThat(Files.readAllLines(out)).hasSize(7);

        // one audit line per attempt: two for each high alert (the first fails), one for the others
        List<JsonNode> attempts = new ArrayList<>();
        for (String line : Files.readAllLines(audit)) {
            attempts.add(JSON.readTree(line));
        }
        assertThat(attempts).hasSize(6 * 2 + 1 + 2);
        Map<String, Integer> outcomes = new HashMap<>();
        attempts.forEach(a -> outcomes.merge(a.get("outcome").asText() + "/" + a.get("route").asInt(), 1, Integer::sum));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("failed/0", 6, "done/0", 6, "done/1", 1,
                "skipped/3", 2));
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.get("action").asText()).isEqualTo("test-append");
            assertThat(a.get("idempotency_key").asText()).startsWith(a.get("alert_id").asText() + "/");
        });
        assertThat(attempts.stream().filter(a -> a.get("outcome").asText().equals("failed")))
                .allSatisfy(a -> assertThat(a.get("retry").asBoolean()).isTrue());

        List<String> err = run.errLines();
        assertThat(err).contains("loaded 4 response routes from " + policy);
        int summary = err.indexOf(err.stream().filter(l -> l.startsWith("elapsed:")).findFirst().orElseThrow());
        assertThat(err.get(summary + 1)).isEqualTo("responses:        8 alerts \u2192 7 delivered, 6 retried, 0 failed, "
                + "2 skipped, 0 deduplicated, 0 back-pressured (audit: " + audit + ")");
    }

    @Test
    void withoutMinLevel_theLowDetectionsAreActedOnToo_andWithoutAudit_noAuditIsNamed() throws IOException {
        Path out = dir.resolve("actions.tsv");
        Path policy = policy("""
                routes:
                  - when: {kind: detection, tags: ['attack.t1110*']}
                    action: test-append
                    with: {file: '%s', label: rdp}
                settings: {deduplicate: 1h}
                """.formatted(out));

        CliRun run = hunt("--format", "jsonl", "--respond", policy.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> printed = new ArrayList<>();
        for (String line : run.outLines()) {
            printed.add(JSON.readTree(line));
        }
        Set<String> rdp = ids(printed, a -> a.get("kind").asText().equals("detection") && hasTag(a, "attack.t1110"));
        assertThat(rdp).hasSize(3);
        assertThat(written(out, "rdp")).isEqualTo(rdp);
        assertThat(run.errLines()).contains("responses:        11 alerts \u2192 3 delivered, 0 retried, 0 failed, "
                + "0 skipped, 0 deduplicated, 0 back-pressured");
    }

    @Test
    void unknownAction_exits1_namingThePolicyAndTheAction_beforeReadingEvents() throws IOException {
        Path policy = policy("""
                routes:
                  - when: {level: high}
                    action: page-the-ceo
                """);

        CliRun run = hunt("--respond", policy.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith("vigil hunt: " + policy + ": ")
                .contains("'page-the-ceo'", "not registered", "test-append"));
        assertThat(run.err()).doesNotContain("events read:", "loaded 8 of 8 rules", "responses:");
    }

    @Test
    void rateLimitForAnUnknownAction_exits1_namingIt() throws IOException {
        Path policy = policy("""
                routes: [{action: test-append, with: {file: x}}]
                settings: {rate_limits: {webhok: 10}}
                """);

        CliRun run = hunt("--respond", policy.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith("vigil hunt: " + policy + ": ")
                .contains("'webhok'"));
    }

    @Test
    void policyWithErrors_printsEachAtItsPosition_andExits1BeforeReadingEvents() throws IOException {
        Path policy = policy("""
                routes:
                  - when: {level: severe, knd: correlation}
                    action: test-append
                    with: {file: '${VIGIL_TEST_SURELY_UNSET_VARIABLE}'}
                """);

        CliRun run = hunt("--respond", policy.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(
                policy + ":2:19 (routes[0].when.level): unknown level 'severe': informational, low, medium, high or critical",
                policy + ":2:27 (routes[0].when.knd): unknown key 'knd' (known here: group, kind, level, logsource, rules, "
                        + "tags, titles)",
                policy + ":4:19 (routes[0].with.file): the environment variable VIGIL_TEST_SURELY_UNSET_VARIABLE is not set",
                "vigil hunt: the response policy " + policy + " has 3 errors; nothing was run");
    }

    @Test
    void missingPolicyFile_exits1() {
        Path missing = dir.resolve("nope.yml");
        CliRun run = hunt("--respond", missing.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(missing + ": no such file",
                "vigil hunt: the response policy " + missing + " has 1 error; nothing was run");
    }

    @Test
    void auditWithoutRespond_isAUsageError() {
        CliRun run = hunt("--audit", dir.resolve("a.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("vigil hunt: --audit needs --respond");
    }
}
