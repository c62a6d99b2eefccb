package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Hunt output in event-time order ({@code --sort time}), in memory and through runs on disk. */
class SortingWriterTest {

    private static final Rule RULE = Rule.builder().id("r1").title("Rule").level(Level.HIGH)
            .condition(Condition.TRUE).build();

    private static Detection detection(Instant time, int line) {
        return new Detection(RULE, Event.of(Map.of("CommandLine", "c" + line, "Computer", "H" + line),
                SourcePosition.of("f.jsonl", line), time));
    }

    /** Random times, some repeated and some missing; line numbers give the arrival order. */
    private static List<Detection> shuffled(int n, long seed) {
        Random random = new Random(seed);
        List<Detection> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Instant t = random.nextInt(10) == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + random.nextInt(n / 3 + 1));
            out.add(detection(t, i));
        }
        return out;
    }

    /** Event time, untimed last, ties in arrival order. */
    private static List<Integer> expectedLines(List<Detection> in) {
        return in.stream().sorted(Comparator.comparing((Detection d) -> d.timestamp() == null)
                        .thenComparing(Detection::timestamp, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingInt(d -> d.source().line()))
                .map(d -> d.source().line()).toList();
    }

    private static List<Integer> jsonlLines(String out) {
        return out.lines().map(l -> Integer.parseInt(l.replaceAll(".*\"line\":(\\d+).*", "$1"))).toList();
    }

    private static String sorted(List<Detection> in, long bufferChars, int[] runs) throws IOException {
        StringWriter out = new StringWriter();
        SortingWriter w = new SortingWriter(out, JsonlWriter::new, null, bufferChars);
        for (Detection d : in) {
            w.write(d);
        }
        runs[0] = w.runs();
        w.finish();
        return out.toString();
    }

    @Test
    void inMemory_ordersByEventTime_untimedLast_tiesInArrivalOrder() throws IOException {
        List<Detection> in = shuffled(500, 1);
        int[] runs = new int[1];
        String out = sorted(in, SortingWriter.MAX_BUFFER_CHARS, runs);
        assertThat(runs[0]).isZero();
        assertThat(jsonlLines(out)).containsExactlyElementsOf(expectedLines(in));
    }

    @Test
    void beyondTheBuffer_sortsThroughRunsOnDisk_sameOrder_andDeletesThem() throws IOException {
        List<Detection> in = shuffled(5_000, 2);
        int[] runs = new int[1];
        long before = tempRuns();
        String out = sorted(in, 20_000, runs);
        assertThat(runs[0]).isGreaterThan(10);
        assertThat(jsonlLines(out)).containsExactlyElementsOf(expectedLines(in));
        assertThat(tempRuns()).isEqualTo(before);
    }

    @Test
    void table_headerComesOnce_beforeTheFirstRow_andNotAtAllWithoutRows() throws IOException {
        StringWriter out = new StringWriter();
        TableWriter header = new TableWriter(out, false, false, false);
        SortingWriter w = new SortingWriter(out, x -> new TableWriter(x, false, false, false), header.headerLine(), 1_000);
        for (Detection d : shuffled(200, 3)) {
            w.write(d);
        }
        w.finish();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(201);
        assertThat(lines.get(0)).startsWith(TableWriter.HEADER_TIME);
        assertThat(lines.subList(1, lines.size())).noneMatch(l -> l.startsWith(TableWriter.HEADER_TIME));

        StringWriter empty = new StringWriter();
        new SortingWriter(empty, x -> new TableWriter(x, false, false, false), header.headerLine(), 1_000).finish();
        assertThat(empty.toString()).isEmpty();
    }

    @Test
    void csv_headerIsWrittenAtOnce_rowsSorted() throws IOException {
        StringWriter out = new StringWriter();
        SortingWriter w = new SortingWriter(out, x -> new CsvWriter(x, false), null, 1_000);
        assertThat(out.toString()).isEqualTo(CsvWriter.HEADER + "\r\n");
        w.write(detection(Instant.parse("2024-01-02T00:00:00Z"), 1));
        w.write(detection(Instant.parse("2024-01-01T00:00:00Z"), 2));
        w.finish();
        String[] rows = out.toString().split("\r\n");
        assertThat(rows[1]).startsWith("2024-01-01T00:00:00Z");
        assertThat(rows[2]).startsWith("2024-01-02T00:00:00Z");
    }

    private static long tempRuns() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("vigil-sort")).count();
        }
    }
}
