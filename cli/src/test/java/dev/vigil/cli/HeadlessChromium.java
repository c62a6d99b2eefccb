package dev.vigil.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven over the DevTools protocol, on a loopback WebSocket with the JDK's own client:
 * open a page, run JavaScript in it, type, click, and see every request it made and every message it logged.
 *
 * <p>The browser is Debian's {@code chromium} (or {@code chromium-browser}, {@code google-chrome}) on the PATH, or
 * the binary named by the system property {@code vigil.chromium}. When there is none, {@code .ci/install-chromium}
 * installs it (root and apt-get); when that fails too, the test fails saying how to install it, unless
 * {@code -Dvigil.chromium=skip} says to skip the browser tests. The waits are bounds against a hung browser
 * ({@link #TIMEOUT_SECONDS}), never assertions on time.
 */
final class HeadlessChromium implements AutoCloseable {

    /** How long one DevTools command, a page load or the browser's start may take before the test fails. */
    static final int TIMEOUT_SECONDS = 60;
    /** The system property naming the browser binary, or {@code skip}. */
    static final String PROPERTY = "vigil.chromium";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {"chromium", "chromium-browser", "google-chrome"};

    private final Process process;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    /** Every event the page's session sent, in order. */
    private final List<JsonNode> events = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Predicate<JsonNode> test, CompletableFuture<JsonNode> found) {
    }

    private HeadlessChromium(Process process, WebSocket socket, String session) {
        this.process = process;
        this.socket = socket;
        this.session = session;
    }

    /** Starts a browser with its profile in {@code dir} and opens one blank page, with its requests and logs seen. */
    static HeadlessChromium start(Path dir) throws Exception {
        Path binary = binary();
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
                "--window-size=1280,900", "about:blank"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add(1, "--no-sandbox"); // Chromium's sandbox refuses to run as root
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try {
            String[] port = activePort(profile, process, dir.resolve("chromium.log"));
            URI uri = URI.create("ws://127.0.0.1:" + port[0] + port[1]);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(uri, new Listener(message -> self[0].received(message)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, socket, null);
            self[0] = browser;
            String target = browser.call(null, "Target.createTarget", Map.of("url", "about:blank"))
                    .get("targetId").asText();
            String session = browser.call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                    .get("sessionId").asText();
            HeadlessChromium page = new HeadlessChromium(process, socket, session);
            self[0] = page;
            for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
                page.send(domain + ".enable", Map.of());
            }
            return page;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("cannot drive " + binary + ": " + e, e);
        }
    }

    /** The browser binary: the property's, one on the PATH, or one installed now; else the test fails or is skipped. */
    private static Path binary() throws IOException, InterruptedException {
        String chosen = System.getProperty(PROPERTY, "");
        Assumptions.assumeTrue(skipped() == null, skipped());
        if (!chosen.isEmpty()) {
            Path p = Path.of(chosen);
            if (!Files.isExecutable(p)) {
                fail("-D" + PROPERTY + "=" + chosen + " is not an executable file");
            }
            return p;
        }
        Path found = onPath();
        if (found != null) {
            return found;
        }
        Path script = Path.of("").toAbsolutePath().resolveSibling(".ci").resolve("install-chromium");
        Path log = Files.createTempFile("install-chromium", ".log");
        int code = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start().waitFor();
        found = onPath();
        if (found == null) {
            fail("no Chromium found (chromium, chromium-browser or google-chrome on the PATH) and " + script
                    + " could not install one (exit " + code + "): " + Files.readString(log).strip()
                    + "\nInstall it (Debian: apt-get install chromium), name a binary with -D" + PROPERTY
                    + "=/path/to/chrome, or skip the browser tests knowingly with -D" + PROPERTY + "=skip.");
        }
        return found;
    }

    /** Why the browser tests are skipped ({@code -Dvigil.chromium=skip}), or null when they run. */
    static String skipped() {
        return System.getProperty(PROPERTY, "").equals("skip")
                ? "browser tests skipped by -D" + PROPERTY + "=skip: the HTML report was not checked in a browser"
                : null;
    }

    private static Path onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : NAMES) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The port and browser path Chromium writes to DevToolsActivePort once it listens. */
    private static String[] activePort(Path profile, Process process, Path log) throws IOException,
            InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return new String[] {lines.get(0).strip(), lines.get(1).strip()};
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new IOException("chromium did not open its DevTools port within " + TIMEOUT_SECONDS + " s: "
                + Files.readString(log));
    }

    /** Opens {@code file} and waits for its load event; {@link #events} then start anew. */
    void open(Path file) throws Exception {
        synchronized (events) {
            events.clear();
        }
        CompletableFuture<JsonNode> loaded = await(e -> e.path("method").asText().equals("Page.loadEventFired"));
        send("Page.navigate", Map.of("url", file.toUri().toString()));
        loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The value of a JavaScript expression in the page (JSON-like values only); a thrown error fails the test. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            fail("JavaScript failed: " + expression + "\n" + result.get("exceptionDetails").toPrettyString());
        }
        return result.path("result").path("value");
    }

    /** Types {@code text} into the element of {@code selector}, as a user would (it gets focus, then the text). */
    void type(String selector, String text) throws Exception {
        click(selector);
        send("Input.insertText", Map.of("text", text));
    }

    /** Clicks the middle of the element of {@code selector} with the mouse, after scrolling it into view. */
    void click(String selector) throws Exception {
        JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + ");"
                + " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(),
                    "y", box.get("y").asDouble(), "button", "left", "clickCount", 1));
        }
    }

    /** The events of the page since it was opened whose method is {@code method}. */
    List<JsonNode> events(String method) {
        synchronized (events) {
            return events.stream().filter(e -> e.path("method").asText().equals(method)).toList();
        }
    }

    /** Sends a command to the page and waits for its result. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        return call(session, method, params);
    }

    private JsonNode call(String sessionId, String method, Map<String, ?> params) throws IOException,
            InterruptedException, ExecutionException, TimeoutException {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IOException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    private CompletableFuture<JsonNode> await(Predicate<JsonNode> test) {
        CompletableFuture<JsonNode> found = new CompletableFuture<>();
        synchronized (events) {
            waiters.add(new Waiter(test, found));
        }
        return found;
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        synchronized (events) {
            events.add(message);
            waiters.removeIf(w -> w.test().test(message) && w.found().complete(message));
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call(null, "Browser.close", Map.of());
        } catch (Exception ignored) {
            // the process is ended below either way
        }
        socket.abort();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Collects the text frames of the WebSocket into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> onMessage;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage.accept(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            onMessage.accept(StandardCharsets.UTF_8.decode(data).toString());
            webSocket.request(1);
            return null;
        }
    }
}
