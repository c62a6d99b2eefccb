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
 *
 * <p>A chunk hands out its events one at a time ({@link #next}), so that one thread holds one event at a time;
 * a chunk parsed ahead on another thread ({@link #parseAhead}) keeps its events until they are handed out, up to
 * an expansion budget, and leaves the rest of its records to be read one at a time when its turn comes.
 *
 * <p>Signs of an edited log are reported as warnings: record identifiers that do not follow each other within
 * the chunk, and a record signature in the bytes after a record's binary XML, inside the record (the trick of
 * log-editing tools such as DanderSpritz's {@code eventlogedit}, which enlarge a record's size to swallow the next
 * one). Such a hidden record is read as well, where its binary XML is sound, right after the record hiding it.
 */
final class EvtxChunk {

    static final int SIZE = 0x10000;
    static final int HEADER_SIZE = 512;
    static final int RECORD_HEADER_SIZE = 24;
    /** The most events a chunk's list is sized for up front, whatever the identifiers in its header say. */
    static final int MAX_INITIAL_CAPACITY = 1024;
    /** The signature every chunk starts with: {@code ElfChnk\0}. */
    private static final byte[] MAGIC = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};
    /** The signature every record starts with: {@code **\0\0}. */
    private static final int RECORD_MAGIC = 0x00002a2a;

    /**
     * What one chunk parsed ahead gave: its events in file order (at most its budget's worth), its problems, the
     * records it had to skip, and, where the budget ran out, the chunk itself to read the rest from (else null).
     */
    record Result(List<Event> events, List<Problem> problems, long skipped, EvtxChunk rest) {
    }

    private final byte[] chunk;
    private final String origin;
    private final ReadLimits limits;
    private final EventTime time;
    private final String where;
    private final BinXml binXml;
    private final long firstId;
    private final long lastId;
    private final int dataEnd;
    private List<Problem> problems = new ArrayList<>(2);
    private long skipped;
    private int at = HEADER_SIZE;
    private boolean done;
    private boolean resynced;
    private long stale;
    /** The identifier of the record read last, for gaps; -1 at the start and after damage. */
    private long previousId = -1;
    /** The bytes after the last record's binary XML still to be searched for a hidden record, or -1. */
    private int slackFrom = -1;
    private int slackTo;
    private long slackOwner;
    private long lastWeight;
    /** Whether the hidden record found last is over the budget, and so left for the next call. */
    private boolean overBudget;

    private EvtxChunk(byte[] chunk, int number, long fileOffset, String origin, ReadLimits limits, EventTime time) {
        this.chunk = chunk;
        this.origin = origin;
        this.limits = limits;
        this.time = time;
        this.where = "chunk " + number + " (file offset 0x" + Long.toHexString(fileOffset) + ")";
        if (!hasMagic(chunk)) {
            int records = countRecords(chunk);
            problems.add(Problem.error(SourcePosition.of(origin, 0), where + ": not a chunk (bad signature); "
                    + (records == 0 ? "no record found in it" : "its " + records + (records == 1 ? " record" : " records")
                    + " (record signatures found in it) skipped")));
            skipped = records;
            done = true;
            binXml = null;
            firstId = lastId = 0;
            dataEnd = 0;
            return;
        }
        firstId = EvtxValues.i64(chunk, 24);
        lastId = EvtxValues.i64(chunk, 32);
        long freeSpace = EvtxValues.u32(chunk, 48);
        CRC32 crc = new CRC32();
        crc.update(chunk, 0, 120);
        crc.update(chunk, 128, HEADER_SIZE - 128);
        if ((int) crc.getValue() != EvtxValues.i32(chunk, 124)) {
            problems.add(Problem.warning(SourcePosition.of(origin, 0), where
                    + ": header checksum does not match; its records are read all the same"));
        }
        if (lastId < firstId) {
            problems.add(Problem.warning(SourcePosition.of(origin, 0), where + ": its header's record identifiers run "
                    + "backwards (" + Long.toUnsignedString(firstId) + ".." + Long.toUnsignedString(lastId)
                    + "); its records are read all the same"));
        }
        dataEnd = freeSpace >= HEADER_SIZE && freeSpace <= SIZE ? (int) freeSpace : SIZE;
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
        binXml = new BinXml(chunk, limits);
    }

    /** Whether the block holds nothing: a chunk never written, all zeros. */
    static boolean unused(byte[] chunk) {
        return isZero(chunk, 0, chunk.length);
    }

    /**
     * Opens chunk {@code number} (0-based), read from {@code fileOffset} of {@code origin}: its header is checked
     * (the problems are in {@link #takeProblems()}), its records are read by {@link #next}.
     *
     * @param chunk exactly {@link #SIZE} bytes
     */
    static EvtxChunk open(byte[] chunk, int number, long fileOffset, String origin, ReadLimits limits, EventTime time) {
        return new EvtxChunk(chunk, number, fileOffset, origin, limits, time);
    }

    /**
     * Parses chunk {@code number} ahead of its turn: its events until they would expand past {@code budget} (in
     * the units of {@link EvtxJson#weight()}); the rest of the chunk, if any, is left in {@link Result#rest()}.
     */
    static Result parseAhead(byte[] chunk, int number, long fileOffset, String origin, ReadLimits limits, EventTime time,
            long budget) {
        EvtxChunk c = open(chunk, number, fileOffset, origin, limits, time);
        List<Event> events = new ArrayList<>(c.expectedRecords());
        long left = budget;
        Event e;
        while ((e = c.next(left)) != null) {
            events.add(e);
            left -= c.lastWeight;
        }
        return new Result(events, c.takeProblems(), c.takeSkipped(), c.done ? null : c);
    }

    /** The records the header announces, clamped to 0..{@link #MAX_INITIAL_CAPACITY}: only a hint for sizing. */
    int expectedRecords() {
        if (lastId < firstId) {
            return 0;
        }
        long span = lastId - firstId;
        return span < 0 || span >= MAX_INITIAL_CAPACITY ? MAX_INITIAL_CAPACITY : (int) span + 1;
    }

    /** Whether every record of the chunk has been read. */
    boolean done() {
        return done;
    }

    /** The problems found since the last call, in order. */
    List<Problem> takeProblems() {
        List<Problem> taken = problems;
        problems = new ArrayList<>(0);
        return taken;
    }

    /** The records skipped since the last call. */
    long takeSkipped() {
        long taken = skipped;
        skipped = 0;
        return taken;
    }

    /**
     * The next event of the chunk; null at its end ({@link #done()}) or where the next record would expand past
     * {@code budget} (not done: the record is read by the next call with a budget large enough).
     */
    Event next(long budget) {
        while (!done) {
            if (slackFrom >= 0) {
                Event hidden = hiddenRecord(budget);
                if (hidden != null) {
                    return hidden;
                }
                if (overBudget) {
                    overBudget = false;
                    return null;
                }
                continue;
            }
            if (at + RECORD_HEADER_SIZE + 4 > dataEnd) {
                finish();
                break;
            }
            if (EvtxValues.i32(chunk, at) != RECORD_MAGIC) {
                if (isZero(chunk, at, Math.min(dataEnd, at + 64))) {
                    finish(); // the unused rest of the chunk
                    break;
                }
                damage(SourcePosition.of(origin, 0), where + ", offset 0x" + Integer.toHexString(at)
                        + ": no record where one was expected");
                continue;
            }
            long size = EvtxValues.u32(chunk, at + 4);
            long id = EvtxValues.i64(chunk, at + 8);
            SourcePosition position = SourcePosition.of(origin, line(id));
            String record = where + ", record " + Long.toUnsignedString(id);
            String bad = size < RECORD_HEADER_SIZE + 4 || size > dataEnd - at ? "bad record size " + size
                    : EvtxValues.u32(chunk, (int) (at + size - 4)) != size
                    ? "the size at its end does not match " + size + " (a record cut short, its content unsure)" : null;
            if (bad != null) {
                damage(position, record + ": " + bad);
                continue;
            }
            if (resynced && (id < firstId || id > lastId)) {
                // after damage, what follows may be an older generation of records, whose templates are gone
                stale++;
                at += (int) size;
                continue;
            }
            int end = (int) (at + size);
            Event e;
            try {
                e = event(at + RECORD_HEADER_SIZE, end - 4, position, record, budget);
            } catch (EvtxJson.OverBudget over) {
                return null;
            } catch (EvtxFormatException | IllegalArgumentException | IndexOutOfBoundsException ex) {
                skipped++;
                problems.add(Problem.error(position, record + ": " + ex.getMessage() + "; skipped"));
                e = null;
            }
            follows(id, record, position);
            at = end;
            if (e != null) {
                slackFrom = binXml.streamEnd();
                slackTo = end - 4;
                slackOwner = id;
                return e;
            }
        }
        return null;
    }

    /** The event of the record whose binary XML is {@code [from, to)}, or null (a problem said) for one without element. */
    private Event event(int from, int to, SourcePosition position, String record, long budget) {
        EvtxJson json = new EvtxJson(limits, budget);
        Map<String, Object> fields = json.record(binXml.record(from, to));
        lastWeight = json.weight();
        if (fields == null) {
            skipped++;
            problems.add(Problem.error(position, record + ": no element in the record; skipped"));
            return null;
        }
        return Event.of(fields, position, time);
    }

    /** Notes a record read: identifiers within a chunk follow each other, so a jump is said. */
    private void follows(long id, String record, SourcePosition position) {
        if (previousId >= 0 && id != previousId + 1) {
            problems.add(Problem.warning(position, record + ": follows record " + Long.toUnsignedString(previousId)
                    + (Long.compareUnsigned(id, previousId) > 0 ? " (" + Long.toUnsignedString(id - previousId - 1)
                    + " identifiers missing between them)" : " (identifiers repeated or going backwards)")
                    + ": records removed, hidden or renumbered, or the chunk overwritten in part; the log may have been edited"));
        }
        previousId = id;
    }

    /**
     * Searches the bytes after the last record's binary XML for a record signature; reads the record there, if
     * its binary XML is sound. Null when there is none (the search is over) or when it is over {@code budget}.
     */
    private Event hiddenRecord(long budget) {
        int found = -1;
        long size = 0;
        for (int i = slackFrom; i + RECORD_HEADER_SIZE + 4 <= slackTo + 4; i++) {
            if (EvtxValues.i32(chunk, i) == RECORD_MAGIC) {
                size = EvtxValues.u32(chunk, i + 4);
                if (size >= RECORD_HEADER_SIZE + 4 && size <= slackTo + 4 - i) {
                    found = i;
                    break;
                }
            }
        }
        if (found < 0) {
            slackFrom = -1;
            return null;
        }
        long id = EvtxValues.i64(chunk, found + 8);
        SourcePosition position = SourcePosition.of(origin, line(id));
        String record = where + ", record " + Long.toUnsignedString(id);
        String hiding = record + " at offset 0x" + Integer.toHexString(found) + ", hidden inside record "
                + Long.toUnsignedString(slackOwner) + " after its end (its size enlarged to cover it, as log-editing"
                + " tools do; the log has been edited)";
        Event e;
        try {
            e = event(found + RECORD_HEADER_SIZE, (int) (found + size - 4), position, record, budget);
        } catch (EvtxJson.OverBudget over) {
            overBudget = true;
            return null;
        } catch (EvtxFormatException | IllegalArgumentException | IndexOutOfBoundsException ex) {
            skipped++;
            problems.add(Problem.error(position, hiding + ": " + ex.getMessage() + "; skipped"));
            slackFrom = found + 4;
            return null;
        }
        problems.add(Problem.warning(position, e == null ? hiding : hiding + "; read"));
        follows(id, record, position);
        slackFrom = e == null ? found + 4 : binXml.streamEnd();
        return e;
    }

    /** Damage at {@code at}: said, counted, and the scan goes on at the next record signature, if any. */
    private void damage(SourcePosition position, String what) {
        int next = nextRecord(chunk, at + 8, dataEnd);
        skipped++;
        problems.add(Problem.error(position, what + "; " + resync(next)));
        previousId = -1;
        if (next < 0) {
            finish();
        } else {
            resynced = true;
            at = next;
        }
    }

    private void finish() {
        done = true;
        if (stale > 0) {
            problems.add(Problem.warning(SourcePosition.of(origin, 0), where + ": " + stale + (stale == 1 ? " record" : " records")
                    + " after the damage with identifiers outside the chunk's " + firstId + ".." + lastId
                    + " (left over from an earlier use of the chunk) skipped"));
            skipped += stale;
            stale = 0;
        }
    }

    /** The event's line: its record identifier, where that fits (an .evtx record has no line). */
    static int line(long id) {
        return id > 0 && id <= Integer.MAX_VALUE ? (int) id : 0;
    }

    private static boolean hasMagic(byte[] chunk) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (chunk[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
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
            if (consistentRecord(chunk, at)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean consistentRecord(byte[] chunk, int at) {
        if (EvtxValues.i32(chunk, at) != RECORD_MAGIC) {
            return false;
        }
        long size = EvtxValues.u32(chunk, at + 4);
        return size >= RECORD_HEADER_SIZE + 4 && at + size <= SIZE && EvtxValues.u32(chunk, (int) (at + size - 4)) == size;
    }

    /** The records in a chunk whose header is not one: record signatures with a consistent size, one after another. */
    private static int countRecords(byte[] chunk) {
        int records = 0;
        int at = HEADER_SIZE;
        while (at + RECORD_HEADER_SIZE + 4 <= SIZE) {
            if (consistentRecord(chunk, at)) {
                records++;
                at += (int) EvtxValues.u32(chunk, at + 4);
            } else {
                at++;
            }
        }
        return records;
    }
}
