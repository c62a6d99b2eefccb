package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the analyst sees of values an attacker chose, in {@code hunt --report} and the table: the same value
 * must not read differently from one output to the next.
 */
class ReportDisplayAttackTest {

    @TempDir
    Path dir;

    private Path rules() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("k.yml"), """
                title: Keyword
                id: 66666666-6666-4666-8666-666666666666
                status: test
                level: high
                logsource:
                  product: windows
                detection:
                  keywords:
                    - 'needle'
                  condition: keywords
                """);
        return rules;
    }

    /**
     * Attack: an event whose Computer is {@code "WS01\u202Egnp.exe"} (U+202E RIGHT-TO-LEFT OVERRIDE, the
     * "Trojan Source" trick): a browser shows it as {@code WS01exe.png}, so a
     * host, user, command line or file name reads as something else.
     *
     * <p>What goes wrong: the table and the CSV escape the bidirectional controls ({@link TerminalText}: the
     * table prints {@code WS01\u202egnp.exe}), but {@code HtmlReport} only HTML-escapes, and Jackson writes
     * the character raw into the JSON data block, so the report's hosts chart (label and tooltip) and its
     * detections table show the reordered text: the report is the one output where the spoof works.
     *
     * <p>Expected: the report shows the controls as the other outputs do (as {@code \u202e}, in the charts and
     * in the JSON block, whose script puts it in the page as text): no bidirectional control reaches the page.
     */
    @Test
    void bidiControlsInEventValues_doNotReachTheReport() throws Exception {
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"EventID\":1,\"Computer\":\"WS01\u202Egnp.exe\",\"User\":\"bob\u2066x\","
                + "\"CommandLine\":\"needle\"}\n");
        Path report = dir.resolve("report.html");

        CliRun run = CliRun.of("hunt", "-q", "--rules", rules().toString(), "--logsource", "ignore", "--events",
                events.toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).as("the table escapes it").contains("WS01\\u202egnp.exe");
        String html = Files.readString(report);
        assertThat(html).as("the report holds the host").contains("gnp.exe");
        assertThat(html.chars().filter(c -> c == 0x202E || c == 0x2066).count())
                .as("bidirectional controls in the report").isZero();
    }

    /**
     * Attack: an event dated in year 0 (the earliest time {@code EventTime} accepts, {@code 0000-01-01T00:00:00Z}),
     * beside ordinary ones.
     *
     * <p>What goes wrong: the table ({@code TableWriter.TIME}), the report ({@code HtmlReport.SECONDS}/{@code
     * MILLIS}) and {@code vigil search} format times with the pattern {@code yyyy}, year-of-era, in which year 0 is
     * 1 BC and prints as {@code 0001}: the table shows {@code 0001-01-01} where the CSV and JSON say
     * {@code 0000-01-01}, and the report's "events' time range" starts a year late. (Its time chart labels bars
     * before year 0 with positive years the same way.)
     *
     * <p>Expected: {@code uuuu} (proleptic year) in those patterns: the table shows {@code 0000-01-01}.
     */
    @Test
    void yearZero_isShownAsYearZero() throws Exception {
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"EventID\":1,\"TimeCreated\":\"0000-01-01T00:00:00Z\",\"CommandLine\":\"needle\"}\n");

        CliRun run = CliRun.of("hunt", "-q", "--rules", rules().toString(), "--logsource", "ignore", "--events",
                events.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("0000-01-01 00:00:00.000").doesNotContain("0001-01-01");
    }
}
