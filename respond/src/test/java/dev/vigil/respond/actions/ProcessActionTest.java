package dev.vigil.respond.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.respond.Outcome;
import dev.vigil.respond.AlertSelector;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponsePolicy;
import dev.vigil.respond.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process action with real programs. {@code /bin/sh -c} appears here only as a test program, to
 * script an exit code or inspect the environment; the action itself never starts a shell.
 */
class ProcessActionTest {

    @TempDir
    Path dir;

    private final ProcessAction action = new ProcessAction();

    @BeforeAll
    static void unix() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tee")) && Files.isExecutable(Path.of("/bin/sh")),
                "needs /usr/bin/tee, /bin/sh, /bin/false and /bin/sleep");
    }

    private static Map<String, String> params(String command, String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("command", command);
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    /** A JSON array of strings, for the {@code args} parameter. */
    private static String json(String... args) {
        StringBuilder b = new StringBuilder("[");
        for (String a : args) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append(']').toString();
    }

    @Test
    void theAlert_reachesOnlyStdin_hostileValuesAreNeverInterpreted() throws Exception {
        Path out = dir.resolve("tee-out.jsonl");
        Path pwned = dir.resolve("pwned");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("CommandLine", "x; rm -rf /");
        fields.put("User", "$(id)");
        fields.put("Image", "`touch " + pwned + "`");
        fields.put("ParentImage", "$(touch " + pwned + "); touch " + pwned + " && echo owned | tee " + pwned);
        Detection alert = TestAlerts.detection(fields, "evil; touch " + pwned + ".jsonl", 7);

        Outcome o = action.execute(alert, new TestAlerts.Context("key-1", params("/usr/bin/tee", "args", json(out.toString()))));

        assertThat(o).isEqualTo(Outcome.done());
        String written = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(AlertJson.toJson(alert) + "\n");
        assertThat(written).contains("; rm -rf /").contains("$(id)");
        assertThat(pwned).doesNotExist();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("tee-out.jsonl");
    }

    @Test
    void theEnvironment_isMinimal_andHoldsOnlyOurOwnValues() throws Exception {
        Path env = dir.resolve("env.txt");
        Detection alert = TestAlerts.detection(Map.of("User", "$(id)"), "e.jsonl", 1);
        Outcome o = action.execute(alert, new TestAlerts.Context("key-9", params("/bin/sh", "args",
                json("-c", "env > \"$0\"", env.toString())), 3));
        assertThat(o).isEqualTo(Outcome.done());
        Map<String, String> vars = new HashMap<>();
        for (String line : Files.readAllLines(env)) {
            int eq = line.indexOf('=');
            vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
        // the shell used as test program adds PWD, SHLVL and _ of its own
        assertThat(vars.keySet()).containsAll(List.of("PATH", "VIGIL_IDEMPOTENCY_KEY", "VIGIL_ALERT_ID", "VIGIL_ATTEMPT"))
                .allMatch(k -> k.startsWith("VIGIL_") || List.of("PATH", "PWD", "SHLVL", "_", "OLDPWD").contains(k));
        assertThat(vars).containsEntry("VIGIL_IDEMPOTENCY_KEY", "key-9").containsEntry("VIGIL_ALERT_ID", alert.id())
                .containsEntry("VIGIL_ATTEMPT", "3");
        assertThat(String.join("\n", vars.values())).doesNotContain("$(id)");
    }

    @Test
    void exitCodes_failRetryable_unlessPermanent_orSkipped() throws Exception {
        Detection alert = TestAlerts.detection(1);
        assertThat(action.execute(alert, new TestAlerts.Context("k", params("/bin/false"))))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.reason()).contains("exited 1");
                });
        assertThat(action.execute(alert, new TestAlerts.Context("k", params("/bin/false", "permanent_exit_codes", "2, 1"))))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
        assertThat(action.execute(alert, new TestAlerts.Context("k", params("/bin/sh", "args", json("-c", "exit 3"),
                "skip_exit_codes", "3"))))
                .isInstanceOfSatisfying(Outcome.Skipped.class, s -> assertThat(s.reason()).contains("exited 3"));
        assertThat(action.execute(alert, new TestAlerts.Context("k", params("/bin/sh", "args", json("-c", "exit 3"),
                "skip_exit_codes", "4", "permanent_exit_codes", "5"))))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void theFailureReason_holdsTheFirstLineOfStderr_escaped() throws Exception {
        Outcome o = action.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params("/bin/sh", "args",
                json("-c", "echo; printf 'host not found\\033[31m\\n' >&2; echo second line >&2; exit 4"))));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.reason()).contains("exited 4: host not found\\u001b[31m").doesNotContain("second line");
        });
    }

    @Test
    void aProgramThatOutlivesItsTimeout_isKilled_retryable() throws Exception {
        long start = System.nanoTime();
        Outcome o = action.execute(TestAlerts.detection(1), new TestAlerts.Context("k",
                params("/bin/sleep", "args", json("10"), "timeout_ms", "300")));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).contains("300 ms").contains("killed");
        });
    }

    @Test
    void onTimeout_theWholeProcessTreeIsKilled() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Outcome o = action.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params("/bin/sh", "args",
                json("-c", "/bin/sleep 30 & echo $! > \"$0\"; wait", pidFile.toString()), "timeout_ms", "500")));
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(waitUntilGone(pid)).as("the grandchild sleep (pid %d) is killed too", pid).isTrue();
    }

    @Test
    void theResponderTimeout_interruptsTheCall_andKillsTheProgram() throws Exception {
        Path pidFile = dir.resolve("sh.pid");
        ResponsePolicy policy = ResponsePolicy.builder().route(AlertSelector.ALL, "process", params("/bin/sh", "args",
                json("-c", "echo $$ > \"$0\"; exec /bin/sleep 30", pidFile.toString()))).build();
        try (Responder r = Responder.builder().action(action).policy(policy).retry(RetryPolicy.none())
                .timeout(Duration.ofMillis(500)).build()) {
            r.accept(TestAlerts.detection(1));
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(r.stats().timedOut()).isEqualTo(1);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(waitUntilGone(pid)).as("the program (pid %d) is killed", pid).isTrue();
    }

    @Test
    void muchOutput_andAProgramThatIgnoresStdin_doNotBlock() throws Exception {
        Map<String, Object> big = Map.of("blob", "x".repeat(1_000_000));
        long start = System.nanoTime();
        Outcome o = action.execute(TestAlerts.detection(big, "e.jsonl", 1), new TestAlerts.Context("k", params("/bin/sh",
                "args", json("-c", "head -c 2000000 /dev/zero; head -c 2000000 /dev/zero >&2; exit 0"), "timeout_ms", "20000")));
        assertThat(o).isEqualTo(Outcome.done());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(15_000);
    }

    @Test
    void aBigAlert_isDeliveredWhole() throws Exception {
        Path out = dir.resolve("big.jsonl");
        Detection alert = TestAlerts.detection(Map.of("blob", "y".repeat(500_000)), "e.jsonl", 1);
        assertThat(action.execute(alert, new TestAlerts.Context("k", params("/usr/bin/tee", "args", json(out.toString())))))
                .isEqualTo(Outcome.done());
        assertThat(Files.readString(out)).isEqualTo(AlertJson.toJson(alert) + "\n");
    }

    @Test
    void badConfigurations_failNotRetryable_andStartNothing() throws Exception {
        Path marker = dir.resolve("marker");
        List<Map<String, String>> bad = List.of(
                new HashMap<>(),
                params("tee"),
                params("sh"),
                params("/bin/sh -c 'touch " + marker + "'"),
                params(dir.resolve("missing").toString()),
                params(dir.toString()),
                params("/usr/bin/tee", "args", "--isolate"),
                params("/usr/bin/tee", "args", "[\"a\", 1]"),
                params("/usr/bin/tee", "args", "[\"a\"] [\"b\"]"),
                params("/usr/bin/tee", "args", "{\"a\":\"b\"}"),
                params("/usr/bin/tee", "args", "[\"a\\u0000b\"]"),
                params("/usr/bin/tee", "timeout_ms", "-1"),
                params("/usr/bin/tee", "skip_exit_codes", "one"));
        for (Map<String, String> p : bad) {
            assertThat(action.execute(TestAlerts.detection(1), new TestAlerts.Context("k", p))).as(p.toString())
                    .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
        }
        assertThat(marker).doesNotExist();
    }

    private static boolean waitUntilGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive() || zombie(pid)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Killed, but not reaped: where PID 1 of a container reaps no orphans, a killed grandchild stays a zombie. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException | RuntimeException e) {
            return true; // gone between the two looks
        }
    }
}
