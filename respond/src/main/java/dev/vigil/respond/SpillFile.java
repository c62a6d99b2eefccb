package dev.vigil.respond;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where alerts go when the queue is full and the responder spills instead of waiting: an append-only
 * JSON Lines file that a feeder thread reads back, oldest first, as the queue makes room. Emptied (cut
 * to nothing) whenever the reader has caught up, so it holds only the backlog. Its alerts are also in the
 * journal, so the file is started afresh on each start.
 */
final class SpillFile {

    private final RandomAccessFile file;
    private long readAt;
    private boolean closed;

    SpillFile(Path path) throws IOException {
        Files.deleteIfExists(path);
        this.file = new RandomAccessFile(path.toFile(), "rw");
    }

    synchronized void append(Alert alert) {
        try {
            file.seek(file.length());
            file.write((AlertJson.toJson(alert) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill file", e);
        }
        notifyAll();
    }

    /** The next spilled alert, waiting for one; {@code null} once closed. */
    synchronized Alert next() throws InterruptedException {
        while (true) {
            if (closed) {
                return null;
            }
            try {
                if (readAt < file.length()) {
                    file.seek(readAt);
                    ByteArrayOutputStream line = new ByteArrayOutputStream();
                    byte[] buf = new byte[8192];
                    long consumed = 0;
                    boolean ended = false;
                    int n;
                    while (!ended && (n = file.read(buf)) > 0) {
                        int i = 0;
                        while (i < n && buf[i] != '\n') {
                            i++;
                        }
                        line.write(buf, 0, i);
                        ended = i < n;
                        consumed += ended ? i + 1 : n;
                    }
                    readAt += consumed;
                    if (readAt >= file.length()) {
                        file.setLength(0);
                        readAt = 0;
                    }
                    return AlertJson.read(line.toString(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file", e);
            }
            wait();
        }
    }

    /** Alerts written and not yet read back, roughly (bytes). */
    synchronized long backlogBytes() {
        try {
            return file.length() - readAt;
        } catch (IOException e) {
            return -1;
        }
    }

    synchronized void close() {
        closed = true;
        notifyAll();
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing more is read or written
        }
    }
}
