package dev.vigil.respond.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.respond.Outcome;
import dev.vigil.respond.AlertSelector;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponsePolicy;
import dev.vigil.respond.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook action against a real HTTP server on 127.0.0.1. */
class WebhookActionTest {

    private static final String SECRET = "s3cr3t-do-not-leak";

    private final WebhookAction webhook = new WebhookAction();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** Starts a server on an ephemeral loopback port whose n-th request (from 1) gets {@code status.apply(n)}. */
    private String serve(Function<Integer, Integer> status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, status));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0KEN-IN-PATH";
    }

    private void handle(HttpExchange exchange, Function<Integer, Integer> status) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                new HashMap<>(exchange.getRequestHeaders()), body));
        int code = status.apply(received.size());
        if (code < 0) { // hang
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            code = 200;
        }
        if (code >= 300 && code < 400) {
            exchange.getResponseHeaders().add("Location", "https://127.0.0.1:1/elsewhere");
        }
        byte[] answer = ("answer " + code + "\nsecond line").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static Map<String, String> params(String url, String... kv) {
        Map<String, String> p = new HashMap<>();
        p.put("url", url);
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void posts_theAlertJson_signed_withIdempotencyKeyAndExtraHeaders() throws Exception {
        String url = serve(n -> 200);
        Detection alert = TestAlerts.detection(1);
        Outcome o = webhook.execute(alert, new TestAlerts.Context("key-1", params(url, "secret", SECRET,
                "header.Authorization", "Bearer abc", "header.X-Team", "soc")));

        assertThat(o).isEqualTo(Outcome.done());
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hooks/T0KEN-IN-PATH");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(AlertJson.toJson(alert));
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Idempotency-Key")).isEqualTo("key-1");
        assertThat(r.header("X-Vigil-Alert-Id")).isEqualTo(alert.id());
        assertThat(r.header("Authorization")).isEqualTo("Bearer abc");
        assertThat(r.header("X-Team")).isEqualTo("soc");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertThat(r.header("X-Vigil-Signature")).isEqualTo(expected);
    }

    @Test
    void withoutSecret_noSignature() throws Exception {
        String url = serve(n -> 204);
        assertThat(webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url))))
                .isEqualTo(Outcome.done());
        assertThat(received.get(0).header("X-Vigil-Signature")).isNull();
    }

    @Test
    void throughAResponder_500Then200_isDeliveredOnce_afterTwoAttempts_withOneIdempotencyKey() throws Exception {
        String url = serve(n -> n == 1 ? 500 : 200);
        ResponsePolicy policy = ResponsePolicy.builder().route(AlertSelector.ALL, "webhook", params(url, "secret", SECRET)).build();
        try (Responder r = Responder.builder().action(webhook).policy(policy)
                .retry(new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(20), 0)).build()) {
            r.accept(TestAlerts.detection(1));
            assertThat(r.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(r.stats().delivered()).isEqualTo(1);
            assertThat(r.stats().attempts()).isEqualTo(2);
            assertThat(r.stats().retried()).isEqualTo(1);
            assertThat(r.stats().failed()).isZero();
        }
        assertThat(received).hasSize(2);
        assertThat(received.get(0).header("Idempotency-Key")).isNotBlank()
                .isEqualTo(received.get(1).header("Idempotency-Key"));
    }

    @Test
    void aServerThatHangs_timesOut_retryable() throws Exception {
        String url = serve(n -> -1);
        long start = System.nanoTime();
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url, "timeout_ms", "300")));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).contains("300 ms");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
    void transientStatuses_areRetryable_andNamed(int status) throws Exception {
        String url = serve(n -> status);
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url, "secret", SECRET)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).contains("HTTP " + status).contains("answer " + status)
                    .doesNotContain(SECRET).doesNotContain("T0KEN").doesNotContain("\n");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410, 422})
    void otherClientErrors_areNotRetryable(int status) throws Exception {
        String url = serve(n -> status);
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("HTTP " + status);
        });
    }

    @Test
    void aRedirect_isNotFollowed_andNotRetried() throws Exception {
        String url = serve(n -> 302);
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("HTTP 302").contains("not followed");
        });
        assertThat(received).hasSize(1);
    }

    @Test
    void headerInjection_isRejected_beforeAnythingIsSent() throws Exception {
        String url = serve(n -> 200);
        List<Map<String, String>> attempts = List.of(
                params(url, "header.X-Test", "ok\r\nX-Injected: 1"),
                params(url, "header.X-Test", "ok\nX-Injected: 1"),
                params(url, "header.X-Test\r\nX-Injected", "1"),
                params(url, "header.X Test", "1"),
                params(url, "header.", "1"),
                params(url, "header.Host", "evil.example"),
                params(url, "header.Idempotency-Key", "mine"),
                params(url, "header.x-vigil-signature", "sha256=00"));
        for (Map<String, String> p : attempts) {
            Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", p));
            assertThat(o).as(p.toString()).isInstanceOfSatisfying(Outcome.Failed.class,
                    f -> assertThat(f.retryable()).isFalse());
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aHeaderValue_isNotRepeatedInTheReason() throws Exception {
        String url = serve(n -> 200);
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k",
                params(url, "header.Authorization", "Bearer hidden-token\r\nX: y")));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.reason()).contains("header.Authorization").doesNotContain("hidden-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "jar:http://127.0.0.1/x!/y", "127.0.0.1:8080/x",
            "gopher://127.0.0.1/", "http:///no-host", "http://user:pw@127.0.0.1/x", "not a url", "mailto:a@b"})
    void aUrlThatIsNotHttp_isRejected_notRetryable(String url) throws Exception {
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url)));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).contains("'url'");
        });
    }

    @Test
    void badTimeoutsAndAnEmptySecret_areConfigurationErrors() throws Exception {
        String url = "http://127.0.0.1:9/x";
        for (Map<String, String> p : List.of(params(url, "timeout_ms", "soon"), params(url, "connect_timeout_ms", "0"),
                params(url, "secret", ""), new HashMap<String, String>())) {
            assertThat(webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", p))).as(p.toString())
                    .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
        }
    }

    @Test
    void aRefusedConnection_isRetryable() throws Exception {
        String url = serve(n -> 200);
        server.stop(0);
        server = null;
        executor.shutdownNow();
        Outcome o = webhook.execute(TestAlerts.detection(1), new TestAlerts.Context("k", params(url, "connect_timeout_ms", "2000")));
        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.reason()).contains("127.0.0.1").doesNotContain("T0KEN");
        });
    }
}
