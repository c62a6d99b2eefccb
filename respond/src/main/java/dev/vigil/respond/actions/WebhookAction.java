package dev.vigil.respond.actions;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Action {@code webhook}: POSTs the alert's JSON ({@link AlertJson}) to a URL with the JDK's
 * {@link HttpClient} (HTTP/1.1, one client per connect timeout, shared by all calls). Headers:
 * {@code Content-Type: application/json}, {@code Idempotency-Key} (the context's key, the same for every
 * attempt, for the receiver to drop repeats), {@code X-Vigil-Alert-Id}, and with a secret
 * {@code X-Vigil-Signature: sha256=<hex>}, the HMAC-SHA256 of the exact body bytes under the secret's UTF-8
 * bytes.
 *
 * <p>Outcome: 2xx done; 408, 425, 429 and 5xx a retryable failure; 3xx (redirects are never followed) and
 * other 4xx a failure not retried; an I/O error or timeout a retryable failure. Failure reasons name the
 * status, the scheme, host and port, and the start of the answer, never the URL's path or query (webhook
 * URLs often carry a token there), a header value or the secret.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code url} (required): an absolute {@code http} or {@code https} URL with a host and no user info.</li>
 *   <li>{@code secret}: the HMAC key; when set, the body is signed.</li>
 *   <li>{@code header.<Name>}: an extra header {@code Name: value} (e.g. {@code header.Authorization});
 *       names must be HTTP tokens, values must not hold CR, LF or other control characters, and the headers
 *       above, {@code Host}, {@code Content-Length}, {@code Connection}, {@code Expect} and {@code Upgrade} cannot be set.</li>
 *   <li>{@code connect_timeout_ms}: connect timeout, default 5000.</li>
 *   <li>{@code timeout_ms}: timeout for the answer's headers, default 10000. The responder's own timeout
 *       (default 10 s) bounds the whole call as well.</li>
 * </ul>
 */
public final class WebhookAction implements ResponseAction {

    private static final String HEADER_PREFIX = "header.";
    private static final Set<String> RESERVED = Set.of("content-type", "idempotency-key", "x-vigil-alert-id",
            "x-vigil-signature", "host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");
    private static final int SNIPPET = 200;
    private static final int DRAIN = 64 * 1024;

    private final Map<Long, HttpClient> clients = new ConcurrentHashMap<>();

    public WebhookAction() {
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Outcome execute(Alert alert, ResponseContext context) throws InterruptedException {
        Map<String, String> p = context.parameters();
        URI uri;
        long connectTimeout;
        long timeout;
        Map<String, String> extra;
        try {
            uri = uri(Parameters.required(p, "url"));
            connectTimeout = Parameters.millis(p, "connect_timeout_ms", 5_000, 600_000);
            timeout = Parameters.millis(p, "timeout_ms", 10_000, 3_600_000);
            extra = extraHeaders(p);
        } catch (Parameters.BadConfiguration e) {
            return Outcome.failed(e.getMessage(), false);
        }
        String where = where(uri);
        byte[] body = AlertJson.toJson(alert).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(timeout))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", context.idempotencyKey())
                .header("X-Vigil-Alert-Id", alert.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String secret = p.get("secret");
        if (secret != null) {
            if (secret.isEmpty()) {
                return Outcome.failed("parameter 'secret' is empty", false);
            }
            request.header("X-Vigil-Signature", "sha256=" + sign(secret, body));
        }
        try {
            extra.forEach(request::header);
        } catch (IllegalArgumentException e) {
            // the JDK refuses some header names of its own; say which, not the value
            return Outcome.failed("a 'header.' parameter is refused by the HTTP client (names: " + extra.keySet() + ")", false);
        }
        HttpClient client = clients.computeIfAbsent(connectTimeout, WebhookAction::client);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return Outcome.failed("no answer from " + where + " within " + timeout + " ms ("
                    + e.getClass().getSimpleName() + ")", true);
        } catch (IOException e) {
            // an exception's message may quote the URL, whose path can hold a token
            String why = e.toString().replace(uri.toString(), where);
            return Outcome.failed("cannot reach " + where + ": " + Parameters.oneLine(why, 300), true);
        }
        int status = response.statusCode();
        String answer = drain(response.body());
        if (status >= 200 && status < 300) {
            return Outcome.done();
        }
        StringBuilder reason = new StringBuilder("HTTP ").append(status).append(" from ").append(where);
        if (status >= 300 && status < 400) {
            reason.append(" (redirects are not followed; Location: ")
                    .append(response.headers().firstValue("Location").map(l -> Parameters.oneLine(l, SNIPPET)).orElse("none"))
                    .append(')');
        }
        if (!answer.isEmpty()) {
            reason.append(": ").append(answer);
        }
        boolean retryable = status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600);
        return Outcome.failed(reason.toString(), retryable);
    }

    private static HttpClient client(long connectTimeoutMillis) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .build();
    }

    static URI uri(String url) throws Parameters.BadConfiguration {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new Parameters.BadConfiguration("parameter 'url' is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Parameters.BadConfiguration("parameter 'url' must be an http or https URL, not '"
                    + Parameters.oneLine(scheme, 20) + ":'");
        }
        if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Parameters.BadConfiguration("parameter 'url' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Parameters.BadConfiguration("parameter 'url' must not carry user info; use header.Authorization");
        }
        return uri;
    }

    /** Scheme, host and port: what a failure reason may say of the URL. */
    private static String where(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static Map<String, String> extraHeaders(Map<String, String> p) throws Parameters.BadConfiguration {
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(HEADER_PREFIX)) {
                continue;
            }
            String name = key.substring(HEADER_PREFIX.length());
            if (!isToken(name)) {
                throw new Parameters.BadConfiguration("parameter '" + Parameters.oneLine(key, 80)
                        + "' does not name a valid header");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new Parameters.BadConfiguration("parameter '" + key + "': header " + name + " cannot be set");
            }
            String value = e.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new Parameters.BadConfiguration("parameter '" + key + "': the value holds a control character"
                            + (c == '\r' || c == '\n' ? " (CR or LF)" : ""));
                }
            }
            headers.put(name, value.strip());
        }
        return headers;
    }

    /** An HTTP token (RFC 9110 §5.6.2). */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The HMAC-SHA256 of {@code body} under {@code secret}, lower-case hex. */
    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Reads the answer (up to 64 KiB, so that the connection can be reused) and returns its start, one line. */
    private static String drain(InputStream in) {
        byte[] head = new byte[SNIPPET];
        int kept = 0;
        try (in) {
            byte[] buf = new byte[8192];
            int total = 0;
            int n;
            while (total < DRAIN && (n = in.read(buf)) > 0) {
                int take = Math.min(n, head.length - kept);
                System.arraycopy(buf, 0, head, kept, take);
                kept += take;
                total += n;
            }
        } catch (IOException e) {
            // the status is what counts; the answer's text is only a help
        }
        return Parameters.oneLine(new String(head, 0, kept, StandardCharsets.UTF_8).strip(), SNIPPET);
    }
}
