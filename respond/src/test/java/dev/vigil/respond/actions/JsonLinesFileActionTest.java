package dev.vigil.respond.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.respond.Outcome;
import dev.vigil.respond.AlertSelector;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponsePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines file action on a real file, from several threads. */
class JsonLinesFileActionTest {

    @TempDir
    Path dir;

    @Test
    void appendsOneLinePerAlert_theAlertJson() throws Exception {
        Path file = dir.resolve("sub/dir/alerts.jsonl");
        JsonLinesFileAction action = new JsonLinesFileAction();
        Detection a = TestAlerts.detection(Map.of("msg", "line\nbreak \u2028 and \"quotes\""), "e.jsonl", 1);
        Detection b = TestAlerts.detection(2);
        assertThat(action.execute(a, new TestAlerts.Context("a/0/jsonl-file", Map.of("path", file.toString())))).isEqualTo(Outcome.done());
        assertThat(action.execute(b, new TestAlerts.Context("b/0/jsonl-file", Map.of("path", file.toString())))).isEqualTo(Outcome.done());
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(AlertJson.toJson(a), AlertJson.toJson(b));
    }

    @Test
    void concurrentAppends_giveWholeLines() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        JsonLinesFileAction action = new JsonLinesFileAction();
        int threads = 8;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    int n = base + i;
                    // lines of very different lengths, some beyond a pipe or page size
                    Detection d = TestAlerts.detection(Map.of("n", n, "pad", "p".repeat(n % 7 == 0 ? 20_000 : n % 50)), "e.jsonl", n);
                    Outcome o = action.execute(d, new TestAlerts.Context(d.id() + "/0/jsonl-file", Map.of("path", file.toString())));
                    assertThat(o).isEqualTo(Outcome.done());
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ObjectMapper m = new ObjectMapper();
        Set<Integer> seen = new HashSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(threads * perThread);
        for (String line : lines) {
            JsonNode node = m.readTree(line);
            assertThat(node.get("kind").asText()).isEqualTo("detection");
            seen.add(node.get("event").get("n").asInt());
        }
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void aRetriedIdempotencyKey_isSkipped_notWrittenTwice() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        JsonLinesFileAction action = new JsonLinesFileAction();
        Detection d = TestAlerts.detection(1);
        Map<String, String> p = Map.of("path", file.toString());
        assertThat(action.execute(d, new TestAlerts.Context("k1", p, 1))).isEqualTo(Outcome.done());
        assertThat(action.execute(d, new TestAlerts.Context("k1", p, 2))).isInstanceOf(Outcome.Skipped.class);
        assertThat(action.execute(d, new TestAlerts.Context("k2", p, 1))).isEqualTo(Outcome.done());
        assertThat(action.execute(d, new TestAlerts.Context("k1", Map.of("path", dir.resolve("other.jsonl").toString()), 1)))
                .as("the same key, another file").isEqualTo(Outcome.done());
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void theRememberedKeys_areBounded_oldestForgottenFirst() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        JsonLinesFileAction action = new JsonLinesFileAction(3);
        Detection d = TestAlerts.detection(1);
        Map<String, String> p = Map.of("path", file.toString());
        for (String k : List.of("k1", "k2", "k3", "k4")) {
            assertThat(action.execute(d, new TestAlerts.Context(k, p))).isEqualTo(Outcome.done());
        }
        assertThat(action.execute(d, new TestAlerts.Context("k4", p))).isInstanceOf(Outcome.Skipped.class);
        assertThat(action.execute(d, new TestAlerts.Context("k2", p))).isInstanceOf(Outcome.Skipped.class);
        assertThat(action.execute(d, new TestAlerts.Context("k1", p))).as("forgotten").isEqualTo(Outcome.done());
    }

    @Test
    void throughAResponder_everyAlertOnce() throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        ResponsePolicy policy = ResponsePolicy.builder().route(AlertSelector.ALL, "jsonl-file", Map.of("path", file.toString())).build();
        try (Responder r = Responder.builder().action(new JsonLinesFileAction()).policy(policy).threadsPerAction(4).build()) {
            for (int i = 0; i < 200; i++) {
                r.accept(TestAlerts.detection(i));
            }
            assertThat(r.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(r.stats().delivered()).isEqualTo(200);
        }
        assertThat(Files.readAllLines(file)).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void anIoError_isRetryable_aMissingPath_isNot() throws Exception {
        JsonLinesFileAction action = new JsonLinesFileAction();
        Detection d = TestAlerts.detection(1);
        assertThat(action.execute(d, new TestAlerts.Context("k", Map.of("path", dir.toString()))))
                .as("a directory").isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isTrue());
        assertThat(action.execute(d, new TestAlerts.Context("k", Map.of("path", dir.toString()))))
                .as("a failed write is not remembered").isInstanceOf(Outcome.Failed.class);
        assertThat(action.execute(d, new TestAlerts.Context("k", Map.of())))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.reason()).contains("'path'");
                });
        assertThat(action.execute(d, new TestAlerts.Context("k", Map.of("path", "a\u0000b"))))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
    }
}
