package dev.vigil.core.event.read;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One 64 KiB chunk of an .evtx file ([MS-EVEN6] 2.2.2 "Chunk", libevtx's "Windows XML Event Log format"
 * 3 and 4): its header, checked (signature, header and records checksums), and its event records, each
 * parsed on its own so that one bad record costs that record. A chunk is parsed independently of every
 * other (names and templates are chunk-relative), which is what lets chunks be parsed in parallel.
 */
final class EvtxChunk {

    static final int SIZE = 0x10000;
    static final int HEADER_SIZE = 512;
    static final int RECORD_HEADER_SIZE = 24;
    /** The signature every chunk starts with: {@code ElfChnk\0}. */
    private static final byte[] MAGIC = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};
    /** The signature every record starts with: {@code **\0\0}. */
    private static final int RECORD_MAGIC = 0x00002a2a;

    /** What one chunk gave: its events in file order, its problems, and the records it had to skip. */
    record Result(List<Event> events, List<Problem> problems, long skipped) {
    }

    private EvtxChunk() {
    }

    /** Whether the block holds nothing: a chunk never written, all zeros. */
    static boolean unused(byte[] chunk) {
        return isZero(chunk, 0, chunk.length);
    }

    /**
     * Parses chunk {@code number} (0-based), read from {@code fileOffset} of {@code origin}.
     *
     * @param chunk exactly {@link #SIZE} bytes
     */
    static Result parse(byte[] chunk, int number, long fileOffset, String origin, ReadLimits limits, EventTime time) {
        List<Problem> problems = new ArrayList<>(0);
        String where = "chunk " + number + " (file offset 0x" + Long.toHexString(fileOffset) + ")";
        for (int i = 0; i < MAGIC.length; i++) {
            if (chunk[i] != MAGIC[i]) {
                problems.add(Problem.error(SourcePosition.of(origin, 0), where
                        + ": not a chunk (bad signature); its records are skipped"));
                return new Result(List.of(), problems, 0);
            }
        }
        long firstId = EvtxValues.i64(chunk, 24);
        long lastId = EvtxValues.i64(chunk, 32);
        long freeSpace = EvtxValues.u32(chunk, 48);
        CRC32 crc = new CRC32();
        crc.update(chunk, 0, 120);
        crc.update(chunk, 128, HEADER_SIZE - 128);
        if ((int) crc.getValue() != EvtxValues.i32(chunk, 124)) {
            problems.add(Problem.warning(SourcePosition.of(origin, 0), where
                    + ": header checksum does not match; its records are read all the same"));
        }
        int dataEnd = freeSpace >= HEADER_SIZE && freeSpace <= SIZE ? (int) freeSpace : SIZE;
        if (dataEnd != freeSpace) {
            problems.add(Problem.warning(SourcePosition.of(origin, 0), where + ": free space offset " + freeSpace
                    + " outside the chunk; records are looked for up to its end"));
        } else {
            crc.reset();
            crc.update(chunk, HEADER_SIZE, dataEnd - HEADER_SIZE);
            if ((int) crc.getValue() != EvtxValues.i32(chunk, 52)) {
                problems.add(Problem.warning(SourcePosition.of(origin, 0), where
                        + ": records checksum does not match; each record is checked as it is read"));
            }
        }
        BinXml binXml = new BinXml(chunk, limits);
        List<Event> events = new ArrayList<>(Math.max(0, (int) Math.min(lastId - firstId + 1, 1024)));
        long skipped = 0;
        long stale = 0;
        boolean resynced = false;
        int at = HEADER_SIZE;
        // past the free space offset lies slack: records of an earlier use of the chunk, not of this log
        while (at + RECORD_HEADER_SIZE + 4 <= dataEnd) {
            if (EvtxValues.i32(chunk, at) != RECORD_MAGIC) {
                if (isZero(chunk, at, Math.min(dataEnd, at + 64))) {
                    break; // the unused rest of the chunk
                }
                int next = nextRecord(chunk, at + 8, dataEnd);
                skipped++;
                problems.add(Problem.error(SourcePosition.of(origin, 0), where + ", offset 0x" + Integer.toHexString(at)
                        + ": no record where one was expected; " + resync(next)));
                if (next < 0) {
                    break;
                }
                resynced = true;
                at = next;
                continue;
            }
            long size = EvtxValues.u32(chunk, at + 4);
            long id = EvtxValues.i64(chunk, at + 8);
            SourcePosition position = SourcePosition.of(origin, line(id));
            String record = where + ", record " + Long.toUnsignedString(id);
            if (resynced && (id < firstId || id > lastId)) {
                // after damage, what follows may be an older generation of records, whose templates are gone
                stale++;
                at += (int) size;
                continue;
            }
            String bad = size < RECORD_HEADER_SIZE + 4 || size > dataEnd - at ? "bad record size " + size
                    : EvtxValues.u32(chunk, (int) (at + size - 4)) != size
                    ? "the size at its end does not match " + size + " (a record cut short, its content unsure)" : null;
            if (bad != null) {
                int next = nextRecord(chunk, at + 8, dataEnd);
                skipped++;
                problems.add(Problem.error(position, record + ": " + bad + "; " + resync(next)));
                if (next < 0) {
                    break;
                }
                resynced = true;
                at = next;
                continue;
            }
            try {
                Map<String, Object> fields = EvtxJson.record(binXml.record(at + RECORD_HEADER_SIZE, (int) (at + size - 4)));
                if (fields == null) {
                    skipped++;
                    problems.add(Problem.error(position, record + ": no element in the record; skipped"));
                } else {
                    events.add(Event.of(fields, position, time));
                }
            } catch (EvtxFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
                skipped++;
                problems.add(Problem.error(position, record + ": " + e.getMessage() + "; skipped"));
            }
            at += (int) size;
        }
        if (stale > 0) {
            problems.add(Problem.warning(SourcePosition.of(origin, 0), where + ": " + stale + (stale == 1 ? " record" : " records")
                    + " after the damage with identifiers outside the chunk's " + firstId + ".." + lastId
                    + " (left over from an earlier use of the chunk) skipped"));
        }
        skipped += stale;
        return new Result(events, problems, skipped);
    }

    /** The event's line: its record identifier, where that fits (an .evtx record has no line). */
    static int line(long id) {
        return id > 0 && id <= Integer.MAX_VALUE ? (int) id : 0;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String resync(int next) {
        return next < 0 ? "the rest of the chunk is skipped" : "skipped to the next record, at offset 0x" + Integer.toHexString(next);
    }

    /** The offset of the next record signature with a consistent size, at 8-byte alignment, or -1. */
    private static int nextRecord(byte[] chunk, int from, int dataEnd) {
        for (int at = (from + 7) & ~7; at + RECORD_HEADER_SIZE + 4 <= dataEnd; at += 8) {
            if (EvtxValues.i32(chunk, at) == RECORD_MAGIC) {
                long size = EvtxValues.u32(chunk, at + 4);
                if (size >= RECORD_HEADER_SIZE + 4 && at + size <= SIZE
                        && EvtxValues.u32(chunk, (int) (at + size - 4)) == size) {
                    return at;
                }
            }
        }
        return -1;
    }
}
