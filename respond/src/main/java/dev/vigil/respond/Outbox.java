package dev.vigil.respond;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The responder's journal, in a folder of two JSON Lines files: {@code alerts.jsonl}, every alert
 * accepted (written before {@code accept} returns), and {@code done.jsonl}, the idempotency key of every
 * delivery that is over (done, skipped, failed for good, deduplicated). A responder started on the folder
 * delivers again what the journal holds and does not mark over: at least once per alert and route,
 * across a kill. Lines are flushed to the operating system at once (so a killed process loses nothing)
 * and, with {@code sync}, forced to the disk (so a lost machine loses nothing, at the cost of a disk
 * write per alert). A torn last line is skipped and reported.
 */
final class Outbox {

    /** What a restart found in the journal. */
    record Replay(List<Alert> alerts, Set<String> over, List<Problem> problems) {
    }

    private final Path alertsFile;
    private final Path doneFile;
    private final Writer alerts;
    private final Writer done;
    private final boolean sync;
    private final java.nio.channels.FileChannel alertsChannel;

    private Outbox(Path dir, boolean sync) throws IOException {
        Files.createDirectories(dir);
        this.alertsFile = dir.resolve("alerts.jsonl");
        this.doneFile = dir.resolve("done.jsonl");
        endTornLine(alertsFile);
        endTornLine(doneFile);
        this.alertsChannel = java.nio.channels.FileChannel.open(alertsFile, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.alerts = new BufferedWriter(java.nio.channels.Channels.newWriter(alertsChannel, StandardCharsets.UTF_8));
        this.done = Files.newBufferedWriter(doneFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.sync = sync;
    }

    static Outbox open(Path dir, boolean sync) throws IOException {
        return new Outbox(dir, sync);
    }

    /** What the journal holds: the alerts, and the keys of the deliveries that are over. */
    Replay replay() throws IOException {
        List<Problem> problems = new ArrayList<>();
        Set<String> over = new HashSet<>();
        List<String> doneLines = Files.readAllLines(doneFile, StandardCharsets.UTF_8);
        for (String l : doneLines) {
            if (!l.isBlank()) {
                over.add(l.strip());
            }
        }
        List<Alert> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(alertsFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(AlertJson.read(lines.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(SourcePosition.of(alertsFile.toString(), i + 1),
                        "unreadable journal line, skipped: " + e.getMessage()));
            }
        }
        return new Replay(out, over, problems);
    }

    synchronized void accepted(Alert alert) {
        try {
            alerts.write(AlertJson.toJson(alert));
            alerts.write('\n');
            alerts.flush();
            if (sync) {
                alertsChannel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the response journal " + alertsFile, e);
        }
    }

    synchronized void over(String idempotencyKey) {
        try {
            done.write(idempotencyKey);
            done.write('\n');
            done.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the response journal " + doneFile, e);
        }
    }

    synchronized void close() {
        try {
            alerts.close();
            done.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Outbox.class).error("cannot close the response journal: {}", e.toString());
        }
    }

    private static void endTornLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            c.read(last, c.size() - 1);
            if (last.get(0) != '\n') {
                c.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), c.size());
            }
        }
    }
}
