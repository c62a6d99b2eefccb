package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes alerts in event-time order, whatever order the hunt finds them in: alerts without a time last,
 * alerts of the same time in the order they came. Each alert is rendered at once by the format's own
 * writer and kept as text; when the text kept passes {@link #MAX_BUFFER_CHARS}, it is sorted and written
 * to a temporary file (a run), and {@link #finish()} merges the runs, {@link #MAX_MERGE_RUNS} at a time, so a
 * hunt of millions of detections sorts in bounded memory and open files. The disk it takes is about the size
 * of the output, twice at the most during a merge pass. The runs are deleted at the end, or when the process exits.
 */
final class SortingWriter implements DetectionWriter {

    /** How many characters of rendered alerts are kept in memory before they are sorted into a run on disk. */
    static final long MAX_BUFFER_CHARS = 16L * 1024 * 1024;

    /** How many runs are merged at once, at most (each holds an open file and a 64 KiB buffer). */
    static final int MAX_MERGE_RUNS = 64;

    private static final Comparator<Row> ORDER = Comparator.comparing((Row r) -> r.time == null)
            .thenComparing(r -> r.time, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(r -> r.seq);

    private final Writer out;
    private final StringWriter buffer = new StringWriter();
    private final DetectionWriter renderer;
    private final String header;
    private final long maxBufferChars;
    private final List<Row> rows = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    /** Every run file created, merged ones and a partial one included, to delete at the end. */
    private final List<Path> written = new ArrayList<>();
    private int created;
    private Path dir;
    private long chars;
    private long seq;

    /**
     * @param rendering the format's writer on the buffer it is given; what it writes before the first alert
     *                  (the CSV header) is written to {@code out} at once
     * @param header    written before the first row, when there is one (the table's header), or null
     */
    SortingWriter(Writer out, Rendering rendering, String header, long maxBufferChars) throws IOException {
        this.out = out;
        this.renderer = rendering.on(buffer);
        this.header = header;
        this.maxBufferChars = maxBufferChars;
        String before = take();
        if (!before.isEmpty()) {
            out.write(before);
            DetectionWriter.flush(out);
        }
    }

    /** The format's writer on a given {@link Writer}. */
    interface Rendering {
        DetectionWriter on(Writer w) throws IOException;
    }

    private record Row(Instant time, long seq, String text) {
    }

    private String take() {
        StringBuffer b = buffer.getBuffer();
        String s = b.toString();
        b.setLength(0);
        return s;
    }

    @Override
    public void write(Alert alert) throws IOException {
        renderer.write(alert);
        keep(alert.timestamp());
    }

    /** A fold, in the place of its first detection. */
    @Override
    public void write(Fold fold) throws IOException {
        renderer.write(fold);
        keep(fold.first().timestamp());
    }

    /** Keeps what the renderer just wrote as the row of {@code time}, and spills the rows beyond the bound. */
    private void keep(Instant time) throws IOException {
        String text = take();
        rows.add(new Row(time, seq++, text));
        chars += text.length() + 32;
        if (chars > maxBufferChars) {
            spill();
        }
    }

    /** How many runs went to disk so far. */
    int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        rows.sort(ORDER);
        Path run = newRun();
        try (DataOutputStream o = open(run)) {
            for (Row r : rows) {
                write(o, r);
            }
        }
        runs.add(run);
        rows.clear();
        chars = 0;
    }

    /** A new run file's path, registered for deletion before anything is written to it. */
    private Path newRun() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("vigil-sort");
            dir.toFile().deleteOnExit();
        }
        Path run = dir.resolve("run-" + created++);
        written.add(run);
        run.toFile().deleteOnExit();
        return run;
    }

    private static DataOutputStream open(Path run) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16));
    }

    private static void write(DataOutputStream o, Row r) throws IOException {
        o.writeBoolean(r.time != null);
        if (r.time != null) {
            o.writeLong(r.time.getEpochSecond());
            o.writeInt(r.time.getNano());
        }
        o.writeLong(r.seq);
        byte[] b = r.text.getBytes(StandardCharsets.UTF_8);
        o.writeInt(b.length);
        o.write(b);
    }

    /** A run being merged: its next row. */
    private static final class RunReader {
        final DataInputStream in;
        Row next;

        RunReader(Path file) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            advance();
        }

        void advance() throws IOException {
            boolean timed;
            try {
                timed = in.readBoolean();
            } catch (EOFException e) {
                next = null;
                in.close();
                return;
            }
            Instant time = timed ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
            long seq = in.readLong();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            next = new Row(time, seq, new String(b, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            renderer.finish();
            String trailing = take();
            if (runs.isEmpty()) {
                rows.sort(ORDER);
                writeHeader(!rows.isEmpty());
                for (Row r : rows) {
                    out.write(r.text);
                }
            } else {
                spill();
                writeHeader(true);
                merge();
            }
            out.write(trailing);
            DetectionWriter.flush(out);
        } finally {
            rows.clear();
            deleteRuns();
        }
    }

    private void writeHeader(boolean anyRow) throws IOException {
        if (anyRow && header != null) {
            out.write(header);
        }
    }

    /**
     * Merges the runs into {@code out}, at most {@link #MAX_MERGE_RUNS} at a time: while there are more, the
     * first ones are merged into one longer run, so memory and open files stay bounded whatever the number of
     * runs.
     */
    private void merge() throws IOException {
        while (runs.size() > MAX_MERGE_RUNS) {
            List<Path> batch = new ArrayList<>(runs.subList(0, MAX_MERGE_RUNS));
            Path merged = newRun();
            try (DataOutputStream o = open(merged)) {
                merge(batch, r -> write(o, r));
            }
            runs.subList(0, MAX_MERGE_RUNS).clear();
            runs.add(merged);
            for (Path p : batch) {
                Files.deleteIfExists(p);
            }
        }
        merge(runs, r -> out.write(r.text));
    }

    private interface RowSink {
        void accept(Row row) throws IOException;
    }

    private static void merge(List<Path> files, RowSink sink) throws IOException {
        PriorityQueue<RunReader> queue = new PriorityQueue<>(Comparator.comparing((RunReader r) -> r.next, ORDER));
        List<RunReader> open = new ArrayList<>();
        try {
            for (Path run : files) {
                RunReader r = new RunReader(run);
                open.add(r);
                if (r.next != null) {
                    queue.add(r);
                }
            }
            while (!queue.isEmpty()) {
                RunReader r = queue.poll();
                sink.accept(r.next);
                r.advance();
                if (r.next != null) {
                    queue.add(r);
                }
            }
        } finally {
            for (RunReader r : open) {
                r.in.close();
            }
        }
    }

    /**
     * Deletes every run file written (a partial one of a failed spill too) and the folder; a failure to delete
     * is left to {@code deleteOnExit} rather than hiding the error that brought us here.
     */
    private void deleteRuns() {
        for (Path run : written) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                // deleted on exit
            }
        }
        written.clear();
        runs.clear();
        if (dir != null) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // deleted on exit
            }
            dir = null;
        }
    }
}
