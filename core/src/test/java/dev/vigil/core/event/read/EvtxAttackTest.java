package dev.vigil.core.event.read;

import static dev.vigil.core.event.read.EvtxForge.concat;
import static dev.vigil.core.event.read.EvtxForge.definition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.event.read.EvtxForge.Chunk;
import dev.vigil.core.event.read.EvtxForge.Value;
import dev.vigil.core.event.read.EvtxForge.Xml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile .evtx files forged byte by byte ({@link EvtxForge}) against the native reader's promises: constant
 * memory whatever the input, {@link ReadLimits} hold for .evtx records as for JSON ones, every damage is a
 * {@link Problem} naming file, chunk and record, and the rest of the file is read. Each test but the control
 * fails on the code it was written against, for the reason its javadoc gives.
 */
class EvtxAttackTest {

    @TempDir
    Path dir;

    private record Read(List<Event> events, List<Problem> problems, Throwable thrown) {
    }

    /** Control: the forge writes a file the reader accepts, so the attacks below fail for their own reason. */
    @Test
    void control_aForgedRecordIsRead() throws IOException {
        Path file = write("control.evtx", goodChunk(1));
        Read r = read(file, 1, ReadLimits.defaults());
        assertThat(r.thrown()).isNull();
        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).singleElement().satisfies(e -> assertThat(value(e, "Event.System.EventID")).isEqualTo("4624"));
    }

    /**
     * Attack: a chain of template definitions, each instantiating the previous one twice (T1 = T0 T0, T2 = T1 T1,
     * ...), all in one 64 KiB chunk, with T0 one short text value. Each level costs 30 bytes of the chunk and
     * doubles the content: 17 levels give 131,072 values from a record of a few hundred bytes, 30 levels a
     * billion.
     *
     * <p>What goes wrong: {@code BinXml.count()} is called for the value tokens when a template is parsed (once,
     * the definition is cached) and for elements when one is instantiated, but not for the text and values a
     * template instance copies in, so {@code ReadLimits.maxFieldsPerRecord} (100,000) never trips; the record
     * becomes an event with a 1 MiB string. One level more per doubling: at 27 levels (a 68 KB file) the reader
     * needs more than 2 GB: {@code vigil hunt --threads 1} dies with {@code vigil: java.lang.OutOfMemoryError} under
     * -Xmx64m in 2.5 s and under -Xmx2g in 15 s; with threads the worker's OutOfMemoryError becomes "cannot read
     * further" and the rest of the file is lost. A library embedder's JVM goes down with it.
     *
     * <p>Expected: what an instance copies counts toward the record's limit, so the record is skipped with a
     * problem naming a {@code ReadLimits} value, in time and memory bounded by the limit.
     */
    @Test
    void templateDoubling_isStoppedByAReadLimit() throws IOException {
        Path file = write("doubling.evtx", doublingChunk(17));
        Read r = read(file, 1, ReadLimits.defaults());
        assertThat(r.thrown()).isNull();
        assertThat(r.events().size()).as("a record expanding to 131,072 values (more than maxFieldsPerRecord) is skipped")
                .isZero();
        assertThat(r.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("ReadLimits."));
    }

    /**
     * Attack: a template with 1,000 substitutions that all name value 0, instantiated with a 25,000-character
     * string: 4 KB of template and 50 KB of value give a text of 25 million characters. With 10,000
     * substitutions and a 12,000-character value (still one chunk) it is 120 million per record.
     *
     * <p>What goes wrong: neither {@code BinXml} nor {@code EvtxJson} checks {@code ReadLimits.maxStringLength}
     * (JsonRecords does, for JSON): substitutions are not counted and the concatenated text is unbounded, so the
     * event carries a 25-million-character value (limit 20 million), and a file of such chunks exhausts memory.
     *
     * <p>Expected: a value longer than {@code maxStringLength} skips the record with a problem naming
     * {@code ReadLimits.maxStringLength}, as for JSON.
     */
    @Test
    void substitutionFanOut_respectsMaxStringLength() throws IOException {
        int fanOut = 1_000;
        String value = "A".repeat(25_000);
        Chunk chunk = new Chunk();
        chunk.record(1, at -> new Xml(at).fragmentHeader()
                .inlineInstance(data -> {
                    Xml t = new Xml(data).open("Event", true).closeStart();
                    for (int i = 0; i < fanOut; i++) {
                        t.substitution(0, EvtxValues.STRING);
                    }
                    return t.end().endOfStream().toBytes();
                }, Value.string(value))
                .endOfStream().toBytes());
        Path file = write("fanout.evtx", chunk.finish());

        Read r = read(file, 1, ReadLimits.defaults());
        assertThat(r.thrown()).isNull();
        int longest = r.events().stream().mapToInt(e -> String.valueOf(value(e, "Event")).length()).max().orElse(0);
        assertThat(longest).as("no value longer than ReadLimits.maxStringLength").isLessThanOrEqualTo(ReadLimits.DEFAULT_MAX_STRING_LENGTH);
        assertThat(r.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("ReadLimits.maxStringLength"));
    }

    /**
     * Attack: after damage (bytes that are no record at offset 512), the reader resynchronizes on the next
     * record signature; there a consistent record with an identifier outside the chunk's range is followed by a
     * record signature whose size is 0 and whose identifier is also out of range.
     *
     * <p>What goes wrong: {@code EvtxChunk.parse} skips an out-of-range ("stale") record with
     * {@code at += (int) size} before checking the size, so a size of 0 never advances: the reader spins forever
     * on one chunk at 100% CPU (the hunt hangs; no problem is ever reported).
     *
     * <p>Expected: the stale record's size is checked like any other (or the scan resynchronizes), the damage is
     * reported, and the next chunk's record is read, within a second.
     */
    @Test
    void staleRecordOfSizeZero_afterDamage_doesNotHang() throws Exception {
        Path file = write("stale-zero.evtx", staleChunk(0), goodChunk(5));
        // in a child JVM, so that the spinning reader can be killed instead of burning a core for the rest of the build
        Child child = readInChild(file, 1, "-Xmx128m", Duration.ofSeconds(10));
        assertThat(child.timedOut()).as("the reader spins forever on chunk 0").isFalse();
        assertThat(child.output()).contains("events 1").doesNotContain("errors 0").contains("exit 0");
    }

    /**
     * Attack: as above, but the out-of-range record after the damage claims a size of 0x80000000.
     *
     * <p>What goes wrong: {@code at += (int) size} makes the offset negative, the next {@code EvtxValues.i32}
     * throws ArrayIndexOutOfBoundsException outside the per-record try, and it escapes {@code EvtxChunk.parse}:
     * with one thread it escapes the {@link EventReader} iterator (and {@code readAll}, so the whole hunt of
     * every file stops with a stack trace); with threads it becomes "cannot read further" and the rest of the
     * file is lost.
     *
     * <p>Expected: bad content never throws; the damage is a problem for chunk 0 and chunk 1's record is read.
     */
    @Test
    void staleRecordWithANegativeSize_isAProblem_notAnException() throws IOException {
        Path file = write("stale-negative.evtx", staleChunk(0x8000_0000), goodChunk(5));
        for (int threads : new int[] {1, 2}) {
            Read r = read(file, threads, ReadLimits.defaults());
            assertThat(r.thrown()).as(threads + " thread(s): bad content never throws").isNull();
            assertThat(r.events().size()).as(threads + " thread(s): chunk 1's record is read").isEqualTo(1);
        }
    }

    /**
     * Attack: one 64 KiB chunk of 600 records, each a 30-byte instance of a cached template that expands to
     * 65,536 short values (a 512 KiB text): each record is within every per-record limit (fewer than 100,000
     * values, far shorter than 20 million characters), yet the chunk stands for 300 MiB of events.
     *
     * <p>What goes wrong: {@code EvtxChunk.parse} builds every event of a chunk into one list before the first is
     * handed out, and {@code EvtxReader} keeps {@code 2 * threads} such chunks in flight, so memory is bounded by
     * records per chunk times the per-record limits (times chunks ahead), not by anything constant: a 68 KB file
     * kills an -Xmx128m reader with OutOfMemoryError on one thread (measured with the CLI: -Xmx64m dies; 2 GB
     * gets through using 800 MB of RSS).
     *
     * <p>Expected: constant memory per chunk: the events of a chunk are handed out as they are parsed, or the
     * chunk's expansion has a budget beyond which records are skipped with a problem naming the limit; either
     * way a small heap reads the file to its end without an OutOfMemoryError.
     */
    @Test
    void aChunkOfRecordsEachWithinTheLimits_isReadInConstantMemory() throws Exception {
        Path file = write("many.evtx", manyExpandingRecords());

        Child child = readInChild(file, 1, "-Xmx128m", Duration.ofSeconds(120));
        assertThat(child.timedOut()).isFalse();
        assertThat(child.output()).doesNotContain("OutOfMemoryError").contains("exit 0");
    }

    /**
     * Attack: an {@code EventData} whose {@code <Data Name="CommandLine">mimikatz ...</Data>} is followed by an
     * empty sibling element {@code <CommandLine/>}.
     *
     * <p>What goes wrong: {@code EvtxJson.object} puts named Data values with {@code putAll} (a repeated name
     * keeps both values, as the JSON reader keeps a repeated key, so that a value cannot be hidden by repeating
     * its name) but child elements with a plain {@code map.put}, so the sibling replaces the Data value with
     * {@code null}: the command line is gone from the event, no rule on {@code CommandLine} can see it, and no
     * problem says so. (The same {@code put} lets an element named {@code #attributes} or {@code #text} replace
     * those keys.)
     *
     * <p>Expected: a name given twice keeps both values, whichever kind of child gave them, as for Data.
     */
    @Test
    void aSiblingElement_doesNotOverwriteANamedDataValue() throws IOException {
        Path file = write("overwrite.evtx", new Chunk().record(1, at -> new Xml(at).fragmentHeader()
                .open("Event", false).closeStart()
                .open("EventData", false).closeStart()
                .openWithAttributes("Data", false).attribute("Name").string("CommandLine").closeStart()
                .string("mimikatz sekurlsa::logonpasswords").end()
                .open("CommandLine", false).closeEmpty()
                .end().end().endOfStream().toBytes()).finish());

        Read r = read(file, 1, ReadLimits.defaults());
        assertThat(r.thrown()).isNull();
        assertThat(r.events()).hasSize(1);
        List<Object> values = new ArrayList<>();
        r.events().get(0).values(FieldPath.of("Event.EventData.CommandLine"), values::add);
        assertThat(values).as("the values of Event.EventData.CommandLine in " + r.events().get(0).fields())
                .contains("mimikatz sekurlsa::logonpasswords");
    }

    /**
     * Attack: the log-tampering technique of DanderSpritz's {@code eventlogedit}: to hide record 2, the size of
     * record 1 is enlarged to cover it (the size copy at the end of record 2 rewritten to match), and the
     * chunk's checksums recomputed. Record 2 is still in the file, inside record 1; the record identifiers in the
     * chunk now go 1, 3.
     *
     * <p>What goes wrong: {@code BinXml} stops reading record 1 at its end-of-stream token and ignores the bytes
     * after it, and nothing compares consecutive record identifiers, so record 2 vanishes without a problem: the
     * one thing an analyst most needs to know about a log, that it was edited, is not said.
     *
     * <p>Expected: a problem for chunk 0 that names the hidden record (identifiers jumping from 1 to 3, or a
     * record signature inside record 1's slack); better still, the hidden record read as well.
     */
    @Test
    void aRecordHiddenInsideThePreviousOne_isReported() throws IOException {
        Path file = write("edited.evtx", editedChunk());

        Read r = read(file, 1, ReadLimits.defaults());
        assertThat(r.thrown()).isNull();
        assertThat(r.events()).extracting(e -> e.source().line()).containsSubsequence(1, 3);
        assertThat(r.problems()).as("a problem says a record was hidden in chunk 0")
                .anySatisfy(p -> assertThat(p.toString()).contains("chunk 0"));
    }

    /**
     * Attack: an embedder lowers {@link ReadLimits} for a small heap (as {@code ReadLimitsAttackTest} does for
     * JSON), and reads an .evtx file with a 5,000-character value and an element name of 2,000 characters.
     *
     * <p>What goes wrong: the EVTX reader enforces only {@code maxDepth} and {@code maxFieldsPerRecord}: nothing in
     * {@code BinXml}, {@code EvtxValues} or {@code EvtxJson} looks at {@code maxStringLength} or
     * {@code maxFieldNameLength}, so both records are read as if the limits were not set; the same content as
     * JSON is skipped with a problem naming the limit. (Limits "are values", named when exceeded: here they are
     * silently not applied to one of the two input formats.)
     *
     * <p>Expected: each record is skipped with a problem naming {@code ReadLimits.maxStringLength} and
     * {@code ReadLimits.maxFieldNameLength} respectively; the third record is read.
     */
    @Test
    void loweredStringAndNameLimits_holdForEvtxAsForJson() throws IOException {
        Path file = write("long.evtx", new Chunk()
                .record(1, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart()
                        .string("x".repeat(5_000)).end().endOfStream().toBytes())
                .record(2, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart()
                        .open("N".repeat(2_000), false).closeStart().string("v").end().end().endOfStream().toBytes())
                .record(3, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart()
                        .string("ok").end().endOfStream().toBytes())
                .finish());
        ReadLimits limits = ReadLimits.builder().maxStringLength(1_000).maxFieldNameLength(100).build();

        Read r = read(file, 1, limits);
        assertThat(r.thrown()).isNull();
        assertThat(r.events()).extracting(e -> e.source().line()).containsExactly(3);
        assertThat(r.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("ReadLimits.maxStringLength"))
                .anySatisfy(m -> assertThat(m).contains("ReadLimits.maxFieldNameLength"));
    }

    /**
     * Attack (on an embedder's setting, or {@code vigil hunt --threads 2147483647}, "as many as you like"):
     * {@code EventReader.builder().threads(Integer.MAX_VALUE)}.
     *
     * <p>What goes wrong: {@code EvtxReader} computes the chunks to read ahead as {@code threads *
     * CHUNKS_AHEAD_PER_THREAD}, which overflows to a negative number for 2^30 threads or more; the read-ahead loop
     * then reads no chunk and the file ends at once: no event, no problem beyond "no event could be read"
     * (measured with the CLI on security.evtx: 2,261 events with {@code --threads 1000}, 0 with
     * {@code --threads 1073741824}). Short of the overflow, nothing caps the setting: {@code --threads 1000} keeps
     * 2,000 chunks (and their events) in memory and may start 1,000 threads per file.
     *
     * <p>Expected: the setting is capped (or refused above a bound) and the read-ahead computed without overflow:
     * every event is read.
     */
    @Test
    void aHugeThreadCount_stillReadsTheFile() throws IOException {
        Path file = write("threads.evtx", goodChunk(1), goodChunk(2));
        Read r = read(file, Integer.MAX_VALUE, ReadLimits.defaults());
        assertThat(r.thrown()).isNull();
        assertThat(r.events()).extracting(e -> e.source().line()).containsExactly(1, 2);
    }

    /**
     * Attack: a chunk header whose first record identifier is 2,147,483,650 and last is 0 (the header is the
     * attacker's, and its checksum is right).
     *
     * <p>What goes wrong: {@code EvtxChunk.parse} sizes its event list with
     * {@code (int) Math.min(lastId - firstId + 1, 1024)}: the difference is -2,147,483,649, the minimum keeps it,
     * and the cast to int keeps its low 32 bits, 2,147,483,647, so {@code new ArrayList<>(Integer.MAX_VALUE)}
     * throws OutOfMemoryError ("Requested array size exceeds VM limit") whatever the heap: with one thread it
     * escapes the reader (the hunt dies), with threads the rest of the file is lost. Other identifiers give any
     * capacity up to that (4 GB of array for 2^30).
     *
     * <p>Expected: the capacity is computed in long and clamped before the cast (or not taken from the header):
     * the chunk's record is read, the odd identifiers at most a warning.
     */
    @Test
    void aChunkHeaderWithInvertedIdentifiers_doesNotSizeTheEventList() throws IOException {
        Chunk chunk = new Chunk().record(1, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart()
                .string("ok").end().endOfStream().toBytes());
        Path file = write("inverted.evtx", chunk.finish(2_147_483_650L, 0, chunk.at));
        for (int threads : new int[] {1, 2}) {
            Read r = read(file, threads, ReadLimits.defaults());
            assertThat(r.thrown()).as(threads + " thread(s)").isNull();
            assertThat(r.events()).as(threads + " thread(s): " + r.problems()).hasSize(1);
        }
    }

    /**
     * Attack: a chunk whose signature is damaged, holding three records, before a sound chunk.
     *
     * <p>What went wrong: the problem said the chunk's records were skipped, but {@code recordsSkipped} (and
     * {@link ReadStats#skipped()}, "records skipped" in the summary) counted none of them.
     *
     * <p>Expected: the records found in the chunk (record signatures with a consistent size) are counted as
     * skipped, and the problem says how many.
     */
    @Test
    void aChunkWithABadSignature_countsItsRecordsAsSkipped() throws IOException {
        Chunk bad = new Chunk();
        for (long id = 1; id <= 3; id++) {
            bad.record(id, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart().string("x")
                    .end().endOfStream().toBytes());
        }
        byte[] damaged = bad.finish();
        damaged[0] = 'X';
        Path file = write("bad-signature.evtx", damaged, goodChunk(4));

        List<Problem> problems = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        ReadStats stats = EventReader.builder().onProblem(problems::add).readAll(List.of(file), events::add);
        assertThat(events).extracting(e -> e.source().line()).containsExactly(4);
        assertThat(stats.skipped()).isEqualTo(3);
        assertThat(problems).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("chunk 0").contains("bad signature").contains("3 records"));
    }

    /** The record hidden inside the previous one is read as well, in its place, and named in a warning. */
    @Test
    void aRecordHiddenInsideThePreviousOne_isReadInItsPlace() throws IOException {
        Path file = write("edited.evtx", editedChunk());

        for (int threads : new int[] {1, 2}) {
            Read r = read(file, threads, ReadLimits.defaults());
            assertThat(r.events()).extracting(e -> value(e, "Event")).containsExactly("event 1", "event 2", "event 3");
            assertThat(r.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                    .contains("chunk 0").contains("record 2 at offset").contains("hidden inside record 1"));
        }
    }

    /** Record identifiers that jump within a chunk (a record removed outright, the chunk's checksums redone) are said. */
    @Test
    void aGapInRecordIdentifiers_isReported() throws IOException {
        Chunk chunk = new Chunk();
        for (long id : new long[] {1, 2, 5}) {
            chunk.record(id, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart().string("x")
                    .end().endOfStream().toBytes());
        }
        Read r = read(write("gap.evtx", chunk.finish()), 1, ReadLimits.defaults());
        assertThat(r.events()).hasSize(3);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
            assertThat(p.toString()).contains("chunk 0").contains("record 5: follows record 2 (2 identifiers missing");
        });
    }

    /** Many values, each within maxStringLength, whose JSON form is larger than maxRecordBytes: the record is skipped. */
    @Test
    void aRecordExpandingPastMaxRecordBytes_isSkipped() throws IOException {
        Chunk chunk = new Chunk();
        chunk.record(1, at -> new Xml(at).fragmentHeader()
                .inlineInstance(data -> {
                    Xml t = new Xml(data).open("Event", true).closeStart();
                    for (int i = 0; i < 200; i++) {
                        t.open("V" + i, true).closeStart().substitution(0, EvtxValues.STRING).end();
                    }
                    return t.end().endOfStream().toBytes();
                }, Value.string("B".repeat(1_000)))
                .endOfStream().toBytes());
        chunk.record(2, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart().string("ok")
                .end().endOfStream().toBytes());
        ReadLimits limits = ReadLimits.builder().maxRecordBytes(100_000).build();
        Read r = read(write("wide.evtx", chunk.finish()), 1, limits);
        assertThat(r.events()).extracting(e -> e.source().line()).containsExactly(2);
        assertThat(r.problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("record 1").contains("ReadLimits.maxRecordBytes"));
    }

    /** A Data value and an element of the same name, in either order: both values are kept, in order. */
    @Test
    void aNameTakenTwice_keepsBothValues_inEitherOrder() throws IOException {
        Path file = write("both.evtx", new Chunk().record(1, at -> new Xml(at).fragmentHeader()
                .open("Event", false).closeStart()
                .open("EventData", false).closeStart()
                .open("CommandLine", false).closeStart().string("first").end()
                .openWithAttributes("Data", false).attribute("Name").string("CommandLine").closeStart()
                .string("second").end()
                .end().end().endOfStream().toBytes()).finish());
        Read r = read(file, 1, ReadLimits.defaults());
        List<Object> values = new ArrayList<>();
        r.events().get(0).values(FieldPath.of("Event.EventData.CommandLine"), values::add);
        assertThat(values).containsExactly("first", "second");
    }

    /**
     * The chunk of records each within the limits, read with two threads: the chunk parsed ahead keeps its events
     * only up to its share of the read-ahead budget, and the rest is read one record at a time; every record is
     * read, in a small heap.
     */
    @Test
    void aChunkOfRecordsEachWithinTheLimits_isReadInBoundedMemory_withThreads() throws Exception {
        byte[] chunk = manyExpandingRecords();
        Path file = write("many.evtx", chunk, chunk.clone());

        Child child = readInChild(file, 2, "-Xmx128m", Duration.ofSeconds(240));
        assertThat(child.timedOut()).isFalse();
        assertThat(child.output()).doesNotContain("OutOfMemoryError").contains("events 1200").contains("exit 0");
    }

    // --- a child JVM ---------------------------------------------------------------------------------------

    private record Child(boolean timedOut, String output) {
    }

    private static Child readInChild(Path file, int threads, String heap, Duration timeout) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile("evtx-child", ".txt");
        try {
            Process p = new ProcessBuilder(javaBin.toString(), heap, "-cp", System.getProperty("java.class.path"),
                    ReadMain.class.getName(), file.toString(), Integer.toString(threads))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            return new Child(!done, Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Reads one file in a child JVM: prints the events read, error problems, and how it ended. */
    static final class ReadMain {
        public static void main(String[] args) {
            long[] events = {0};
            long[] errors = {0};
            try (EventReader reader = EventReader.builder().threads(Integer.parseInt(args[1]))
                    .onProblem(p -> errors[0] += p.severity() == Problem.Severity.ERROR ? 1 : 0).open(Path.of(args[0]))) {
                reader.forEach(e -> events[0]++);
                System.out.println("events " + events[0]);
                System.out.println("errors " + errors[0]);
                System.out.println("exit 0");
            } catch (Throwable t) {
                System.out.println("thrown " + t);
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }

    // --- forging -----------------------------------------------------------------------------------------

    /** One record, {@code <Event><System><EventID>4624</EventID></System></Event>}. */
    private static byte[] goodChunk(long id) {
        return new Chunk().record(id, at -> new Xml(at).fragmentHeader()
                .open("Event", false).closeStart()
                .open("System", false).closeStart()
                .open("EventID", false).closeStart().string("4624").end()
                .end().end().endOfStream().toBytes()).finish();
    }

    /**
     * Definitions T0..T{@code levels} in the chunk's slack (past the free space, which a real chunk never
     * reads as records but whose offsets binary XML may name); the record instantiates the last one in Event.
     */
    private static byte[] doublingChunk(int levels) {
        Chunk chunk = new Chunk();
        int offset = 0x4000;
        int previous = offset;
        chunk.raw(offset, definition(new Xml(offset + 24).string("12345678").toBytes()));
        offset += 64;
        for (int i = 1; i <= levels; i++) {
            int p = previous;
            byte[] data = new Xml(offset + 24).instance(p).instance(p).toBytes();
            chunk.raw(offset, definition(data));
            previous = offset;
            offset += 64;
        }
        int last = previous;
        chunk.record(1, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart()
                .instance(last).end().endOfStream().toBytes());
        return chunk.finish();
    }

    /** Records 1, 2, 3 ("event 1", ...), record 1's size enlarged to swallow record 2, checksums redone. */
    private static byte[] editedChunk() {
        Chunk chunk = new Chunk();
        for (long id = 1; id <= 3; id++) {
            String data = "event " + id;
            chunk.record(id, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart().string(data)
                    .end().endOfStream().toBytes());
        }
        // records are laid out back to back from 512: find record 2 and swallow it into record 1
        int first = EvtxChunk.HEADER_SIZE;
        int firstSize = EvtxValues.i32(chunk.b, first + 4);
        int second = first + firstSize;
        int secondSize = EvtxValues.i32(chunk.b, second + 4);
        int merged = firstSize + secondSize;
        EvtxForge.putI32(chunk.b, first + 4, merged);
        EvtxForge.putI32(chunk.b, first + merged - 4, merged);
        return chunk.finish();
    }

    /** 600 records, each a 30-byte instance of a cached template (T16 of a doubling chain) of 65,536 values. */
    private static byte[] manyExpandingRecords() {
        Chunk chunk = new Chunk();
        int offset = 0xC000;
        int previous = offset;
        chunk.raw(offset, definition(new Xml(offset + 24).string("12345678").toBytes()));
        for (int i = 1; i <= 16; i++) {
            offset += 64;
            int p = previous;
            chunk.raw(offset, definition(new Xml(offset + 24).instance(p).instance(p).toBytes()));
            previous = offset;
        }
        int last = previous;
        for (int id = 1; id <= 600; id++) {
            chunk.record(id, at -> new Xml(at).fragmentHeader().open("Event", false).closeStart()
                    .instance(last).end().endOfStream().toBytes());
        }
        return chunk.finish();
    }

    /** Damage at 512, then a consistent stale record (id 99), then a stale record signature of {@code size}. */
    private static byte[] staleChunk(long size) {
        Chunk chunk = new Chunk();
        byte[] b = chunk.b;
        chunk.raw(512, "XXXXXXXX".getBytes());
        // a consistent record at 520, 32 bytes, identifier 99 (the chunk's range is 1..1)
        EvtxForge.putI32(b, 520, 0x2a2a);
        EvtxForge.putI32(b, 524, 32);
        EvtxForge.putI64(b, 528, 99);
        EvtxForge.putI32(b, 548, 32);
        // at 552: a record signature with the forged size and identifier 100
        EvtxForge.putI32(b, 552, 0x2a2a);
        EvtxForge.putI32(b, 556, (int) size);
        EvtxForge.putI64(b, 560, 100);
        return chunk.finish(1, 1, 1024);
    }

    private Path write(String name, byte[]... chunks) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, concat(EvtxForge.fileHeader(chunks.length), concat(chunks)));
        return file;
    }

    static Read read(Path file, int threads, ReadLimits limits) {
        List<Event> events = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Throwable thrown = null;
        try (EventReader reader = EventReader.builder().threads(threads).limits(limits).onProblem(problems::add).open(file)) {
            try {
                reader.forEach(events::add);
            } catch (RuntimeException | Error e) {
                thrown = e;
            }
        } catch (IOException e) {
            thrown = e;
        }
        return new Read(events, problems, thrown);
    }

    static Object value(Event e, String path) {
        List<Object> found = new ArrayList<>();
        e.values(FieldPath.of(path), found::add);
        return found.isEmpty() ? null : found.get(0);
    }
}
