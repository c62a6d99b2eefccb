package dev.vigil.core.event.read;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.event.FieldPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class EventReaderTest {

    @TempDir
    Path dir;

    /** What reading one file gave. */
    record Read(List<Event> events, List<Problem> problems, long skipped, long eventsRead) {

        List<Object> values(String field) {
            FieldPath path = FieldPath.of(field);
            List<Object> out = new ArrayList<>();
            for (Event e : events) {
                e.values(path, out::add);
            }
            return out;
        }

        List<Integer> lines() {
            return events.stream().map(e -> e.source().line()).toList();
        }
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Read read(Path file) throws IOException {
        try (EventReader reader = EventReader.builder().open(file)) {
            List<Event> events = new ArrayList<>();
            reader.forEach(events::add);
            return new Read(events, reader.problems(), reader.recordsSkipped(), reader.eventsRead());
        }
    }

    private static Read read(String content) {
        EventReader reader = EventReader.builder()
                .open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "mem");
        List<Event> events = new ArrayList<>();
        reader.forEach(events::add);
        return new Read(events, reader.problems(), reader.recordsSkipped(), reader.eventsRead());
    }

    // --- JSON Lines ---

    @Test
    void open_jsonlWithMalformedLineInMiddle_readsEventsAroundItAndReportsTheLine() throws IOException {
        Path file = write("events.jsonl", """
                {"n": 1}
                {"n": 2}
                {"n": 3, "bad": }
                {"n": 4}
                {"n": 5}
                """);

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 2, 4, 5);
        assertThat(r.lines()).containsExactly(1, 2, 4, 5);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.eventsRead()).isEqualTo(4);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.where().file()).isEqualTo(file.toString());
            assertThat(p.where().line()).isEqualTo(3);
            assertThat(p.where().column()).isEqualTo(17);
            assertThat(p.message()).contains("Unexpected character").doesNotContain("\n").doesNotContain("Source");
        });
    }

    @Test
    void open_jsonlWithTruncatedLastLine_reportsThatRecord() throws IOException {
        Path file = write("cut.jsonl", "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3, \"msg\": \"hal");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 2);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(3);
            assertThat(p.message()).containsIgnoringCase("end-of-input");
        });
    }

    @Test
    void open_jsonlWithUnclosedLineInMiddle_rejectsOnlyThatLine() throws IOException {
        Path file = write("unclosed.jsonl", """
                {"n": 1}
                {"n": 2, "obj": {"a": 1
                {"n": 3}
                {"n": 4, "s": "open
                {"n": 5}
                """);

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 3, 5);
        assertThat(r.problems()).extracting(p -> p.where().line()).containsExactly(2, 4);
        assertThat(r.skipped()).isEqualTo(2);
    }

    @Test
    void open_jsonlWithTruncatedFirstLine_stillReadsTheRest() throws IOException {
        Path file = write("first.jsonl", "{\"n\": 1, \"a\n{\"n\": 2}\n{\"n\": 3}\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(2, 3);
        assertThat(r.problems()).singleElement().extracting(p -> p.where().line()).isEqualTo(1);
    }

    @Test
    void open_jsonlWithMismatchedBracket_reportsTheLineOnce() throws IOException {
        Path file = write("mismatch.jsonl", "{\"n\": 1}\n{\"n\": [2}, \"m\": 2}\n{\"n\": 3}\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 3);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(2);
            assertThat(p.message()).contains("close marker");
        });
    }

    @Test
    void open_jsonlWithBlankLinesAndCrlf_readsAllWithTheirLineNumbers() throws IOException {
        Path file = write("blank.jsonl", "\n{\"n\": 1}\r\n\r\n   \n{\"n\": 2}\n\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 2);
        assertThat(r.lines()).containsExactly(2, 5);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void open_nonObjectTopLevelValues_reportsAndSkipsEach() throws IOException {
        Path file = write("values.jsonl", """
                {"n": 1}
                42
                "just a string"
                true
                null
                {"n": 2}
                """);

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 2);
        assertThat(r.skipped()).isEqualTo(4);
        assertThat(r.problems()).extracting(p -> p.where().line()).containsExactly(2, 3, 4, 5);
        assertThat(r.problems()).extracting(Problem::message).containsExactly(
                "expected a JSON object, found: 42",
                "expected a JSON object, found: \"just a string\"",
                "expected a JSON object, found: true",
                "expected a JSON object, found: null");
    }

    @Test
    void open_emptyFile_readsNothingWithoutProblems() throws IOException {
        Read empty = read(write("empty.jsonl", ""));
        Read blank = read(write("blank.json", "\n  \n\t\n"));

        assertThat(empty.events()).isEmpty();
        assertThat(empty.problems()).isEmpty();
        assertThat(blank.events()).isEmpty();
        assertThat(blank.problems()).isEmpty();
    }

    @Test
    void open_bracesAndEscapesInStrings_doNotConfuseSplitting() throws IOException {
        Path file = write("tricky.jsonl", """
                {"s": "}{][", "t": "quote \\" brace } ", "u": "backslash \\\\", "n": 1}
                {"s": "\\\\\\"}", "n": 2}
                """);

        Read r = read(file);

        assertThat(r.problems()).isEmpty();
        assertThat(r.values("s")).containsExactly("}{][", "\\\"}");
        assertThat(r.values("t")).containsExactly("quote \" brace } ");
        assertThat(r.values("u")).containsExactly("backslash \\");
    }

    @Test
    void open_severalObjectsOnOneLine_readsEach() {
        Read r = read("{\"n\":1}{\"n\":2} {\"n\":3},{\"n\":4}\n");

        assertThat(r.values("n")).containsExactly(1, 2, 3, 4);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void open_valueTypes_becomePlainJavaValues() {
        Read r = read("{\"i\": 7, \"l\": 8000000000, \"b\": 123456789012345678901234567890, \"d\": 1.5,"
                + " \"t\": true, \"f\": false, \"z\": null, \"s\": \"x\", \"a\": [1, \"two\"], \"o\": {\"k\": \"v\"}}");

        Map<String, Object> f = r.events().get(0).fields();
        assertThat(f.get("i")).isEqualTo(7);
        assertThat(f.get("l")).isEqualTo(8_000_000_000L);
        assertThat(f.get("b")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(f.get("d")).isEqualTo(1.5);
        assertThat(f.get("t")).isEqualTo(true);
        assertThat(f.get("f")).isEqualTo(false);
        assertThat(f).containsEntry("z", null);
        assertThat(f.get("s")).isEqualTo("x");
        assertThat(f.get("a")).isEqualTo(List.of(1, "two"));
        assertThat(f.get("o")).isEqualTo(Map.of("k", "v"));
        assertThat(f.keySet()).containsExactly("i", "l", "b", "d", "t", "f", "z", "s", "a", "o");
    }

    @Test
    void open_nonAsciiText_isDecodedAsUtf8() {
        Read r = read("{\"user\": \"Jürgen 日本 🙂\", \"n\": 1}\n{\"n\": \"é\" x}\n");

        assertThat(r.values("user")).containsExactly("Jürgen 日本 🙂");
        assertThat(r.problems()).singleElement().extracting(p -> p.where().line()).isEqualTo(2);
    }

    @Test
    void open_recordsLongerThanTheReadBuffer_areReadWhole() throws IOException {
        String big = "x".repeat(300_000);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append("{\"n\": ").append(i).append(", \"big\": \"").append(big).append("\"}\n");
        }
        for (int i = 5; i < 20_005; i++) {
            sb.append("{\"n\": ").append(i).append("}\n");
        }
        Path file = write("big.jsonl", sb.toString());

        Read r = read(file);

        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).hasSize(20_005);
        assertThat(r.values("big")).hasSize(5).allSatisfy(v -> assertThat(v).isEqualTo(big));
        assertThat(r.events().get(20_004).source().line()).isEqualTo(20_005);
    }

    // --- arrays and pretty-printed objects ---

    @Test
    void open_prettyArray_readsEachObjectAtItsLine() throws IOException {
        Path file = write("array.json", """
                [
                  {
                    "n": 1,
                    "list": [{"a": 1}, {"a": 2}]
                  },
                  {
                    "n": 2
                  }
                ]
                """);

        Read r = read(file);

        assertThat(r.problems()).isEmpty();
        assertThat(r.values("n")).containsExactly(1, 2);
        assertThat(r.lines()).containsExactly(2, 6);
        assertThat(r.values("list.a")).containsExactly(1, 2);
    }

    @Test
    void open_compactArray_readsEachObject() throws IOException {
        Path file = write("compact.json", "[{\"n\":1},{\"n\":2,\"a\":[[1],[2]]},{\"n\":3}]");

        Read r = read(file);

        assertThat(r.problems()).isEmpty();
        assertThat(r.values("n")).containsExactly(1, 2, 3);
        assertThat(r.lines()).containsExactly(1, 1, 1);
    }

    @Test
    void open_arrayWithBadAndNonObjectElements_skipsOnlyThose() throws IOException {
        Path file = write("mixed.json", "[{\"n\":1}, 2, \"three\", [4], {\"n\": x}, {\"n\":6}]");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 6);
        assertThat(r.skipped()).isEqualTo(4);
        assertThat(r.problems()).extracting(p -> p.where().column()).containsExactly(11, 14, 23, 34);
    }

    @Test
    void open_arrayWithStrayClosingBrace_reportsItAndGoesOn() throws IOException {
        // found by EventReaderFuzzTest: a '}' where an element starts used to stop reading for ever
        Path file = write("stray.json", "[{\"n\":1}}, {\"n\":2}, }]\n{\"n\":3}\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 2, 3);
        assertThat(r.problems()).extracting(p -> p.where().column()).containsExactly(9, 21);
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.message()).contains("expected a JSON object, found: }"));
    }

    @Test
    void open_arrayWithUnclosedLastElement_reportsItAndReadsWhatFollows() throws IOException {
        Path file = write("unclosed.json", "[\n  {\"n\": 1},\n  {\"n\": 2, \"o\": {\"a\": 1}\n]\n{\"n\": 3}\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 3);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(3);
            assertThat(p.message()).containsIgnoringCase("end-of-input");
        });
    }

    @Test
    void open_oneElementPerLineArrayWithTruncatedLine_readsTheNextLines() throws IOException {
        Path file = write("lines.json", "[\n{\"n\": 1},\n{\"n\": 2, \"s\": \"cut\n{\"n\": 3},\n{\"n\": 4}\n]\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 3, 4);
        assertThat(r.problems()).singleElement().extracting(p -> p.where().line()).isEqualTo(3);
    }

    @Test
    void open_emptyArray_readsNothingWithoutProblems() throws IOException {
        Read r = read(write("none.json", "[]\n"));

        assertThat(r.events()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void open_evtxDumpOutput_skipsRecordLinesSilently() throws IOException {
        Path file = write("evtx.json", EVTX);

        Read r = read(file);

        assertThat(r.problems()).isEmpty();
        assertThat(r.values("Event.System.EventRecordID")).containsExactly(1, 2);
        assertThat(r.lines()).containsExactly(2, 26);
    }

    @Test
    void open_evtxShapedRecord_resolvesNestedFieldsAndSystemTime() throws IOException {
        Read r = read(write("evtx.json", EVTX));

        Event first = r.events().get(0);
        List<Object> ids = new ArrayList<>();
        assertThat(first.values(FieldPath.of("Event.System.EventID"), ids::add)).isTrue();
        assertThat(ids).containsExactly(4688);
        assertThat(first.has(FieldPath.of("Event.EventData.NewProcessName"))).isTrue();
        assertThat(r.values("Event.EventData.NewProcessName"))
                .containsExactly("C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\System32\\whoami.exe");
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2020-10-18T10:56:18.799Z"));
        assertThat(r.events().get(1).timestamp()).isEqualTo(Instant.parse("2020-10-18T10:56:19Z"));
    }

    @Test
    void open_timestampField_givesTheEventTime() {
        Read r = read("{\"@timestamp\": \"2020-10-23T02:36:40.671Z\"}\n{\"x\": 1}\n");

        assertThat(r.events().get(0).timestamp()).isEqualTo(Instant.parse("2020-10-23T02:36:40.671Z"));
        assertThat(r.events().get(1).timestamp()).isNull();
    }

    @Test
    void builder_eventTimeFromOtherField_isUsed() {
        EventReader reader = EventReader.builder()
                .eventTime(EventTime.fromFields(List.of("when")))
                .open(new ByteArrayInputStream("{\"when\": 1603017378, \"@timestamp\": \"2001-01-01T00:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8)), "mem");

        Event e = reader.iterator().next();

        assertThat(e.timestamp()).isEqualTo(Instant.parse("2020-10-18T10:36:18Z"));
    }

    @Test
    void open_truncatedPrettyRecordBeforeAnother_reportsItAndReadsTheNext() throws IOException {
        Path file = write("cut.json", """
                Record 1
                {
                  "Event": {
                    "n": 1,
                Record 2
                {
                  "Event": {
                    "n": 2
                  }
                }
                """);

        Read r = read(file);

        assertThat(r.values("Event.n")).containsExactly(2);
        assertThat(r.lines()).containsExactly(6);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(4);
            assertThat(p.message()).contains("record starting at line 2");
        });
    }

    @Test
    void open_prettyFileTruncatedMidRecord_reportsThatRecord() throws IOException {
        Path file = write("cut.json", """
                {
                  "n": 1
                }
                {
                  "n": 2,
                  "s": "abc
                """);

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().file()).isEqualTo(file.toString());
            assertThat(p.message()).contains("record starting at line 4");
        });
    }

    @Test
    void open_junkBetweenPrettyObjects_isReported() throws IOException {
        Path file = write("junk.json", "{\n  \"n\": 1\n}\nnot json at all\n{\n  \"n\": 2\n}\n");

        Read r = read(file);

        assertThat(r.values("n")).containsExactly(1, 2);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(4);
            assertThat(p.message()).isEqualTo("expected a JSON object, found: not json at all");
        });
    }

    // --- gzip and BOM, for every format ---

    static final String EVTX = """
            Record 1
            {
              "Event": {
                "#attributes": {
                  "xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"
                },
                "System": {
                  "EventID": {
                    "#text": 4688,
                    "#attributes": {"Qualifiers": ""}
                  },
                  "EventRecordID": 1,
                  "TimeCreated": {
                    "#attributes": {
                      "SystemTime": "2020-10-18 10:56:18.799"
                    }
                  }
                },
                "EventData": {
                  "NewProcessName": "C:\\\\Windows\\\\System32\\\\cmd.exe",
                  "CommandLine": "cmd.exe /c \\"echo {hi}\\""
                }
              }
            }
            Record 2
            {
              "Event": {
                "System": {
                  "EventID": 4688,
                  "EventRecordID": 2,
                  "TimeCreated": {
                    "#attributes": {
                      "SystemTime": "2020-10-18T10:56:19.000000Z"
                    }
                  }
                },
                "EventData": {
                  "NewProcessName": "C:\\\\Windows\\\\System32\\\\whoami.exe"
                }
              }
            }
            """;

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("jsonl", "{\"n\": 1}\n{\"n\": 2}\n\n{\"n\": 3}\n"),
                Arguments.of("pretty array", "[\n  {\n    \"n\": 1\n  },\n  {\"n\": 2},\n  {\n    \"n\": 3\n  }\n]\n"),
                Arguments.of("compact array", "[{\"n\":1},{\"n\":2},{\"n\":3}]"),
                Arguments.of("concatenated pretty", "{\n  \"n\": 1\n}\n{\n  \"n\": 2\n}\n{\n  \"n\": 3\n}"),
                Arguments.of("evtx_dump", "Record 1\n{\n  \"n\": 1\n}\nRecord 2\n{\n  \"n\": 2\n}\nRecord 3\n{\n  \"n\": 3\n}\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void open_eachFormatPlainGzippedOrWithBom_readsTheSameEvents(String format, String content) throws IOException {
        byte[] plain = content.getBytes(StandardCharsets.UTF_8);
        byte[] bom = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, plain);

        for (Path file : List.of(
                write("plain.txt", plain),
                write("gzipped.txt", gzip(plain)),
                write("bom.txt", bom),
                write("bom-gzipped.json", gzip(bom)))) {
            Read r = read(file);
            assertThat(r.problems()).as(file.getFileName().toString()).isEmpty();
            assertThat(r.values("n")).as(file.getFileName().toString()).containsExactly(1, 2, 3);
            assertThat(r.events().get(0).source().file()).isEqualTo(file.toString());
        }
    }

    @Test
    void open_bom_keepsLinesAndColumns() {
        byte[] content = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                "{\"n\": x}\n{\"n\": 2}\n".getBytes(StandardCharsets.UTF_8));
        EventReader reader = EventReader.builder().open(new ByteArrayInputStream(content), "bom");
        List<Event> events = new ArrayList<>();
        reader.forEach(events::add);

        assertThat(events).extracting(e -> e.source().line()).containsExactly(2);
        assertThat(reader.problems()).singleElement()
                .extracting(Problem::where).isEqualTo(SourcePosition.of("bom", 1, 7));
    }

    @Test
    void open_gzipTruncated_reportsAProblemAndKeepsWhatWasRead() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append("{\"n\": ").append(i).append(", \"pad\": \"").append(i * 7919L).append("\"}\n");
        }
        byte[] gz = gzip(sb.toString().getBytes(StandardCharsets.UTF_8));
        Path file = write("cut.jsonl.gz", Arrays.copyOf(gz, gz.length / 2));

        Read r = read(file);

        assertThat(r.events()).isNotEmpty().hasSizeLessThan(50_000);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).message()).startsWith("cannot read further:");
    }

    @Test
    void open_gzipMagicWithGarbage_reportsAProblemWithoutThrowing() throws IOException {
        Path file = write("fake.gz", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5});

        Read r = read(file);

        assertThat(r.events()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.where().file()).isEqualTo(file.toString()));
    }

    // --- the reader itself ---

    @Test
    void open_missingFileOrFolder_throws() {
        assertThatThrownBy(() -> EventReader.builder().open(dir.resolve("missing.jsonl"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> EventReader.builder().open(dir)).isInstanceOf(IOException.class);
    }

    @Test
    void iterator_calledTwice_throws() {
        EventReader reader = EventReader.builder().open(new ByteArrayInputStream(new byte[0]), "mem");
        reader.iterator();

        assertThatThrownBy(reader::iterator).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void iterator_readToTheEnd_closesTheInput() {
        boolean[] closed = {false};
        InputStream in = new FilterInputStream(new ByteArrayInputStream("{\"n\":1}".getBytes(StandardCharsets.UTF_8))) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        EventReader reader = EventReader.builder().open(in, "mem");

        reader.forEach(e -> { });

        assertThat(closed[0]).isTrue();
        assertThat(reader.eventsRead()).isEqualTo(1);
    }

    @Test
    void onProblem_isCalledWithEachProblemAsFound() {
        List<Problem> seen = new ArrayList<>();
        EventReader reader = EventReader.builder().onProblem(seen::add)
                .open(new ByteArrayInputStream("1\n{\"n\":1}\n{x}\n".getBytes(StandardCharsets.UTF_8)), "mem");
        List<Event> events = new ArrayList<>();
        reader.forEach(events::add);

        assertThat(seen).hasSize(2).isEqualTo(reader.problems());
        assertThat(events).hasSize(1);
    }

    // --- many files ---

    @Test
    void readAll_foldersAndFiles_readsMatchingFilesRecursivelyInSortedOrder() throws IOException {
        write("logs/b.jsonl", "{\"f\": \"b\"}\n");
        write("logs/a.json", "[{\"f\": \"a\"}]");
        write("logs/sub/c.ndjson", "{\"f\": \"c\"}\n");
        write("logs/sub/d.log.gz", gzip("{\"f\": \"d\"}\n".getBytes(StandardCharsets.UTF_8)));
        write("logs/sub/e.JSONL", "{\"f\": \"e\"}\n");
        write("logs/notes.txt", "{\"f\": \"ignored\"}\n");
        write("logs/archive.tar.gz", "{\"f\": \"ignored\"}\n");
        Path explicit = write("other/x.txt", "{\"f\": \"x\"}\n");
        List<Object> seen = new ArrayList<>();

        ReadStats stats = EventReader.builder().readAll(
                List.of(dir.resolve("logs"), explicit, dir.resolve("logs/b.jsonl")),
                e -> e.values(FieldPath.of("f"), seen::add));

        assertThat(seen).containsExactly("a", "b", "c", "d", "e", "x");
        assertThat(stats.files()).isEqualTo(6);
        assertThat(stats.events()).isEqualTo(6);
        assertThat(stats.skipped()).isZero();
        assertThat(stats.problems()).isEmpty();
    }

    @Test
    void readAll_missingAndBadFiles_reportsThemAndReadsTheOthers() throws IOException {
        Path good = write("good.jsonl", "{\"n\": 1}\n{\"n\": 2}\n");
        Path bad = write("bad.jsonl", "{\"n\": 3}\n{oops}\n");
        Path missing = dir.resolve("missing.jsonl");
        List<Event> events = new ArrayList<>();
        List<Problem> seen = new ArrayList<>();

        ReadStats stats = EventReader.builder().onProblem(seen::add)
                .readAll(List.of(missing, bad, good), events::add);

        assertThat(events).extracting(e -> e.fields().get("n")).containsExactly(3, 1, 2);
        assertThat(stats.files()).isEqualTo(2);
        assertThat(stats.events()).isEqualTo(3);
        assertThat(stats.skipped()).isEqualTo(1);
        assertThat(stats.problems()).hasSize(2).isEqualTo(seen);
        assertThat(stats.problems().get(0).where().file()).isEqualTo(missing.toString());
        assertThat(stats.problems().get(0).message()).isEqualTo("cannot open: no such file");
        assertThat(stats.problems().get(1).where()).isEqualTo(SourcePosition.of(bad.toString(), 2, 2));
    }

    @Test
    void readAll_inputsWithoutEvents_areReportedAsWarningsAndCounted() throws IOException {
        Path noEventFiles = Files.createDirectories(dir.resolve("nothing"));
        write("nothing/notes.txt", "{\"n\": 0}\n");
        Path empty = write("empty.jsonl", "");
        Path blank = write("blank.jsonl", "\n\n");
        Path bad = write("bad.jsonl", "{oops}\n[1]\n");
        Path good = write("good.jsonl", "{\"n\": 1}\n");
        List<Problem> seen = new ArrayList<>();

        ReadStats stats = EventReader.builder().onProblem(seen::add)
                .readAll(List.of(noEventFiles, empty, blank, bad, good), e -> { });

        assertThat(stats.files()).isEqualTo(4);
        assertThat(stats.filesWithoutEvents()).isEqualTo(3);
        assertThat(stats.events()).isEqualTo(1);
        assertThat(stats.problems()).isEqualTo(seen);
        assertThat(seen).filteredOn(p -> !p.isError()).extracting(Problem::toString).containsExactly(
                noEventFiles + ": no event files (looked for *.evtx, and *.json, *.jsonl, *.ndjson, *.log, optionally .gz)",
                empty + ": no records",
                blank + ": no records",
                bad + ": no event could be read (2 records skipped)");
        // each file's warning comes after its own problems
        assertThat(seen.get(seen.size() - 1).where().file()).isEqualTo(bad.toString());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
