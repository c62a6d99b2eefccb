package dev.vigil.respond.actions;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Action {@code jsonl-file}: appends the alert's JSON ({@link AlertJson}) as one line to a file, creating
 * the file and its directories where missing. Each line is written whole (one call at a time per file in
 * this process, with the file opened in append mode) and handed to the operating system before the call
 * returns; the file is opened per line, so it can be rotated away under a running responder.
 *
 * <p>An attempt whose idempotency key this action has already written to the same file in this process
 * (the last 100,000 keys) is skipped: a retry after a write that succeeded but was reported failed (a
 * timeout just after the write) does not add the line twice. An I/O error is a retryable failure.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code path} (required): the file, absolute or relative to the working directory.</li>
 * </ul>
 */
public final class JsonLinesFileAction implements ResponseAction {

    static final int DEFAULT_REMEMBERED_KEYS = 100_000;

    private final Map<Path, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Boolean> written;

    public JsonLinesFileAction() {
        this(DEFAULT_REMEMBERED_KEYS);
    }

    /** With room for {@code rememberedKeys} idempotency keys; the oldest are forgotten first. */
    JsonLinesFileAction(int rememberedKeys) {
        this.written = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > rememberedKeys;
            }
        };
    }

    @Override
    public String name() {
        return "jsonl-file";
    }

    @Override
    public Outcome execute(Alert alert, ResponseContext context) {
        Path file;
        try {
            file = Path.of(Parameters.required(context.parameters(), "path")).toAbsolutePath().normalize();
        } catch (Parameters.BadConfiguration e) {
            return Outcome.failed(e.getMessage(), false);
        } catch (InvalidPathException e) {
            return Outcome.failed("parameter 'path' is not a valid path: " + Parameters.oneLine(e.getReason(), 200), false);
        }
        byte[] line = (AlertJson.toJson(alert) + "\n").getBytes(StandardCharsets.UTF_8);
        String key = file + "\u0000" + context.idempotencyKey();
        synchronized (locks.computeIfAbsent(file, f -> new Object())) {
            if (remembered(key)) {
                return Outcome.skipped("already written to " + file + " (idempotency key " + context.idempotencyKey() + ")");
            }
            try {
                Path parent = file.getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    Files.createDirectories(parent);
                }
                // FileOutputStream, not a FileChannel: an interrupt (the responder's timeout) cannot cut a line short
                try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
                    out.write(line);
                }
            } catch (IOException e) {
                return Outcome.failed("cannot append to " + file + ": " + Parameters.oneLine(e.toString(), 300), true);
            }
            remember(key);
        }
        return Outcome.done();
    }

    private boolean remembered(String key) {
        synchronized (written) {
            return written.containsKey(key);
        }
    }

    private void remember(String key) {
        synchronized (written) {
            written.put(key, Boolean.TRUE);
        }
    }
}
