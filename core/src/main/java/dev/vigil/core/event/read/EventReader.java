package dev.vigil.core.event.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads events from a Windows .evtx file or a file or stream of JSON records, one at a time, in constant memory.
 *
 * <p>The format is recognized by its content, with no flag: a Windows .evtx file (read natively, each record
 * in the shape {@code evtx_dump} prints it as JSON, each event's line being its record identifier; damaged
 * headers, chunks and records are reported and the rest read); JSON Lines; one JSON array of objects,
 * compact or pretty-printed; concatenated pretty-printed objects as {@code evtx_dump} prints them,
 * its {@code Record N} lines included; any of these gzip-compressed (one or more gzip members), in
 * UTF-8 with or without a byte order mark, or in UTF-16 or UTF-32. Each event carries the file and the
 * line its record starts on, and its time as the configured {@link EventTime} finds it.
 *
 * <p>A key given more than once in one object ({@code {"user":"alice","user":"admin"}}) holds all its
 * values, in order, as a list, so that a rule on any of them matches as it would on an array; the record
 * is read and a warning names the key. No value an analyst would see in the file is hidden from rules.
 *
 * <p>Bad content never throws: a malformed record, or a top-level value that is not an object, is
 * reported as a {@link Problem} naming the file, line and column, and skipped, and reading goes on
 * with the next record. An input that cannot be read any further is reported the same way, ending the
 * input. Logs are big and often dirty, and one bad line should cost one event, not the run.
 *
 * <pre>{@code
 * try (EventReader reader = EventReader.builder().open(path)) {
 *     for (Event event : reader) { ... }
 *     reader.problems().forEach(System.err::println);
 * }
 * }</pre>
 *
 * <p>A reader is iterated once, by one thread. Iterating to the end closes the input.
 */
public final class EventReader implements Iterable<Event>, Closeable {

    /** How many problems a reader, or one {@link Builder#readAll} run, keeps for {@link #problems()}. */
    public static final int MAX_KEPT_PROBLEMS = 10_000;

    private static final int MAX_KEYS_NAMED = 5;
    private static final int MAX_KEY_SHOWN = 60;

    /** The warning for a folder in which no file has an event file's name. */
    private static final String NO_EVENT_FILES =
            "no event files (looked for *.evtx, and *.json, *.jsonl, *.ndjson, *.log, optionally .gz)";

    private static final Set<String> FOLDER_SUFFIXES = Set.of(
            ".evtx", ".json", ".jsonl", ".ndjson", ".log",
            ".json.gz", ".jsonl.gz", ".ndjson.gz", ".log.gz");

    private RecordSplitter splitter;
    /** The reader of a Windows .evtx file, or null for JSON; known once the input's first bytes are seen. */
    private EvtxReader evtx;
    private final int threads;
    private final JsonRecords records;
    private final ReadLimits limits;
    /** {@link ReadLimits#maxRecordBytes()}, or an eighth of the heap where that is less. */
    private final int maxRecordBytes;
    private final InputStream in;
    private final String origin;
    private final EventTime eventTime;
    private final ProblemLog problems;

    private boolean iterated;
    private boolean closed;
    private Event pending;
    private long events;
    private long skipped;
    /** Whether reading stopped before the end of the input, on an error. */
    private boolean cutShort;

