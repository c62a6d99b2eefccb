package dev.vigil.core.event.read;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Reads the events of a Windows .evtx file ([MS-EVEN6]; libevtx's "Windows XML Event Log (EVTX) format")
 * as a stream: the 4 KiB file header, then one 64 KiB chunk at a time, so memory stays constant whatever
 * the file's size. With one thread, each event is handed out as soon as its record is parsed: one event is
 * held at a time. With more (at most {@link #MAX_THREADS}), the chunks ahead are parsed in parallel (at most
 * {@link #CHUNKS_AHEAD_PER_THREAD} per thread in flight) and their events handed out in file order.
 *
 * <p>Memory is bounded whatever the content: each record by its {@link ReadLimits} (elements, attributes and
 * values at every level, templates expanded, at most {@code maxFieldsPerRecord}; its JSON form at most
 * {@code maxRecordBytes}); the events parsed ahead by {@link #READ_AHEAD_BUDGET}, shared out among the chunks in
 * flight: a chunk parsed ahead keeps its events only up to its share, and the rest of its records are read one
 * at a time when its turn comes, with the same result as with one thread (no record is skipped for the budget).
 * So with one thread the reader holds one chunk (64 KiB), its cached templates ({@link
 * BinXml#MAX_CACHED_TEMPLATE_NODES}) and one event; with n threads, 2n chunks and at most the read-ahead budget of
 * events besides.
 *
 * <p>Damage costs only what it touches: a header checksum that does not match, a file marked dirty, a
 * chunk with a bad signature or checksums, a record with a bad size or binary XML are each reported as a
 * {@link Problem} naming the file, chunk and record, and every chunk of the file is read, whatever the
 * header counts (a dirty header's counts are stale). Signs of editing (record identifiers that jump, a record
 * hidden inside another) are warnings ({@link EvtxChunk}).
 */
final class EvtxReader {

    /** The signature every .evtx file starts with: {@code ElfFile\0}. */
    static final byte[] MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
    static final int FILE_HEADER_SIZE = 4096;
    /** How many chunks per thread are read ahead of the one being handed out, when chunks are parsed in parallel. */
    static final int CHUNKS_AHEAD_PER_THREAD = 2;
    /**
     * The most threads that parse one file's chunks: a higher setting is taken as this many (each thread gives at
     * most one chunk at a time, and each chunk in flight holds its share of {@link #READ_AHEAD_BUDGET}).
     */
    static final int MAX_THREADS = 64;
    /**
     * How much the events parsed ahead of their turn may expand to, all chunks in flight together, in the units
     * of a record's JSON form (its names' and texts' characters, and {@value EvtxJson#VALUE_WEIGHT} per value):
     * 16 Mi units, about 64 MiB of heap (real events take about 4 bytes per unit); lowered to
     * {@link Runtime#maxMemory()} / {@link #HEAP_SHARE_READ_AHEAD} units (about a sixteenth of the heap) where
     * that is less. The chunks in flight share it equally; real chunks expand to at most about 130 Ki units.
     */
    static final long READ_AHEAD_BUDGET = 16L << 20;
    /** The heap's part that {@link #READ_AHEAD_BUDGET} is lowered to: max heap / 64 units, about 1/16 of the heap. */
    static final int HEAP_SHARE_READ_AHEAD = 64;
    private static final int FLAG_DIRTY = 1;

    private final InputStream in;
    private final String origin;
    private final ReadLimits limits;
    private final EventTime time;
    private final Consumer<Problem> problems;
    private final ExecutorService pool;
    private final int ahead;
    private final long chunkBudget;
    private final ArrayDeque<Future<EvtxChunk.Result>> inFlight = new ArrayDeque<>();

    private boolean headerRead;
    private boolean endOfFile;
    private int chunkNumber;
    private long fileOffset;
    /** The events of a chunk parsed ahead, being handed out. */
    private List<Event> current = List.of();
    private int next;
    /** The chunk whose records are being read one at a time, or null. */
    private EvtxChunk reading;
    private long skipped;
    private long chunks;
    private long bytes;

    /**
     * @param threads how many threads parse chunks; 1 for the calling thread alone, at most {@link #MAX_THREADS}
     *     (more is taken as that)
     */
    EvtxReader(InputStream in, String origin, ReadLimits limits, EventTime time, int threads, Consumer<Problem> problems) {
        this.in = in;
        this.origin = origin;
        this.limits = limits;
        this.time = time;
        this.problems = problems;
        int n = Math.max(1, Math.min(threads, MAX_THREADS));
        this.pool = n > 1 ? Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "vigil-evtx");
            t.setDaemon(true);
            return t;
        }) : null;
        this.ahead = (int) Math.min((long) n * CHUNKS_AHEAD_PER_THREAD, (long) MAX_THREADS * CHUNKS_AHEAD_PER_THREAD);
        this.chunkBudget = Math.min(READ_AHEAD_BUDGET, Runtime.getRuntime().maxMemory() / HEAP_SHARE_READ_AHEAD) / ahead;
    }

    static boolean isEvtx(byte[] start, int length) {
        return length >= MAGIC.length && Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Records skipped so far (bad size or binary XML). */
    long skipped() {
        return skipped;
    }

    /** Chunks read so far, and bytes. */
    long chunks() {
        return chunks;
    }

    long bytes() {
        return bytes;
    }

    /**
     * The next event, or null at the end of the file.
     *
     * @throws IOException when the file cannot be read any further
     */
    Event next() throws IOException {
        if (!headerRead) {
            headerRead = true;
            if (!header()) {
                return null;
            }
        }
        while (true) {
            if (next < current.size()) {
                Event e = current.get(next);
                current.set(next++, null); // handed out: not kept
                return e;
            }
            if (reading != null) {
                Event e = reading.next(Long.MAX_VALUE);
                reading.takeProblems().forEach(problems);
                skipped += reading.takeSkipped();
                if (e != null) {
                    return e;
                }
                reading = null;
                continue;
            }
            if (!nextChunk()) {
                return null;
            }
        }
    }

    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private boolean header() throws IOException {
        byte[] header = in.readNBytes(FILE_HEADER_SIZE);
        bytes += header.length;
        fileOffset = header.length;
        if (header.length < 128) {
            problems.accept(Problem.error(SourcePosition.of(origin, 0), "file header cut short at " + header.length
                    + " bytes; no chunk to read"));
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(header, 0, 120);
        if ((int) crc.getValue() != EvtxValues.i32(header, 124)) {
            problems.accept(Problem.warning(SourcePosition.of(origin, 0),
                    "file header checksum does not match; every chunk is read all the same"));
        }
        if ((EvtxValues.i32(header, 120) & FLAG_DIRTY) != 0) {
            problems.accept(Problem.warning(SourcePosition.of(origin, 0), "file marked dirty (not closed cleanly; its "
                    + "header says " + EvtxValues.u16(header, 42) + " chunks): every chunk in the file is read"));
        }
        int major = EvtxValues.u16(header, 38);
        if (major != 3) {
            problems.accept(Problem.warning(SourcePosition.of(origin, 0), "format version " + major + "."
                    + EvtxValues.u16(header, 36) + " (expected 3.x); read as 3.x"));
        }
        if (header.length < FILE_HEADER_SIZE) {
            endOfFile = true;
        }
        return true;
    }

    /** Moves on to the next chunk: its events parsed ahead, or the chunk to read one record at a time. */
    private boolean nextChunk() throws IOException {
        if (pool == null) {
            byte[] chunk;
            while ((chunk = readChunk()) != null) {
                int number = chunkNumber++;
                long offset = fileOffset - EvtxChunk.SIZE;
                if (!EvtxChunk.unused(chunk)) {
                    reading = EvtxChunk.open(chunk, number, offset, origin, limits, time);
                    return true;
                }
            }
            return false;
        }
        while (inFlight.size() < ahead) {
            byte[] chunk = readChunk();
            if (chunk == null) {
                break;
            }
            int number = chunkNumber++;
            long offset = fileOffset - EvtxChunk.SIZE;
            if (!EvtxChunk.unused(chunk)) {
                inFlight.add(pool.submit(() -> EvtxChunk.parseAhead(chunk, number, offset, origin, limits, time, chunkBudget)));
            }
        }
        Future<EvtxChunk.Result> head = inFlight.poll();
        if (head == null) {
            return false;
        }
        EvtxChunk.Result result;
        try {
            result = head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing chunks", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot parse a chunk: " + e.getCause(), e.getCause());
        }
        result.problems().forEach(problems);
        skipped += result.skipped();
        current = result.events();
        next = 0;
        reading = result.rest();
        return true;
    }

    /** The next 64 KiB chunk, zero-padded where the file ends inside it (said as a problem); null at the end. */
    private byte[] readChunk() throws IOException {
        if (endOfFile) {
            return null;
        }
        byte[] chunk = in.readNBytes(EvtxChunk.SIZE);
        bytes += chunk.length;
        fileOffset += EvtxChunk.SIZE;
        if (chunk.length == EvtxChunk.SIZE) {
            chunks++;
            return chunk;
        }
        endOfFile = true;
        if (chunk.length == 0) {
            return null;
        }
        byte[] padded = Arrays.copyOf(chunk, EvtxChunk.SIZE);
        if (EvtxChunk.unused(padded)) {
            return null;
        }
        problems.accept(Problem.warning(SourcePosition.of(origin, 0), "the file ends " + chunk.length
                + " bytes into chunk " + chunkNumber + "; its records up to there are read"));
        chunks++;
        return padded;
    }
}
