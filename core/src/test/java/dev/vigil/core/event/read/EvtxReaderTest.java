package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native .evtx reader as a user meets it through {@link EventReader}: the shape of the events, damaged
 * files read as far as they can be with every damage named, parallel chunks, folders. Uses the samples of
 * {@code ../shared/events/evtx} (copied to a temporary folder where they are damaged on purpose).
 */
class EvtxReaderTest {

    private static final Path SECURITY = Path.of(System.getProperty("vigil.shared", "../shared"),
            "events", "evtx", "security.evtx");
    private static final int CHUNK_1 = EvtxReader.FILE_HEADER_SIZE + EvtxChunk.SIZE;
    private static final int CHUNK_2 = EvtxReader.FILE_HEADER_SIZE + 2 * EvtxChunk.SIZE;

    @TempDir
    Path dir;

    @BeforeAll
    static void samples() {
        assumeTrue(Files.isRegularFile(SECURITY), "no .evtx samples at " + SECURITY.toAbsolutePath() + "; skipping");
    }

    @Test
    void open_evtxFile_givesEventsInEvtxDumpShape() throws IOException {
        List<Event> events = read(SECURITY, 1, new ArrayList<>());

        assertThat(events).hasSize(2261);
        Event logon = events.get(1);
        assertThat(logon.source().file()).isEqualTo(SECURITY.toString());
        assertThat(logon.source().line()).as("the record identifier").isEqualTo(2);
        assertThat(value(logon, "Event.System.EventID")).isEqualTo(4624);
        assertThat(value(logon, "Event.System.Channel")).isEqualTo("Security");
        assertThat(value(logon, "Event.System.Provider.#attributes.Guid")).isEqualTo("54849625-5478-4994-A5BA-3E3B0328C30D");
        assertThat(value(logon, "Event.EventData.TargetUserName")).isEqualTo("SYSTEM");
        assertThat(value(logon, "Event.EventData.TargetUserSid")).isEqualTo("S-1-5-18");
        assertThat(value(logon, "Event.EventData.TargetLogonId")).isEqualTo("0x3e7");
        assertThat(value(logon, "Event.EventData.LogonType")).isEqualTo(0);
        assertThat(logon.timestamp()).isEqualTo(Instant.parse("2016-07-08T18:12:51.681640Z"));
    }

    @Test
    void threads_giveTheSameEventsInTheSameOrder() throws IOException {
        List<Event> one = read(SECURITY, 1, new ArrayList<>());
        List<Event> four = read(SECURITY, 4, new ArrayList<>());

        assertThat(four).hasSameSizeAs(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(four.get(i).source()).isEqualTo(one.get(i).source());
            assertThat(four.get(i).fields()).isEqualTo(one.get(i).fields());
        }
    }

    @Test
    void damagedFile_namesEachDamage_andReadsTheRest() throws IOException {
        byte[] bytes = Files.readAllBytes(SECURITY);
        int chunk1Records = recordsIn(bytes, CHUNK_1);
        bytes[124] ^= 1; // the file header's checksum
        bytes[CHUNK_1] = 'X'; // chunk 1's signature
        int secondRecord = EvtxChunk.HEADER_SIZE + EvtxValues.i32(bytes, CHUNK_2 + EvtxChunk.HEADER_SIZE + 4);
        long secondId = EvtxValues.i64(bytes, CHUNK_2 + secondRecord + 8);
        bytes[CHUNK_2 + secondRecord + 4] ^= 0x10; // the size of chunk 2's second record
        Path damaged = dir.resolve("damaged.evtx");
        Files.write(damaged, bytes);

        List<Problem> problems = new ArrayList<>();
        List<Event> events = read(damaged, 1, problems);

        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .startsWith(damaged + ": file header checksum does not match"));
        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains(damaged + ": chunk 1 (file offset 0x11000): not a chunk (bad signature)"));
        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .startsWith(damaged + ":" + secondId + ": chunk 2 (file offset 0x21000), record " + secondId
                        + ": the size at its end does not match"));
        assertThat(problems).filteredOn(p -> p.severity() == Problem.Severity.ERROR).hasSize(2);
        assertThat(events).as("all but chunk 1 and the damaged record")
                .hasSize(2261 - chunk1Records - 1)
                .noneMatch(e -> e.source().line() == secondId);
    }

    @Test
    void fileEndingInsideAChunk_readsItsRecordsUpToThere() throws IOException {
        byte[] bytes = Files.readAllBytes(SECURITY);
        int cut = CHUNK_1 + EvtxChunk.SIZE / 2;
        Path truncated = dir.resolve("truncated.evtx");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, cut));

        List<Problem> problems = new ArrayList<>();
        List<Event> events = read(truncated, 1, problems);

        assertThat(problems).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .isEqualTo("the file ends 32768 bytes into chunk 1; its records up to there are read"));
        assertThat(events.size()).isGreaterThan(recordsIn(bytes, EvtxReader.FILE_HEADER_SIZE))
                .isLessThan(recordsIn(bytes, EvtxReader.FILE_HEADER_SIZE) + recordsIn(bytes, CHUNK_1));
    }

    @Test
    void randomDamage_neverThrows_andEveryLossIsSaid() throws IOException {
        byte[] original = Files.readAllBytes(SECURITY);
        Random random = new Random(13);
        for (int round = 0; round < 40; round++) {
            byte[] bytes = original.clone();
            for (int i = 0; i < 200; i++) {
                bytes[EvtxReader.FILE_HEADER_SIZE + random.nextInt(bytes.length - EvtxReader.FILE_HEADER_SIZE)] =
                        (byte) random.nextInt(256);
            }
            Path damaged = dir.resolve("random-" + round + ".evtx");
            Files.write(damaged, bytes);
            List<Problem> problems = new ArrayList<>();
            List<Event> events = read(damaged, 2, problems);
            if (events.size() < 2261) {
                assertThat(problems).as("round " + round + ": fewer events, so a problem says why")
                        .anyMatch(p -> p.severity() == Problem.Severity.ERROR);
            }
        }
    }

    @Test
    void readAll_folder_readsEvtxBesideJson() throws IOException {
        Files.copy(SECURITY, dir.resolve("security.evtx"));
        Files.writeString(dir.resolve("more.jsonl"), "{\"EventID\": 1}\n{\"EventID\": 2}\n");

        List<Event> events = new ArrayList<>();
        ReadStats stats = EventReader.builder().threads(2).readAll(List.of(dir), events::add);

        assertThat(stats.files()).isEqualTo(2);
        assertThat(stats.events()).isEqualTo(2261 + 2);
        assertThat(stats.inputsFailed()).isZero();
    }

    @Test
    void evtxFromAStream_isRecognizedByItsSignature() throws IOException {
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.builder().open(Files.newInputStream(SECURITY), "stdin")) {
            reader.forEach(events::add);
        }
        assertThat(events).hasSize(2261);
        assertThat(events.get(0).source().file()).isEqualTo("stdin");
    }

    private static List<Event> read(Path file, int threads, List<Problem> problems) throws IOException {
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.builder().threads(threads).onProblem(problems::add).open(file)) {
            reader.forEach(events::add);
        }
        return events;
    }

    /** The records chunk header at {@code offset} counts: last identifier - first + 1. */
    private static int recordsIn(byte[] bytes, int offset) {
        return (int) (EvtxValues.i64(bytes, offset + 32) - EvtxValues.i64(bytes, offset + 24) + 1);
    }

    private static Object value(Event e, String path) {
        List<Object> found = new ArrayList<>();
        e.values(FieldPath.of(path), found::add);
        return found.isEmpty() ? null : found.get(0);
    }
}