    private EventReader(InputStream in, String origin, EventTime eventTime, ReadLimits limits, int threads,
            ProblemLog problems) {
        this.in = new PushbackInputStream(in, EvtxReader.MAGIC.length);
        this.limits = limits;
        this.threads = threads;
        this.maxRecordBytes = (int) Math.min(limits.maxRecordBytes(),
                Runtime.getRuntime().maxMemory() / ReadLimits.HEAP_SHARE_PER_RECORD);
        this.records = new JsonRecords(limits);
        this.origin = origin;
        this.eventTime = eventTime;
        this.problems = problems;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The events, in input order. Can be called once.
     *
     * @throws IllegalStateException when called a second time
     */
    @Override
    public Iterator<Event> iterator() {
        if (iterated) {
            throw new IllegalStateException("an EventReader can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pending != null || advance();
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Event e = pending;
                pending = null;
                return e;
            }
        };
    }

    /** Events read so far. */
    public long eventsRead() {
        return events;
    }

    /** Records and values skipped so far because they were malformed or not objects. */
    public long recordsSkipped() {
        return evtx == null ? skipped : skipped + evtx.skipped();
    }

    /** The problems found so far, in order; at most the first {@link #MAX_KEPT_PROBLEMS}. */
    public List<Problem> problems() {
        return problems.kept();
    }

    /** Closes the input; further iteration ends. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (evtx != null) {
            evtx.close();
        }
        try (in) {
            if (splitter != null) {
                splitter.close();
            }
        } catch (IOException ignored) {
            // nothing was lost: we have read what we are going to read
        }
    }

    private boolean advance() {
        if (splitter == null && evtx == null && !closed && !start()) {
            return false;
        }
        if (evtx != null) {
            return advanceEvtx();
        }
        while (!closed) {
            try {
                if (!splitter.next()) {
                    close();
                    return false;
                }
            } catch (IOException e) {
                if (splitter.inValue()) {
                    skipped++;
                }
                cutShort = true;
                report(SourcePosition.of(origin, splitter.currentLine()), "cannot read further: " + describe(e));
                close();
                return false;
            }
            switch (splitter.kind()) {
                case OBJECT -> {
                    Map<String, Object> fields = parse();
                    if (fields != null) {
                        events++;
                        pending = Event.of(fields, position(), eventTime);
                        return true;
                    }
                }
                case NOT_OBJECT -> skip(SourcePosition.of(origin, splitter.line(), splitter.column()),
                        "expected a JSON object, found: " + splitter.snippet());
                case TOO_LARGE -> skip(SourcePosition.of(origin, splitter.line(), splitter.column()),
                        "record larger than " + size(maxRecordBytes) + " (ReadLimits.maxRecordBytes"
                                + (maxRecordBytes < limits.maxRecordBytes()
                                        ? ", lowered to an eighth of the " + size(Runtime.getRuntime().maxMemory())
                                                + " heap)" : ")"));
                case TOO_DEEP -> skip(SourcePosition.of(origin, splitter.line(), splitter.column()),
                        JsonRecords.tooDeep(limits));
            }
        }
        return false;
    }

    /** Sees whether the input is an .evtx file or JSON, by its first bytes; false where it cannot be read at all. */
    private boolean start() {
        PushbackInputStream peek = (PushbackInputStream) in;
        try {
            byte[] start = peek.readNBytes(EvtxReader.MAGIC.length);
            peek.unread(start);
            if (EvtxReader.isEvtx(start, start.length)) {
                // a record's JSON form is held to the same heap-lowered maxRecordBytes as a JSON record
                ReadLimits evtxLimits = maxRecordBytes == limits.maxRecordBytes() ? limits
                        : limits.toBuilder().maxRecordBytes(maxRecordBytes).build();
                evtx = new EvtxReader(peek, origin, evtxLimits, eventTime, threads, problems::add);
                return true;
            }
        } catch (IOException e) {
            cutShort = true;
            report(SourcePosition.of(origin, 0), "cannot read: " + describe(e));
            close();
            return false;
        }
        splitter = new RecordSplitter(in, RecordSplitter.BUFFER_SIZE, maxRecordBytes, limits.maxDepth());
        return true;
    }

    private boolean advanceEvtx() {
        if (closed) {
            return false;
        }
        try {
            Event e = evtx.next();
            if (e != null) {
                events++;
                pending = e;
                return true;
            }
        } catch (IOException e) {
            cutShort = true;
            report(SourcePosition.of(origin, 0), "cannot read further: " + describe(e));
        }
        close();
        return false;
    }

    /**
     * Where the record starts: file and line, and the column where the record does not start its line
     * (records of a JSON array on one line, concatenated objects), so that records sharing a line are
     * told apart.
     */
    private SourcePosition position() {
        int column = splitter.column();
        return column > 1 ? SourcePosition.of(origin, splitter.line(), column) : SourcePosition.of(origin, splitter.line());
    }

    private Map<String, Object> parse() {
        int line = splitter.line();
        int column = splitter.column();
        try {
            Map<String, Object> fields = records.parseObject(splitter.bytes(), splitter.offset(), splitter.length());
            if (splitter.complete()) {
                if (!records.duplicateKeys().isEmpty()) {
                    problems.add(Problem.warning(position(), duplicateKeys(records.duplicateKeys())));
                }
                return fields;
            }
            skip(SourcePosition.of(origin, line, column), "malformed record");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String reason = records.reason(e);
            if (at != null && at.getLineNr() > 0) {
                int errorLine = line + at.getLineNr() - 1;
                int errorColumn = at.getLineNr() == 1 ? column + Math.max(at.getColumnNr(), 1) - 1 : at.getColumnNr();
                if (errorLine != line) {
                    reason += " (in the record starting at line " + line + ")";
                }
                skip(SourcePosition.of(origin, errorLine, Math.max(errorColumn, 0)), reason);
            } else {
                skip(SourcePosition.of(origin, line, column), reason);
            }
        } catch (IOException e) {
            skip(SourcePosition.of(origin, line, column), describe(e));
        } catch (RuntimeException e) {
            // the parser's own state checks (such as its symbol table refusing a flood of colliding names)
            // are about this record; it costs that record, not the run
            skip(SourcePosition.of(origin, line, column), "cannot parse: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
        }
        return null;
    }

    /** {@code duplicate key 'user': all its values kept, as a list}, the keys shortened. */
    private static String duplicateKeys(Set<String> keys) {
        StringBuilder sb = new StringBuilder(keys.size() == 1 ? "duplicate key " : "duplicate keys ");
        int n = 0;
        for (String key : keys) {
            if (n == MAX_KEYS_NAMED) {
                sb.append(", ... (").append(keys.size()).append(" in all)");
                break;
            }
            sb.append(n++ == 0 ? "'" : ", '")
                    .append(key.length() > MAX_KEY_SHOWN ? key.substring(0, MAX_KEY_SHOWN) + "..." : key).append('\'');
        }
        return sb.append(keys.size() == 1 ? ": all its values kept, as a list" : ": all their values kept, as lists")
                .toString();
    }

    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    private void skip(SourcePosition where, String message) {
        skipped++;
        report(where, message);
    }

    private void report(SourcePosition where, String message) {
        problems.add(Problem.error(where, message));
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }

    /** Problems seen: all of them go to the consumer, the first {@link #MAX_KEPT_PROBLEMS} are kept. */
    private static final class ProblemLog {
        private final List<Problem> kept = new ArrayList<>();
        private final Consumer<? super Problem> consumer;
        private final ProblemLog parent;

        ProblemLog(Consumer<? super Problem> consumer, ProblemLog parent) {
            this.consumer = consumer;
            this.parent = parent;
        }

        void add(Problem p) {
            if (kept.size() < MAX_KEPT_PROBLEMS) {
                kept.add(p);
            }
            if (parent != null) {
                parent.add(p);
            } else {
                consumer.accept(p);
            }
        }

        List<Problem> kept() {
            return List.copyOf(kept);
        }
    }

    /** Configures and opens {@link EventReader}s; reusable. */
    /** Counts the bytes read from a file into its {@link ReadProgress}. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final ReadProgress progress;

        CountingInputStream(InputStream in, ReadProgress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.read(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                progress.read(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            progress.read(skipped);
            return skipped;
        }
    }

    public static final class Builder {
        private EventTime eventTime = EventTime.defaults();
        private Consumer<? super Problem> onProblem = p -> { };
        private ReadLimits limits = ReadLimits.defaults();
        private int threads = 1;
        private ReadProgress progress;
        private java.util.function.BooleanSupplier stopWhen = () -> false;

        private Builder() {
        }

        /**
         * Asked after each event {@link #readAll} gives and before each file it opens: once true, reading stops
         * there (the file being read is closed, no further file is opened) and the counts so far are returned.
         * For a search that needs only its first matches.
         */
        public Builder stopWhen(java.util.function.BooleanSupplier done) {
            this.stopWhen = Objects.requireNonNull(done, "done");
            return this;
        }

        /** Where {@link #readAll} keeps its progress up to date as it goes, for a display on another thread. */
        public Builder progress(ReadProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * How many threads parse the chunks of an .evtx file at once (1 unless set: the calling thread alone);
         * events come in file order whatever the number. At most 64 ({@code EvtxReader.MAX_THREADS}) are used per
         * file: a higher number is taken as 64 (each thread parses one 64 KiB chunk at a time, and the chunks in
         * flight share one read-ahead budget). JSON input is read by the calling thread.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** How each event's time is found; {@link EventTime#defaults()} unless set. */
        public Builder eventTime(EventTime eventTime) {
            this.eventTime = Objects.requireNonNull(eventTime, "eventTime");
            return this;
        }

        /** The limits each record is held to; {@link ReadLimits#defaults()} unless set. */
        public Builder limits(ReadLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Also called with each problem as it is found, e.g. to log it; problems are collected either way. */
        public Builder onProblem(Consumer<? super Problem> onProblem) {
            this.onProblem = Objects.requireNonNull(onProblem, "onProblem");
            return this;
        }

        /**
         * A reader of {@code file}, whose events and problems name it as given.
         *
         * @throws IOException only when the file cannot be opened at all; read errors become problems
         */
        public EventReader open(Path file) throws IOException {
            if (Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "is a folder");
            }
            return new EventReader(Files.newInputStream(file), file.toString(), eventTime, limits,
                    threads, new ProblemLog(onProblem, null));
        }

        /** A reader of {@code in}, closed with the reader; {@code origin} names it in events and problems. */
        public EventReader open(InputStream in, String origin) {
            return new EventReader(Objects.requireNonNull(in, "in"), origin, eventTime, limits,
                    threads, new ProblemLog(onProblem, null));
        }

        /**
         * Reads every event of {@code paths} into {@code sink}. A folder contributes its files named
         * {@code *.evtx}, and {@code *.json}, {@code *.jsonl}, {@code *.ndjson} or {@code *.log}, each possibly
         * {@code .gz},
         * found recursively and read in sorted path order; a file named explicitly is read whatever its
         * name. Paths are taken in the order given, and a file reached twice (by two paths, or through a
         * link) is read once, under the first name it was reached by.
         *
         * <p>In a folder, links to files are followed and links to folders are not (so no loop, and no
         * reading outside the folder by surprise): each such link is reported as a warning. A link that
         * leads nowhere or to itself, a path that cannot be listed or opened, and a file whose reading
         * stops before its end are reported as errors, the other paths still read, and counted in
         * {@link ReadStats#inputsFailed()}.
         *
         * <p>An input that gives no event is also reported, as a warning: a folder with no file of those
         * names ({@code no event files (looked for ...)}), a file with no record ({@code no records}), a
         * file none of whose records could be read ({@code no event could be read (N records skipped)}).
         * {@link ReadStats#filesWithoutEvents()} counts the files.
         */
        public ReadStats readAll(Collection<Path> paths, Consumer<? super Event> sink) {
            Objects.requireNonNull(sink, "sink");
            ProblemLog all = new ProblemLog(onProblem, null);
            Inputs inputs = new Inputs(all);
            for (Path path : paths) {
                inputs.collect(path);
            }
            long read = 0;
            long withoutEvents = 0;
            long events = 0;
            long skipped = 0;
            ReadProgress p = progress == null ? new ReadProgress() : progress;
            long totalBytes = 0;
            for (Path file : inputs.files.values()) {
                try {
                    totalBytes += Files.isRegularFile(file) ? Files.size(file) : 0;
                } catch (IOException e) {
                    // opening it says what is wrong
                }
            }
            p.listed(inputs.files.size(), totalBytes);
            for (Path file : inputs.files.values()) {
                if (stopWhen.getAsBoolean()) {
                    break;
                }
                EventReader reader;
                p.reading(file.toString());
                try {
                    if (Files.isDirectory(file)) {
                        throw new FileSystemException(file.toString(), null, "is a folder");
                    }
                    reader = new EventReader(new CountingInputStream(Files.newInputStream(file), p), file.toString(),
                            eventTime, limits, threads, new ProblemLog(onProblem, all));
                } catch (IOException e) {
                    inputs.failed(file, "cannot open: " + describe(e));
                    p.fileDone();
                    continue;
                }
                try (reader) {
                    for (Event event : reader) {
                        p.event();
                        sink.accept(event);
                        if (stopWhen.getAsBoolean()) {
                            break;
                        }
                    }
                }
                p.fileDone();
                read++;
                events += reader.eventsRead();
                skipped += reader.recordsSkipped();
                if (reader.cutShort) {
                    inputs.failed++;
                }
                if (reader.eventsRead() == 0) {
                    withoutEvents++;
                    all.add(Problem.warning(SourcePosition.of(file.toString(), 0), noEvent(reader)));
                }
            }
            return new ReadStats(read, withoutEvents, inputs.failed, events, skipped, all.kept());
        }

        /** Why a file gave no event: it had no record at all, or none could be read. */
        private static String noEvent(EventReader reader) {
            if (reader.problems().isEmpty()) {
                return "no records";
            }
            long n = reader.recordsSkipped();
            return n == 0 ? "no event could be read"
                    : "no event could be read (" + n + (n == 1 ? " record" : " records") + " skipped)";
        }

        /** The files a {@link #readAll} run reads, each once, and the inputs that failed before opening. */
        private static final class Inputs {
            /** The file to read by its real path, under the name first reached by. */
            final Map<Path, Path> files = new LinkedHashMap<>();
            final ProblemLog problems;
            long failed;

            Inputs(ProblemLog problems) {
                this.problems = problems;
            }

            void failed(Path path, String message) {
                failed++;
                problems.add(Problem.error(SourcePosition.of(path.toString(), 0), message));
            }

            void add(Path file) {
                Path shown = file.normalize();
                Path real;
                try {
                    real = file.toRealPath();
                } catch (IOException e) {
                    real = shown; // opening it says what is wrong
                }
                files.putIfAbsent(real, shown);
            }

            void collect(Path path) {
                if (!Files.isDirectory(path)) {
                    add(path);
                    return;
                }
                List<Path> found = new ArrayList<>();
                long failedBefore = failed;
                try {
                    Files.walkFileTree(path, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                            new SimpleFileVisitor<>() {
                                @Override
                                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                    if (attrs.isSymbolicLink()) {
                                        link(file, found);
                                    } else if (attrs.isRegularFile() && isEventFileName(file)) {
                                        found.add(file);
                                    }
                                    return FileVisitResult.CONTINUE;
                                }

                                @Override
                                public FileVisitResult visitFileFailed(Path file, IOException e) {
                                    failed(file, "cannot list: " + describe(e));
                                    return FileVisitResult.CONTINUE;
                                }

                                @Override
                                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                                    if (e != null) {
                                        failed(dir, "cannot list: " + describe(e));
                                    }
                                    return FileVisitResult.CONTINUE;
                                }
                            });
                } catch (IOException e) {
                    failed(path, "cannot list: " + describe(e));
                }
                if (found.isEmpty() && failed == failedBefore) {
                    problems.add(Problem.warning(SourcePosition.of(path.toString(), 0), NO_EVENT_FILES));
                }
                found.sort(null);
                found.forEach(this::add);
            }

            /** A link met in a folder: to a file, read; to a folder, said and not followed; to nothing, an error. */
            private void link(Path link, List<Path> found) {
                if (Files.isDirectory(link)) {
                    problems.add(Problem.warning(SourcePosition.of(link.toString(), 0),
                            "link to a folder, not followed"));
                } else if (isEventFileName(link)) {
                    if (Files.exists(link)) {
                        found.add(link);
                    } else {
                        failed(link, "cannot open: " + brokenLink(link));
                    }
                }
            }

            private static String brokenLink(Path link) {
                try {
                    link.toRealPath();
                    return "no such file";
                } catch (NoSuchFileException e) {
                    return "broken link";
                } catch (IOException e) {
                    return e instanceof FileSystemException f && f.getReason() != null
                            && f.getReason().contains("symbolic links") ? "link loop" : describe(e);
                }
            }
        }

        private static boolean isEventFileName(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.endsWith(".gz") ? name.lastIndexOf('.', name.length() - 4) : name.lastIndexOf('.');
            return dot > 0 && FOLDER_SUFFIXES.contains(name.substring(dot));
        }
    }
}
