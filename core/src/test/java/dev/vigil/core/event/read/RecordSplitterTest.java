package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RecordSplitterTest {

    private static final List<String> INPUTS = List.of(
            "{\"n\": 1}\n{\"n\": 2, \"bad\": }\n\n{\"n\": 3}\r\n42\n\"str\"\n{\"n\": [4}, \"m\": 4}\n{\"n\": 5",
            "\uFEFF[\n  {\"n\": 1, \"s\": \"a\\\\\\\"}{\"},\n  2, \"x,]\", [3, [4]], null,\n  {\"n\": 5}\n]\n",
            "Record 1\n{\n  \"n\": 1,\n  \"u\": \"Jürgen 日本 🙂\"\n}\nRecord 2\n{\n  \"n\": 2,\nRecord 3\n{\n  \"n\": 3\n}\n",
            "{\"a\": \"line\nbreak\"}\n{\"b\": \"esc\\\n\"}\n{\"c\": 1}{\"d\": 2},{\"e\": 3} junk here\n",
            "[{\"n\":1},{\"n\":2, \"o\": {\"a\": 1}\n]\n{\"n\": 3}\n");

    private static List<String> spans(byte[] input, int bufferSize, int maxRecordBytes) {
        return spans(input, bufferSize, maxRecordBytes, ReadLimits.DEFAULT_MAX_DEPTH);
    }

    private static List<String> spans(byte[] input, int bufferSize, int maxRecordBytes, int maxDepth) {
        RecordSplitter s = new RecordSplitter(new ByteArrayInputStream(input), bufferSize, maxRecordBytes, maxDepth);
        List<String> out = new ArrayList<>();
        try {
            while (s.next()) {
                String where = s.line() + ":" + s.column() + " ";
                out.add(switch (s.kind()) {
                    case OBJECT -> where + (s.complete() ? "object " : "broken ")
                            + new String(s.bytes(), s.offset(), s.length(), StandardCharsets.UTF_8);
                    case NOT_OBJECT -> where + "value " + s.snippet();
                    case TOO_LARGE -> where + "too large";
                    case TOO_DEEP -> where + "too deep";
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> spans(String input) {
        return spans(input.getBytes(StandardCharsets.UTF_8), 1 << 17, Integer.MAX_VALUE);
    }

    @Test
    void next_anyBufferSize_givesTheSameSpans() {
        for (String input : INPUTS) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            List<String> expected = spans(bytes, 1 << 17, Integer.MAX_VALUE);
            for (int size = 4; size <= 48; size++) {
                assertThat(spans(bytes, size, Integer.MAX_VALUE)).as("buffer %d for %s", size, input).isEqualTo(expected);
            }
        }
    }

    @Test
    void next_gzippedWithSmallBuffer_givesTheSameSpans() {
        for (String input : INPUTS) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            List<String> expected = spans(bytes, 1 << 17, Integer.MAX_VALUE);
            assertThat(spans(gzip(bytes), 5, Integer.MAX_VALUE)).isEqualTo(expected);
        }
    }

    @Test
    void next_jsonLinesMix_splitsAsDocumented() {
        assertThat(spans(INPUTS.get(0))).containsExactly(
                "1:1 object {\"n\": 1}",
                "2:1 object {\"n\": 2, \"bad\": }",
                "4:1 object {\"n\": 3}",
                "5:1 value 42",
                "6:1 value \"str\"",
                "7:1 broken {\"n\": [4}",
                "8:1 broken {\"n\": 5");
    }

    @Test
    void next_arrayWithBomAndValues_splitsElements() {
        assertThat(spans(INPUTS.get(1))).containsExactly(
                "2:3 object {\"n\": 1, \"s\": \"a\\\\\\\"}{\"}",
                "3:3 value 2",
                "3:6 value \"x,]\"",
                "3:13 value [3, [4]]",
                "3:23 value null",
                "4:3 object {\"n\": 5}");
    }

    @Test
    void next_evtxDumpWithTruncatedRecord_endsItAtTheNextHeader() {
        assertThat(spans(INPUTS.get(2))).containsExactly(
                "2:1 object {\n  \"n\": 1,\n  \"u\": \"Jürgen 日本 🙂\"\n}",
                "7:1 broken {\n  \"n\": 2,",
                "10:1 object {\n  \"n\": 3\n}");
    }

    @Test
    void next_rawNewlineInString_endsTheRecordAtThatLine() {
        assertThat(spans(INPUTS.get(3))).containsExactly(
                "1:1 broken {\"a\": \"line\nbreak\"}",
                "3:1 broken {\"b\": \"esc\\\n\"}",
                "5:1 object {\"c\": 1}",
                "5:9 object {\"d\": 2}",
                "5:18 object {\"e\": 3}",
                "5:27 value junk here");
    }

    @Test
    void next_recordOverTheLimit_isSkippedAndTheNextRead() {
        String big = "{\"s\": \"" + "x".repeat(500) + "\"}";
        byte[] input = ("{\"n\": 1}\n" + big + "\n{\"n\": 3}\n").getBytes(StandardCharsets.UTF_8);

        assertThat(spans(input, 64, 200)).containsExactly(
                "1:1 object {\"n\": 1}",
                "2:1 too large",
                "3:1 object {\"n\": 3}");
    }

    /**
     * A record deeper than maxDepth is skipped as too deep, in JSON Lines, in an array and in pretty-printed
     * objects alike, at any buffer size; the record at the limit is kept.
     */
    @Test
    void next_recordDeeperThanMaxDepth_isSkippedAndTheNextRead() {
        String lines = "{\"n\": 1}\n{\"a\": [[[[]]]]}\n{\"a\": [[[]]]}\n{\"a\": [[[[[[[\n{\"n\": 3}\n"
                + "[{\"a\": [[[[[{}]]]]]}, {\"n\": 4}]\n[[[[[[[[[";
        assertSpansAtEveryBufferSize(lines, "1:1 object {\"n\": 1}", "2:1 too deep", "3:1 object {\"a\": [[[]]]}",
                "4:1 too deep", "5:1 object {\"n\": 3}", "6:2 too deep", "6:23 object {\"n\": 4}", "7:2 too deep");
        String pretty = "{\n \"a\": [[[[[]]]]]\n}\n{\n \"n\": 5\n}\n";
        assertSpansAtEveryBufferSize(pretty, "1:1 too deep", "4:1 object {\n \"n\": 5\n}");
    }

    private static void assertSpansAtEveryBufferSize(String input, String... expected) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        for (int size = 4; size <= 48; size++) {
            assertThat(spans(bytes, size, Integer.MAX_VALUE, 4)).as("buffer %d", size).containsExactly(expected);
        }
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
}
