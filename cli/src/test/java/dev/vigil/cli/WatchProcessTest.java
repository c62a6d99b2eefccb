package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil watch} as its own process ({@code java -cp <test class path> dev.vigil.cli.Main watch ...}):
 * SIGTERM stops it cleanly, exit code 0, its summary printed and the responses under way delivered first; and
 * it reads a pipe on stdin to its end.
 */
class WatchProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    private Process watch(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "watch", "--rules",
                Examples.rules().toString(), "--format", "jsonl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        started.add(p);
        return p;
    }

    private List<String> lines(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Waits until file {@code name} has at least {@code n} lines that {@code line} accepts. */
    private List<String> await(Process p, String name, int n, Predicate<String> line, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WatchRun.TIMEOUT.toNanos();
        while (true) {
            List<String> found = lines(name).stream().filter(line).toList();
            if (found.size() >= n) {
                return found;
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError((p.isAlive() ? "timed out" : "the watch ended") + " waiting for " + what
                        + "\nstdout:\n" + String.join("\n", lines("stdout.txt")) + "\nstderr:\n"
                        + String.join("\n", lines("stderr.txt")));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void sigterm_stopsCleanly_afterTheResponsesUnderWay_exit0_withItsSummary() throws Exception {
        Path events = dir.resolve("events.jsonl");
        WatchCommandTest.appendLines(events, WatchCommandTest.sample(1));
        Path actions = dir.resolve("actions.tsv");
        Path audit = dir.resolve("audit.jsonl");
        Path policy = dir.resolve("policy.yml");
        // each delivery fails once (without opening the circuit), then takes a while: several are still under
        // way at the signal
        Files.writeString(policy, """
                routes:
                  - action: test-append
                    with: {file: '%s', fail_attempts: 1, sleep_ms: 300}
                settings:
                  retry: {max_attempts: 3, initial_backoff: 200ms, max_backoff: 200ms, jitter: 0}
                  circuit_breaker: {failures: 100, open_for: 1s}
                """.formatted(actions));

        Process p = watch("--events", events.toString(), "--poll-ms", "50", "--respond", policy.toString(),
                "--audit", audit.toString());
        await(p, "stderr.txt", 1, l -> l.startsWith("watching " + events), "the watch to start");
        WatchCommandTest.appendLines(events, WatchCommandTest.sample(18), WatchCommandTest.sample(20),
                WatchCommandTest.sample(23), WatchCommandTest.sample(24), WatchCommandTest.sample(25));
        List<String> alerts = await(p, "stdout.txt", 5, l -> l.startsWith("{"), "the five alerts");
        p.destroy(); // SIGTERM

        assertThat(p.waitFor(WatchRun.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the watch ended").isTrue();
        List<String> err = lines("stderr.txt");
        assertThat(p.exitValue()).as(String.join("\n", err)).isZero();
        assertThat(err).contains("stopping: finishing correlation and the responses under way",
                "followed:         " + events, "events read:      5", "detections:       5 (critical 1, high 3, medium 1)",
                "responses:        5 alerts \u2192 5 delivered, 5 retried, 0 failed, 0 skipped, 0 deduplicated, "
                        + "0 back-pressured (audit: " + audit + ")");
        assertThat(err.indexOf("stopping: finishing correlation and the responses under way"))
                .isLessThan(err.indexOf("followed:         " + events));

        // drained: every alert delivered before the process ended, each after one failed attempt
        List<String> ids = alerts.stream().map(a -> json(a).get("id").asText()).toList();
        assertThat(lines("actions.tsv").stream().map(l -> l.split("\t")[1]).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        Map<String, Integer> outcomes = new HashMap<>();
        for (String line : lines("audit.jsonl")) {
            outcomes.merge(json(line).get("outcome").asText(), 1, Integer::sum);
        }
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("failed", 5, "done", 5));
    }

    @Test
    void stdinPipe_isReadToItsEnd_thenExit0() throws Exception {
        Process p = watch("--events", "-");
        try (OutputStream in = p.getOutputStream()) {
            for (int n : new int[] {17, 18, 19, 20}) {
                in.write((WatchCommandTest.sample(n) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        }

        assertThat(p.waitFor(WatchRun.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the watch ended").isTrue();
        List<String> err = lines("stderr.txt");
        assertThat(p.exitValue()).as(String.join("\n", err)).isZero();
        assertThat(lines("stdout.txt")).hasSize(2).allSatisfy(l -> assertThat(json(l).get("source").get("file")
                .asText()).isEqualTo("stdin"));
        assertThat(err).contains("followed:         standard input", "events read:      4",
                "detections:       2 (high 2)");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
