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
 * the file's size. With more than one thread, the chunks ahead are parsed in parallel (at most
 * {@link #CHUNKS_AHEAD_PER_THREAD} per thread in memory) and their events handed out in file order.
 *
 * <p>Damage costs only what it touches: a header checksum that does not match, a file marked dirty, a
 * chunk with a bad signature or checksums, a record with a bad size or binary XML are each reported as a
 * {@link Problem} naming the file, chunk and record, and every chunk of the file is read, whatever the
 * header counts (a dirty header's counts are stale).
 */
final class EvtxReader {

    /** The signature every .evtx file starts with: {@code ElfFile\0}. */
    static final byte[] MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
    static final int FILE_HEADER_SIZE = 4096;
    /** How many chunks per thread are read ahead of the one being handed out, when chunks are parsed in parallel. */
    static final int CHUNKS_AHEAD_PER_THREAD = 2;
    private static final int FLAG_DIRTY = 1;

    private final InputStream in;
    private final String origin;
    private final ReadLimits limits;
    private final EventTime time;
    private final Consumer<Problem> problems;
    private final ExecutorService pool;
    private final int ahead;
    private final ArrayDeque<Future<EvtxChunk.Result>> inFlight = new ArrayDeque<>();

    private boolean headerRead;
    private boolean endOfFile;
    private int chunkNumber;
    private long fileOffset;
    private List<Event> current = List.of();
    private int next;
    private long skipped;
    private long chunks;
    private long bytes;

    EvtxReader(InputStream in, String origin, ReadLimits limits, EventTime time, int threads, Consumer<Problem> problems) {
        this.in = in;
        this.origin = origin;
        this.limits = limits;
        this.time = time;
        this.problems = problems;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vigil-evtx");
            t.setDaemon(true);
            return t;
        }) : null;
        this.ahead = threads * CHUNKS_AHEAD_PER_THREAD;
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
        while (next >= current.size()) {
            EvtxChunk.Result result = nextChunk();
            if (result == null) {
                return null;
            }
            result.problems().forEach(problems);
            skipped += result.skipped();
            current = result.events();
            next = 0;
        }
        return current.get(next++);
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

    private EvtxChunk.Result nextChunk() throws IOException {
        if (pool == null) {
            byte[] chunk;
            while ((chunk = readChunk()) != null) {
                int number = chunkNumber++;
                long offset = fileOffset - EvtxChunk.SIZE;
                if (!EvtxChunk.unused(chunk)) {
                    return EvtxChunk.parse(chunk, number, offset, origin, limits, time);
                }
            }
            return null;
        }
        while (inFlight.size() < ahead) {
            byte[] chunk = readChunk();
            if (chunk == null) {
                break;
            }
            int number = chunkNumber++;
            long offset = fileOffset - EvtxChunk.SIZE;
            if (!EvtxChunk.unused(chunk)) {
                inFlight.add(pool.submit(() -> EvtxChunk.parse(chunk, number, offset, origin, limits, time)));
            }
        }
        Future<EvtxChunk.Result> head = inFlight.poll();
        if (head == null) {
            return null;
        }
        try {
            return head.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing chunks", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot parse a chunk: " + e.getCause(), e.getCause());
        }
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
