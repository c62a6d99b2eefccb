package dev.vigil.cli;

import static dev.vigil.cli.ReportFixture.ENCODED;
import static dev.vigil.cli.ReportFixture.EVIL_COMMAND;
import static dev.vigil.cli.ReportFixture.EVIL_HOST;
import static dev.vigil.cli.ReportFixture.FAILED;
import static dev.vigil.cli.ReportFixture.GUESSING;
import static dev.vigil.cli.ReportFixture.LOGON;
import static dev.vigil.cli.ReportFixture.WHOAMI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil hunt --report FILE} opened in a real headless Chromium ({@link HeadlessChromium}): a hunt over a few
 * events and rules written here, then what the page shows once its script ran: the counts, the charts' bars and
 * segments, the tactics, the correlation alert with its matches, the table's rows, the search box filtering them
 * and a header click sorting them. Event values and rule titles carry {@code <script>}, {@code </script>} and
 * {@code "onerror=} payloads: the page shows them as text, runs none of them, and fetches nothing.
 */
class HuntReportBrowserTest {

    @TempDir
    static Path dir;

    static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        if (HeadlessChromium.skipped() == null) {
            browser = HeadlessChromium.start(dir);
        }
    }

    /** Each test says it was skipped, where -Dvigil.chromium=skip asked so: a run's count shows what was not checked. */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(browser != null, HeadlessChromium.skipped());
    }

    @AfterAll
    static void stopBrowser() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    /** The hunt, its report opened in the browser. */
    static synchronized Path report() throws Exception {
        Path report = dir.resolve("out").resolve("report.html");
        if (!Files.exists(report)) {
            CliRun run = CliRun.of("hunt", "--rules", ReportFixture.rules(dir).toString(),
                    "--events", ReportFixture.events(dir).toString(),
                    "--format", "jsonl", "--report", report.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.outLines()).hasSize(9); // 8 detections and the correlation alert
        }
        browser.open(report);
        return report;
    }

    private static JsonNode js(String expression) throws Exception {
        return browser.eval(expression);
    }

    private static String text(String selector) throws Exception {
        return js("document.querySelector(" + quote(selector) + ").textContent").asText();
    }

    private static int count(String selector) throws Exception {
        return js("document.querySelectorAll(" + quote(selector) + ").length").asInt();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static List<String> column(int index) throws Exception {
        List<String> out = new ArrayList<>();
        js("[...document.querySelectorAll('#detections tbody tr')].map(r => r.cells[" + index + "].textContent)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void header_showsTheHuntsScopeAndCounts() throws Exception {
        report();

        assertThat(text("dd[data-item='detections']")).isEqualTo("8 total, 4 unique (distinct rules)");
        assertThat(text("dd[data-item='correlation alerts']")).isEqualTo("1");
        assertThat(text("dd[data-item='rules loaded']")).isEqualTo("5 of 5 rule documents (1 correlation rules)");
        assertThat(text("dd[data-item='events read']")).isEqualTo("9 from 1 files (0 records skipped)");
        assertThat(text("dd[data-item='events\\' time range']"))
                .isEqualTo("2026-03-02 08:00:00 to 2026-03-02 12:30:00 UTC (4 h 30 min)");
        assertThat(text("dd[data-item='inputs']")).endsWith("events.jsonl");
        assertThat(text(".level-card[data-level='high'] .n")).isEqualTo("2");
        assertThat(text(".level-card[data-level='medium'] .n")).isEqualTo("3");
        assertThat(text(".level-card[data-level='low'] .n")).isEqualTo("2");
        assertThat(text(".level-card[data-level='informational'] .n")).isEqualTo("1");
        assertThat(text(".level-card[data-level='critical'] .n")).isEqualTo("0");
    }

    @Test
    void charts_haveABarPerPeriodAndASegmentPerLevelInIt() throws Exception {
        report();

        // 08:00 to 12:00 in bars of 5 minutes: 49 bars, of which 6 have detections, one level each
        assertThat(count("#time-chart g.bar")).isEqualTo(49);
        assertThat(count("#time-chart rect.seg")).isEqualTo(6);
        assertThat(js("[...document.querySelectorAll('#time-chart rect.seg')].map(r => r.dataset.level + ' '"
                + " + r.dataset.count)")).extracting(JsonNode::asText)
                .containsExactly("high 1", "high 1", "low 1", "low 1", "medium 3", "informational 1");
        assertThat(js("document.querySelector('#time-chart rect.seg').getBoundingClientRect().height > 0").asBoolean())
                .isTrue();

        assertThat(count("#rules-chart rect.hbar")).isEqualTo(4);
        assertThat(js("[...document.querySelectorAll('#rules-chart text.label')].map(t => t.textContent)"))
                .extracting(JsonNode::asText).containsExactly(FAILED, ENCODED.substring(0, 47) + "\u2026",
                        WHOAMI, LOGON);
        assertThat(js("[...document.querySelectorAll('#hosts-chart text.label')].map(t => t.textContent)"))
                .extracting(JsonNode::asText).containsExactly("SRV-2", "WS-1", EVIL_HOST);
        assertThat(count("#users-chart rect.hbar")).isEqualTo(5); // admin, CORP\\alice, CORP\\bob, bob, the planted one
    }

    @Test
    void attack_showsTheTacticsAndTechniquesOfTheRulesThatFired() throws Exception {
        report();

        assertThat(js("[...document.querySelectorAll('.tactic.seen')].map(t => t.dataset.tactic)"))
                .extracting(JsonNode::asText).containsExactly("execution", "credential-access", "discovery");
        assertThat(text(".tactic[data-tactic='credential-access'] b")).isEqualTo("4"); // 3 detections, 1 correlation
        assertThat(js("[...document.querySelectorAll('#techniques tbody tr')].map(r => r.cells[0].textContent"
                + " + ' ' + r.cells[1].textContent + ' ' + r.cells[2].textContent)")).extracting(JsonNode::asText)
                .containsExactly("T1110 3 medium", "T1033 2 low", "T1059.001 2 high", "T1110.001 1 critical");
    }

    @Test
    void correlations_listTheAlertWithItsContributingMatches() throws Exception {
        report();

        assertThat(count("#correlation-table tr.correlation")).isEqualTo(1);
        assertThat(text("#correlation-table tr.correlation td:nth-child(3)")).isEqualTo(GUESSING);
        assertThat(text("#correlation-table tr.correlation td:nth-child(4)")).isEqualTo("event_count = 3");
        assertThat(text("#correlation-table tr.correlation td:nth-child(5)")).isEqualTo("IpAddress=10.0.0.9");
        assertThat(js("[...document.querySelectorAll('table.contributing tr')].map(r => r.cells[0].textContent"
                + " + ' ' + r.cells[1].textContent)")).extracting(JsonNode::asText).containsExactly(
                        "2026-03-02 11:00:00.000 " + FAILED, "2026-03-02 11:01:00.000 " + FAILED,
                        "2026-03-02 11:02:00.000 " + FAILED);
    }

    @Test
    void table_holdsEveryDetection_inTimeOrder() throws Exception {
        report();

        assertThat(count("#detections tbody tr")).isEqualTo(8);
        assertThat(text("#shown")).isEqualTo("8 rows");
        assertThat(count("#capped")).isZero();
        assertThat(column(0)).isSorted().first().isEqualTo("2026-03-02 08:00:00.000");
        assertThat(column(5)).containsExactly(ENCODED, ENCODED, WHOAMI, WHOAMI, FAILED, FAILED, FAILED, LOGON);
        assertThat(column(3)).containsExactly("1", "1", "1", "1", "4625", "4625", "4625", "4624");
        assertThat(column(2)).contains("Security", "Microsoft-Windows-Sysmon/Operational");
        assertThat(column(6).get(1)).contains(EVIL_COMMAND);
    }

    @Test
    void search_filtersTheRows_asTyped() throws Exception {
        report();

        browser.type("#search", "whoami");

        assertThat(column(5)).containsExactly(WHOAMI, WHOAMI);
        assertThat(text("#shown")).isEqualTo("2 of 8 rows match");

        js("document.getElementById('search').value = ''");
        browser.type("#search", "ws-1"); // any case
        assertThat(column(1)).containsExactly("WS-1", "WS-1");
        assertThat(column(5)).containsExactly(ENCODED, WHOAMI);

        js("document.getElementById('search').value = ''");
        browser.type("#search", "SRV-2");
        assertThat(column(1)).containsOnly("SRV-2").hasSize(5);
    }

    @Test
    void headerClick_sortsByThatColumn_thenTheOtherWay() throws Exception {
        report();

        browser.click("#detections th:nth-child(5) button"); // level
        assertThat(column(4)).containsExactly("informational", "low", "low", "medium", "medium", "medium", "high",
                "high");
        assertThat(js("document.querySelector('#detections th:nth-child(5)').getAttribute('aria-sort')").asText())
                .isEqualTo("ascending");

        browser.click("#detections th:nth-child(5) button");
        assertThat(column(4)).first().isEqualTo("high");
        assertThat(js("document.querySelector('#detections th:nth-child(5)').getAttribute('aria-sort')").asText())
                .isEqualTo("descending");

        browser.click("#detections th:nth-child(4) button"); // event id: as numbers, not as text
        assertThat(column(3)).containsExactly("1", "1", "1", "1", "4624", "4625", "4625", "4625");
    }

    @Test
    void plantedMarkup_isShownAsText_andNothingRunsOrLoads() throws Exception {
        Path report = report();

        assertThat(js("typeof window.pwned").asText()).as("a planted script or handler ran").isEqualTo("undefined");
        assertThat(count("img")).isZero();
        assertThat(count("svg[onload], [onerror]")).isZero();
        assertThat(count("script")).isEqualTo(2); // the data block and the page's own script, nothing planted
        assertThat(js("document.body.textContent.includes(" + quote(EVIL_COMMAND) + ")").asBoolean()).isTrue();
        assertThat(js("document.body.textContent.includes(" + quote(ENCODED) + ")").asBoolean()).isTrue();
        assertThat(js("document.body.textContent.includes(" + quote(EVIL_HOST) + ")").asBoolean()).isTrue();
        // the escaping, not the page's Content-Security-Policy, stopped them: the policy never had to refuse anything
        assertThat(browser.events("Log.entryAdded")).extracting(e -> e.at("/params/entry/text").asText())
                .noneMatch(t -> t.contains("Content Security Policy"));
        assertThat(browser.events("Runtime.exceptionThrown")).isEmpty();
        // the page asked for nothing but itself
        assertThat(browser.events("Network.requestWillBeSent")).extracting(e -> e.at("/params/request/url").asText())
                .containsOnly(report.toUri().toString());
    }

    @Test
    void aLargeHunt_showsTheMostSevereRowsUpToTheLimit_andSaysSo() throws Exception {
        Path big = Files.createDirectories(dir.resolve("big"));
        int logons = HuntReport.MAX_ROWS + 10;
        List<String> lines = new ArrayList<>(IntStream.range(0, logons)
                .mapToObj(i -> "{\"EventID\": 4624, \"Channel\": \"Security\", \"Computer\": \"SRV-2\", "
                        + "\"@timestamp\": \"" + Instant.parse("2026-03-02T08:00:00Z").plusSeconds(i) + "\"}").toList());
        lines.add("{\"EventID\": 4625, \"Channel\": \"Security\", \"Computer\": \"SRV-9\", "
                + "\"@timestamp\": \"2026-03-02T12:00:00Z\"}");
        Files.write(big.resolve("events.jsonl"), lines);
        Path report = big.resolve("report.html");

        CliRun run = CliRun.of("hunt", "--rules", ReportFixture.rules(big).toString(), "--events",
                big.resolve("events.jsonl").toString(), "--format", "jsonl", "--output", big.resolve("out").toString(),
                "--report", report.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        browser.open(report);

        assertThat(text("dd[data-item='detections']")).isEqualTo("10,011 total, 2 unique (distinct rules)");
        assertThat(text("#capped")).startsWith("10,000 of 10,011 detections shown: the report holds at most 10,000, "
                + "the most severe first");
        assertThat(count("#detections tbody tr")).isEqualTo(HuntReport.MAX_ROWS);
        assertThat(column(5).stream().filter(FAILED::equals)).hasSize(1); // the one medium among the informational
        assertThat(count("#time-chart rect.seg")).isPositive();
        browser.type("#search", "SRV-9");
        assertThat(column(1)).containsExactly("SRV-9");
        // 10,000 rows of a few fields each: a few megabytes, not the hunt's size
        assertThat(Files.size(report)).isLessThan(5_000_000);
    }
}
