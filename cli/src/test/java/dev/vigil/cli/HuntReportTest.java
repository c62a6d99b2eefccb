package dev.vigil.cli;

import static dev.vigil.cli.ReportFixture.ENCODED;
import static dev.vigil.cli.ReportFixture.FAILED;
import static dev.vigil.cli.ReportFixture.GUESSING;
import static dev.vigil.cli.ReportFixture.WHOAMI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vigil hunt --navigator FILE} read back as an ATT&CK Navigator layer, the limits that keep the report's
 * collector bounded, and a report file that cannot be written. The page itself is tested in a browser
 * ({@link HuntReportBrowserTest}).
 */
class HuntReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final Rule RULE = Rule.builder().id("r").title("rule").level(Level.LOW)
            .condition(new Condition.Match(FieldRef.of("x"), StringMatcher.equalTo("x", true))).build();

    private static Detection detection(Map<String, Object> fields, Instant time) {
        return new Detection(RULE, Event.of(fields, SourcePosition.of("f", 1), time));
    }

    @Test
    void navigator_isALayerOfTheTechniquesSeen_scoredByTheirHighestLevel() throws Exception {
        Path layer = dir.resolve("layers").resolve("hunt.json");

        CliRun run = CliRun.of("hunt", "--rules", ReportFixture.rules(dir).toString(), "--events",
                ReportFixture.events(dir).toString(), "--format", "jsonl", "--navigator", layer.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(layer.toFile());
        assertThat(json.get("name").asText()).isEqualTo("vigil hunt events.jsonl");
        assertThat(json.get("domain").asText()).isEqualTo("enterprise-attack");
        assertThat(json.at("/versions/layer").asText()).isEqualTo("4.5");
        assertThat(json.at("/versions/navigator").asText()).isEqualTo("4.9.0");
        assertThat(json.at("/gradient/minValue").asInt()).isEqualTo(1);
        assertThat(json.at("/gradient/maxValue").asInt()).isEqualTo(5);
        assertThat(json.at("/gradient/colors")).hasSize(5);
        Map<String, JsonNode> techniques = new java.util.TreeMap<>();
        json.get("techniques").forEach(t -> techniques.put(t.get("techniqueID").asText(), t));
        assertThat(techniques).containsOnlyKeys("T1033", "T1059.001", "T1110", "T1110.001");
        assertThat(techniques.get("T1059.001").get("score").asInt()).isEqualTo(4); // high
        assertThat(techniques.get("T1033").get("score").asInt()).isEqualTo(2); // low
        assertThat(techniques.get("T1110").get("score").asInt()).isEqualTo(3); // medium
        assertThat(techniques.get("T1110.001").get("score").asInt()).isEqualTo(5); // the critical correlation
        assertThat(techniques.get("T1059.001").get("comment").asText())
                .isEqualTo("2 detections, highest high: " + ENCODED);
        assertThat(techniques.get("T1033").get("comment").asText()).endsWith(WHOAMI);
        assertThat(techniques.get("T1110").get("comment").asText()).isEqualTo("3 detections, highest medium: " + FAILED);
        assertThat(techniques.get("T1110.001").get("comment").asText()).endsWith(GUESSING);
    }

    @Test
    void navigator_holdsOnlyWhatWasPrinted() throws Exception {
        Path layer = dir.resolve("layer.json");

        CliRun run = CliRun.of("hunt", "--rules", Examples.rules().toString(), "--events",
                Examples.events().toString(), "--min-level", "critical", "--format", "jsonl", "--navigator",
                layer.toString(), "--output", dir.resolve("out.jsonl").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(layer.toFile());
        // --min-level critical: only the critical detection of the examples (credential dumping) is printed
        assertThat(json.get("techniques")).singleElement().satisfies(t -> {
            assertThat(t.get("techniqueID").asText()).isEqualTo("T1003.001");
            assertThat(t.get("score").asInt()).isEqualTo(5);
        });
    }

    @Test
    void report_thatCannotBeWritten_isNamedWithItsReason_andExitsOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));

        CliRun run = CliRun.of("hunt", "--rules", Examples.rules().toString(), "--events",
                Examples.events().toString(), "--format", "jsonl", "--report", folder.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("vigil hunt: cannot write the report " + folder + ": ");
        assertThat(run.err()).contains("events read:"); // the summary still comes
    }

    @Test
    void distinctHosts_beyondTheLimit_areCountedTogether() {
        HuntReport report = new HuntReport(List.of(RULE));

        for (int i = 0; i <= HuntReport.MAX_DISTINCT; i++) {
            report.add(detection(Map.of("x", "x", "Computer", "host-" + i), null));
        }
        report.add(detection(Map.of("x", "x", "Computer", "host-0"), null));

        assertThat(report.hosts.counts).hasSize(HuntReport.MAX_DISTINCT).containsEntry("host-0", 2L);
        assertThat(report.hosts.others).isEqualTo(1);
        assertThat(report.detections).isEqualTo(HuntReport.MAX_DISTINCT + 2);
        assertThat(report.users.missing).isEqualTo(HuntReport.MAX_DISTINCT + 2);
    }

    @Test
    void rows_keepTheMostSevere_andTextsAreCut() {
        Rule critical = RULE.toBuilder().id("c").level(Level.CRITICAL).build();
        HuntReport report = new HuntReport(List.of(RULE, critical));
        for (int i = 0; i < HuntReport.MAX_ROWS + 5; i++) {
            report.add(detection(Map.of("x", "x", "Computer", "h" + i), Instant.ofEpochSecond(i)));
        }
        report.add(new Detection(critical, Event.of(Map.of("x", "x", "Computer", "z".repeat(5_000)),
                SourcePosition.of("f", 2), Instant.ofEpochSecond(0))));

        List<HuntReport.Row> rows = report.rows();
        assertThat(rows).hasSize(HuntReport.MAX_ROWS);
        assertThat(rows.get(1).level()).isEqualTo(Level.CRITICAL); // at second 0 too, found after the first
        assertThat(rows.get(1).computer()).hasSize(HuntReport.MAX_TEXT).endsWith("...");
        assertThat(rows).filteredOn(r -> r.level() == Level.LOW).hasSize(HuntReport.MAX_ROWS - 1)
                .last().extracting(HuntReport.Row::computer).isEqualTo("h" + (HuntReport.MAX_ROWS - 2));
    }

    @Test
    void timeChart_staysBounded_acrossForgedCenturies_andCountsEverything() {
        TimeHistogram times = new TimeHistogram();
        List<Instant> forged = new ArrayList<>(List.of(Instant.MIN, Instant.MAX, Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59Z")));
        for (int i = 0; i < 20_000; i++) {
            forged.add(Instant.parse("2026-03-02T08:00:00Z").plusSeconds(i * 7L));
        }
        forged.forEach(t -> times.add(t, Level.HIGH));

        List<TimeHistogram.Bar> bars = times.bars(60);

        assertThat(times.buckets()).isLessThanOrEqualTo(TimeHistogram.MAX_BUCKETS);
        assertThat(bars).hasSizeBetween(1, 60);
        assertThat(bars.stream().mapToLong(TimeHistogram.Bar::total).sum()).isEqualTo(forged.size());
    }

    @Test
    void timeChart_ofOneMorning_hasRoundBars() {
        TimeHistogram times = new TimeHistogram();
        times.add(Instant.parse("2026-03-02T08:00:07Z"), Level.LOW);
        times.add(Instant.parse("2026-03-02T08:59:59Z"), Level.HIGH);

        List<TimeHistogram.Bar> bars = times.bars(60);

        // an hour in 60 bars: one minute each, from 08:00 to 08:59
        assertThat(bars).hasSize(60);
        assertThat(bars.get(0).start()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(bars.get(59).end()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(bars.get(0).counts()[Level.LOW.ordinal()]).isEqualTo(1);
        assertThat(bars.get(59).counts()[Level.HIGH.ordinal()]).isEqualTo(1);
    }

    @Test
    void jsonInAScriptBlock_cannotCloseIt() {
        assertThat(HtmlReport.jsonInScript("[\"</script><!--<script>&amp;\"]"))
                .isEqualTo("[\"\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e\\u0026amp;\"]")
                .doesNotContain("<", ">", "&");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PT0S       | 0 s
            PT45S      | 45 s
            PT5M       | 5 min
            PT1H30M10S | 1 h 30 min
            PT48H      | 2 d
            PT49H5M    | 2 d 1 h
            """)
    void spans_areTheTwoLargestUnits_withoutZeros(java.time.Duration span, String text) {
        assertThat(HtmlReport.span(span)).isEqualTo(text);
    }
}
