package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A response action for the tests, found by {@code discoverActions()} through
 * {@code META-INF/services/dev.vigil.core.respond.ResponseAction} in cli's test resources: named
 * {@code test-append}, it appends {@code label TAB alert id TAB kind TAB rule id TAB incident id} (or
 * {@code -} without incidents) to the file its
 * {@code file} parameter names. {@code fail_attempts: N} makes its first N attempts at each alert fail
 * (retryably), {@code skip: true} makes it skip every alert, writing nothing, and {@code sleep_ms: N} makes
 * each attempt take N ms first (deliveries still under way when a watch is stopped).
 */
public final class AppendToFileAction implements ResponseAction {

    private static final Object LOCK = new Object();

    @Override
    public String name() {
        return "test-append";
    }

    @Override
    public Outcome execute(Alert alert, ResponseContext context) throws IOException, InterruptedException {
        String file = context.parameters().get("file");
        if (file == null) {
            return Outcome.failed("no 'file' parameter", false);
        }
        if (Boolean.parseBoolean(context.parameters().get("skip"))) {
            return Outcome.skipped("told to skip");
        }
        int failAttempts = Integer.parseInt(context.parameters().getOrDefault("fail_attempts", "0"));
        long sleepMs = Long.parseLong(context.parameters().getOrDefault("sleep_ms", "0"));
        if (sleepMs > 0) {
            Thread.sleep(sleepMs);
        }
        if (context.attempt() <= failAttempts) {
            return Outcome.failed("attempt " + context.attempt() + " fails on purpose", true);
        }
        String line = context.parameters().getOrDefault("label", "-") + "\t" + alert.id() + "\t" + alert.kind() + "\t"
                + alert.metadata().id() + "\t" + context.incidentId().orElse("-") + "\n";
        synchronized (LOCK) {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        return Outcome.done();
    }
}
