package dev.vigil.respond;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.respond.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON line per attempt ({@code time}, {@code alert_id}, {@code fingerprint},
 * {@code rule_id}, {@code action}, {@code route}, {@code idempotency_key}, {@code attempt},
 * {@code outcome} = done, failed, skipped or deduplicated, {@code retry}, {@code duration_ms},
 * {@code reason}, {@code occurrences}), appended and flushed line by line.
 */
class AuditLog {

    /** No audit file: attempts are only counted. */
    static final AuditLog NONE = new AuditLog(null);

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Writer out;
    private boolean broken;

    private AuditLog(Writer out) {
        this.out = out;
    }

    static AuditLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new AuditLog(new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)));
    }

    void attempt(Delivery d, Outcome outcome, boolean retry, long nanos, Instant time) {
        if (out == null) {
            return;
        }
        String kind = outcome instanceof Outcome.Done ? "done" : outcome instanceof Outcome.Skipped ? "skipped" : "failed";
        String reason = outcome instanceof Outcome.Failed f ? f.reason()
                : outcome instanceof Outcome.Skipped s ? s.reason() : null;
        write(d, time, kind, d.attempt, retry, nanos / 1_000_000, reason);
    }

    void deduplicated(Delivery d, int occurrences, Instant time) {
        if (out == null) {
            return;
        }
        d.occurrences.set(occurrences);
        write(d, time, "deduplicated", 0, false, 0, "same fingerprint as an alert delivered within the period");
    }

    private void write(Delivery d, Instant time, String outcome, int attempt, boolean retry, long millis, String reason) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("alert_id", d.alert.id());
            g.writeStringField("fingerprint", d.alert.fingerprint());
            g.writeStringField("rule_id", d.alert.metadata().id());
            g.writeStringField("action", d.route.action());
            g.writeNumberField("route", d.routeIndex);
            g.writeStringField("idempotency_key", d.idempotencyKey);
            g.writeNumberField("attempt", attempt);
            g.writeStringField("outcome", outcome);
            g.writeBooleanField("retry", retry);
            g.writeNumberField("duration_ms", millis);
            g.writeStringField("reason", reason);
            g.writeNumberField("occurrences", d.occurrences.get());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (this) {
            if (broken) {
                return;
            }
            try {
                out.write(line.toString());
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                broken = true;
                LoggerFactory.getLogger(AuditLog.class).error("cannot write the audit trail any more: {}", e.toString());
            }
        }
    }

    synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LoggerFactory.getLogger(AuditLog.class).error("cannot close the audit trail: {}", e.toString());
        }
    }
}
