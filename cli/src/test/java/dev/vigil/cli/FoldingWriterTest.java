package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The folds of {@code hunt --dedup}: what is folded together, counts, first and last, order, the bound. */
class FoldingWriterTest {

    private static final Rule A = Rule.builder().id("a").title("A").level(Level.HIGH).condition(Condition.TRUE).build();
    private static final Rule B = Rule.builder().id("b").title("B").level(Level.LOW).condition(Condition.TRUE).build();
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static Detection detection(Rule rule, String host, Instant time, String file, int line) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("CommandLine", "c" + line);
        if (host != null) {
            fields.put("Computer", host);
        }
        return new Detection(rule, Event.of(fields, SourcePosition.of(file, line), time));
    }

    private static Detection at(Rule rule, String host, long secondsAfterT0, int line) {
        return detection(rule, host, T0.plusSeconds(secondsAfterT0), "f.jsonl", line);
    }

    /** What the folding writer passes on: a fold or an alert. */
    private static final class Recorder implements DetectionWriter {
        final List<Object> written = new ArrayList<>();
        boolean finished;

        @Override
        public void write(Alert alert) {
            written.add(alert);
        }

        @Override
        public void write(Fold fold) {
            written.add(fold);
        }

        @Override
        public void finish() {
            finished = true;
        }

        List<Fold> folds() {
            return written.stream().filter(Fold.class::isInstance).map(Fold.class::cast).toList();
        }
    }

    private static Recorder fold(Duration period, int maxOpen, List<Detection> in) throws IOException {
        Recorder r = new Recorder();
        FoldingWriter w = new FoldingWriter(r, period, maxOpen);
        for (Detection d : in) {
            w.write(d);
        }
        w.finish();
        return r;
    }

    @Test
    void sameRuleHostAndPeriod_foldInto_oneRow_withExactCountAndLast() throws IOException {
        List<Detection> in = List.of(at(A, "H1", 30, 1), at(A, "H1", 5, 2), at(A, "H1", 3_599, 3), at(A, "H1", 100, 4));

        Recorder r = fold(Duration.ofHours(1), 100, in);

        assertThat(r.folds()).hasSize(1);
        Fold f = r.folds().get(0);
        assertThat(f.count()).isEqualTo(4);
        assertThat(f.first().source().line()).isEqualTo(2);
        assertThat(f.last()).isEqualTo(T0.plusSeconds(3_599));
        assertThat(r.finished).isTrue();
    }

    @Test
    void periodsAreAlignedToTheEpoch_aBurstAcrossABoundaryIsTwoRows() throws IOException {
        // 10:59:59 and 11:00:00 are one second apart but in two clock hours
        Recorder r = fold(Duration.ofHours(1), 100, List.of(at(A, "H1", 3_599, 1), at(A, "H1", 3_600, 2)));

        assertThat(r.folds()).extracting(Fold::count).containsExactly(1L, 1L);
    }

    @Test
    void otherRulesAndHosts_areNotFoldedTogether_aMissingHostIsAHostOfItsOwn() throws IOException {
        List<Detection> in = List.of(at(A, "H1", 0, 1), at(A, "H2", 1, 2), at(B, "H1", 2, 3), at(A, null, 3, 4),
                at(A, null, 4, 5), at(A, "H1", 5, 6));

        Recorder r = fold(Duration.ofHours(1), 100, in);

        assertThat(r.folds()).extracting(f -> f.first().source().line() + "x" + f.count())
                .containsExactly("1x2", "2x1", "3x1", "4x2");
    }

    @Test
    void sameTime_firstIsBySource_notByArrival() throws IOException {
        Detection inB = detection(A, "H1", T0, "b.jsonl", 1);
        Detection inA = detection(A, "H1", T0, "a.jsonl", 9);

        assertThat(fold(Duration.ofMinutes(5), 100, List.of(inB, inA)).folds().get(0).first()).isSameAs(inA);
        assertThat(fold(Duration.ofMinutes(5), 100, List.of(inA, inB)).folds().get(0).first()).isSameAs(inA);
    }

    @Test
    void anyOrderOfTheDetections_givesTheSameOutput() throws IOException {
        Random random = new Random(13);
        List<Detection> in = new ArrayList<>();
        String[] hosts = {"H1", "H2", null};
        for (int i = 1; i <= 400; i++) {
            in.add(detection(random.nextBoolean() ? A : B, hosts[random.nextInt(3)],
                    T0.plusSeconds(random.nextInt(4 * 3_600)), "f" + random.nextInt(3) + ".jsonl", i));
        }
        String expected = jsonl(in);
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(in, random);
            assertThat(jsonl(in)).isEqualTo(expected);
        }
        assertThat(expected.lines()).hasSizeLessThanOrEqualTo(2 * 3 * 5);
    }

    /** The folds as JSON Lines, in event-time order as the hunt prints them. */
    private static String jsonl(List<Detection> in) throws IOException {
        StringWriter out = new StringWriter();
        FoldingWriter w = new FoldingWriter(new SortingWriter(out, JsonlWriter::new, null, 1_000), Duration.ofHours(1),
                100);
        for (Detection d : in) {
            w.write(d);
        }
        w.finish();
        return out.toString();
    }

    @Test
    void untimedDetections_arePassedOnAsTheyCome() throws IOException {
        Detection untimed1 = detection(A, "H1", null, "f.jsonl", 1);
        Detection untimed2 = detection(A, "H1", null, "f.jsonl", 2);

        Recorder r = fold(Duration.ofHours(1), 100, List.of(untimed1, at(A, "H1", 0, 3), untimed2));

        assertThat(r.written.get(0)).isSameAs(untimed1);
        assertThat(r.written.get(1)).isSameAs(untimed2);
        assertThat(r.folds()).hasSize(1);
    }

    @Test
    void beyondTheLimit_theLeastRecentlyAddedToIsWrittenEarly_andCounted() throws IOException {
        Recorder r = new Recorder();
        FoldingWriter w = new FoldingWriter(r, Duration.ofHours(1), 2);
        w.write(at(A, "H1", 0, 1));
        w.write(at(A, "H2", 1, 2));
        w.write(at(A, "H1", 2, 3)); // H1 is now the most recently added to
        w.write(at(A, "H3", 3, 4)); // three open: H2 goes

        assertThat(r.folds()).extracting(f -> f.first().source().line()).containsExactly(2);
        w.write(at(A, "H2", 4, 5)); // H2's period again: a new fold; H1 goes
        w.finish();

        assertThat(r.folds()).extracting(f -> f.first().source().line() + "x" + f.count())
                .containsExactly("2x1", "1x2", "4x1", "5x1");
        assertThat(w.counts()).isEqualTo(new FoldingWriter.Counts(5, 4, 2));
        assertThat(w.summaryLine()).isEqualTo("folded:           5 detections into 4 rows (--dedup 1h); 2 folds "
                + "printed early to keep 2 open at most, so a rule and host may have more than one row in a period");
    }

    @Test
    void formats_showTheCountAndLast() throws IOException {
        Fold fold = new Fold(at(A, "H1", 0, 1), 12, T0.plusSeconds(271));
        Fold nextDay = new Fold(at(A, "H1", 0, 1), 3, T0.plus(Duration.ofDays(1)));
        Fold single = new Fold(at(A, "H1", 0, 1), 1, T0);

        StringWriter table = new StringWriter();
        TableWriter t = new TableWriter(table, false, false, false);
        t.write(fold);
        t.write(nextDay);
        t.write(single);
        List<String> rows = table.toString().lines().toList();
        assertThat(rows.get(0)).endsWith("\u00d712 until 10:04:31 CommandLine=c1");
        assertThat(rows.get(1)).endsWith("\u00d73 until 2024-05-02 10:00:00 CommandLine=c1");
        assertThat(rows.get(2)).endsWith("  CommandLine=c1").doesNotContain("\u00d7");

        StringWriter csv = new StringWriter();
        CsvWriter c = new CsvWriter(csv, false, true);
        c.write(fold);
        c.write((Alert) at(A, null, 0, 2));
        String[] lines = csv.toString().split("\r\n");
        assertThat(lines[0]).isEqualTo(CsvWriter.HEADER + ",DedupCount,DedupLast");
        assertThat(lines[1]).endsWith(",detection,,,,,,12,2024-05-01T10:04:31Z");
        assertThat(lines[2]).endsWith(",detection,,,,,,,");

        StringWriter json = new StringWriter();
        new JsonlWriter(json).write(fold);
        assertThat(json.toString()).endsWith(",\"dedup\":{\"count\":12,\"last\":\"2024-05-01T10:04:31Z\"}}\n");
    }

    @Test
    void periodsOfWholeSecondsOnly() {
        assertThat(FoldingWriter.periodError(Duration.ofSeconds(1))).isNull();
        assertThat(FoldingWriter.periodError(Duration.ZERO)).contains("at least 1s");
        assertThat(FoldingWriter.periodError(Duration.ofMillis(1_500))).contains("whole number of seconds");
        assertThatThrownBy(() -> new FoldingWriter(new Recorder(), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FoldingWriter.text(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(FoldingWriter.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(FoldingWriter.text(Duration.ofSeconds(45))).isEqualTo("45s");
    }
}
