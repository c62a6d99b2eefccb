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

    /**
     * Writes a fold of {@code --dedup}: its first detection as {@link #write(Alert)} does, with the count and the
     * time of the last detection it stands for.
     */
    void write(Fold fold) throws IOException;

    /** Flushes what is left; the underlying writer stays open. */
    void finish() throws IOException;

    /**
     * The writer of the options' format on {@code out} (CSV writes its header row at once); {@code toStdout}
     * when {@code out} is the standard output, which the table colours when it is a terminal; {@code sorted}
     * to write the alerts in event-time order at {@link #finish()} ({@link SortingWriter}) rather than as
     * they come; {@code folds} when {@code --dedup} is on, for the CSV's columns of a fold's count and last time.
     */
    static DetectionWriter of(DetectionOptions options, Writer out, boolean toStdout, boolean sorted, boolean folds)
            throws IOException {
        boolean color = options.format == DetectionOptions.Format.TABLE && toStdout
                && Colors.wanted(1, options.noColor, System.getenv());
        if (!sorted) {
            return plain(options, out, color, true, folds);
        }
        String header = options.format == DetectionOptions.Format.TABLE
                ? new TableWriter(out, options.full, color, false).headerLine() : null;
        return new SortingWriter(out, w -> plain(options, w, color, false, folds), header, SortingWriter.MAX_BUFFER_CHARS);
    }

    private static DetectionWriter plain(DetectionOptions options, Writer out, boolean color, boolean tableHeader,
            boolean folds) throws IOException {
        return switch (options.format) {
            case TABLE -> new TableWriter(out, options.full, color, tableHeader);
            case JSONL -> new JsonlWriter(out);
            case CSV -> new CsvWriter(out, options.csvFormulaGuard, folds);
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
