package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Writes alerts (detections and correlation alerts) one at a time, flushing each, so that output
 * follows the hunt as it goes.
 */
interface DetectionWriter {

    void write(Alert alert) throws IOException;

    /** Flushes what is left; the underlying writer stays open. */
    void finish() throws IOException;

    /** The writer of the options' format on {@code out} (CSV writes its header row at once). */
    static DetectionWriter of(DetectionOptions options, Writer out) throws IOException {
        return switch (options.format) {
            case TABLE -> new TableWriter(out);
            case JSONL -> new JsonlWriter(out);
            case CSV -> new CsvWriter(out, options.csvFormulaGuard);
        };
    }

    /** Flushes {@code out}; a {@link PrintWriter}, which hides write errors, is asked for them. */
    static void flush(Writer out) throws IOException {
        out.flush();
        if (out instanceof PrintWriter p && p.checkError()) {
            throw new IOException("output closed");
        }
    }
}
