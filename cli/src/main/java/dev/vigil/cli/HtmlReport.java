package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.rule.Level;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders a {@link HuntReport} as one self-contained HTML page: inline CSS, charts as inline SVG drawn here,
 * the detections as a JSON data block that an inline script (report.js) turns into a searchable, sortable
 * table. The page fetches nothing: its Content-Security-Policy allows no source at all but its own script (by
 * hash) and inline styles. Every text from events and rules is HTML-escaped, in the JSON block too ({@code <},
 * {@code >} and {@code &} as {@code \\u} escapes), and the script puts it in the page as text only.
 */
final class HtmlReport {

    /** The hunt's scope, for the page's header: what was searched with what, and what was read. */
    record Scope(List<String> inputs, int rulesLoaded, int ruleDocuments, int correlationRules, long files,
            long events, long skipped, String version, Instant generated) {
    }

    /** How many rules, hosts and users the top charts show. */
    static final int TOP_RULES = 15;
    static final int TOP_ENTITIES = 10;
    /** How many bars the detections-over-time chart has at most. */
    static final int TIME_BARS = 60;
    /** How many characters of a name a chart label shows (its tooltip has the whole). */
    private static final int LABEL_CHARS = 48;

    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
            + sha256(SCRIPT) + "'; base-uri 'none'; form-action 'none'";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final List<Level> SEVERE_FIRST = List.of(Level.CRITICAL, Level.HIGH, Level.MEDIUM, Level.LOW,
            Level.INFORMATIONAL);

    private final HuntReport report;
    private final Scope scope;
    private final Writer out;

    private HtmlReport(HuntReport report, Scope scope, Writer out) {
        this.report = report;
        this.scope = scope;
        this.out = out;
    }

    /** Writes the page of {@code report} to {@code out}, which stays open. */
    static void write(HuntReport report, Scope scope, Writer out) throws IOException {
        new HtmlReport(report, scope, out).page();
        out.flush();
    }

    private void page() throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + POLICY + "\">\n");
        out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.write("<title>Vigil hunt report</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        out.write("<header><h1>Vigil hunt report</h1><p>" + esc(scope.version()) + ", generated "
                + SECONDS.format(scope.generated()) + " UTC</p></header>\n<main>\n");
        scopeSection();
        levelsSection();
        timeSection();
        rulesSection();
        out.write("<section id=\"entities\"><h2>Top hosts and users</h2>");
        entityChart("hosts", "hosts (Computer)", report.hosts, "without a host field");
        entityChart("users", "users", report.users, "without a user field");
        out.write("</section>\n");
        attackSection();
        correlationsSection();
        detectionsSection();
        out.write("</main>\n<script>" + SCRIPT + "</script>\n</body>\n</html>\n");
    }

    private void scopeSection() throws IOException {
        StringBuilder s = new StringBuilder("<section id=\"scope\"><h2>Scope</h2><dl class=\"scope\">");
        item(s, "inputs", String.join(", ", scope.inputs()));
        item(s, "rules loaded", String.format(Locale.ROOT, "%,d of %,d rule documents (%,d correlation rules)",
                scope.rulesLoaded(), scope.ruleDocuments(), scope.correlationRules()));
        item(s, "events read", String.format(Locale.ROOT, "%,d from %,d files (%,d records skipped)", scope.events(),
                scope.files(), scope.skipped()));
        item(s, "events' time range", range(report.firstEvent, report.lastEvent));
        item(s, "detections' time range", range(report.firstDetection, report.lastDetection));
        item(s, "detections", String.format(Locale.ROOT, "%,d total, %,d unique (distinct rules)", report.detections,
                report.uniqueRules()));
        item(s, "correlation alerts", String.format(Locale.ROOT, "%,d", report.correlations));
        s.append("</dl></section>\n");
        out.write(s.toString());
    }

    private static void item(StringBuilder s, String name, String value) {
        s.append("<dt>").append(esc(name)).append("</dt><dd data-item=\"").append(esc(name)).append("\">")
                .append(esc(value)).append("</dd>");
    }

    private static String range(Instant first, Instant last) {
        if (first == null) {
            return "none (no time found)";
        }
        return SECONDS.format(first) + " to " + SECONDS.format(last) + " UTC (" + span(Duration.between(first, last))
                + ")";
    }

    /** {@code 2 d 3 h}, {@code 5 min}, {@code 1 h 30 min}, {@code 0 s}: the two largest units, zeros left out. */
    static String span(Duration d) {
        long[] values = {d.toDays(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart()};
        String[] units = {"d", "h", "min", "s"};
        int first = 0;
        while (first < values.length - 1 && values[first] == 0) {
            first++;
        }
        String out = values[first] + " " + units[first];
        return first < values.length - 1 && values[first + 1] > 0
                ? out + " " + values[first + 1] + " " + units[first + 1] : out;
    }

    private void levelsSection() throws IOException {
        StringBuilder s = new StringBuilder("<section id=\"levels\"><h2>Detections by level</h2><div class=\"levels\">");
        for (Level level : SEVERE_FIRST) {
            s.append("<div class=\"level-card ").append(level.label()).append("\" data-level=\"").append(level.label())
                    .append("\"><div>").append(level.label()).append("</div><div class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", report.byLevel[level.ordinal()]))
                    .append("</div><div class=\"u\">")
                    .append(String.format(Locale.ROOT, "%,d unique", report.uniqueRules(level)))
                    .append("</div></div>");
        }
        s.append("</div>");
        if (report.correlations > 0) {
            s.append("<p class=\"note\">").append(String.format(Locale.ROOT, "%,d correlation alerts", report.correlations))
                    .append(" (").append(byLevel(report.correlationsByLevel)).append("), listed below.</p>");
        }
        s.append("<p class=\"note\">Unique: distinct rules that fired.</p></section>\n");
        out.write(s.toString());
    }

    private static String byLevel(long[] counts) {
        StringJoiner j = new StringJoiner(", ");
        for (Level level : SEVERE_FIRST) {
            if (counts[level.ordinal()] > 0) {
                j.add(level.label() + " " + counts[level.ordinal()]);
            }
        }
        return j.toString();
    }

    /** Stacked bars of detections by level over event time. */
    private void timeSection() throws IOException {
        StringBuilder s = new StringBuilder("<section id=\"timeline\" class=\"wide\"><h2>Detections over time</h2>");
        List<TimeHistogram.Bar> bars = report.times.bars(TIME_BARS);
        if (bars.isEmpty()) {
            s.append("<p class=\"note\">No detection with an event time.</p>");
        } else {
            int width = 1100;
            int height = 240;
            int left = 48;
            int bottom = 36;
            int plot = height - bottom - 10;
            long max = bars.stream().mapToLong(TimeHistogram.Bar::total).max().orElse(1);
            double slot = (width - left - 10) / (double) bars.size();
            s.append("<svg id=\"time-chart\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                    .append("\" role=\"img\" aria-label=\"detections over time by level\">");
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c5ced8\"/>", left,
                    height - bottom, width - 10, height - bottom));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%,d</text>", left - 6, 18, max));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", left - 6,
                    height - bottom));
            for (int i = 0; i < bars.size(); i++) {
                TimeHistogram.Bar bar = bars.get(i);
                double x = left + i * slot + slot * 0.1;
                double y = height - bottom;
                s.append("<g class=\"bar\"><title>").append(esc(SECONDS.format(bar.start()) + " to "
                        + SECONDS.format(bar.end()) + " UTC: " + bar.total()
                        + (bar.total() == 0 ? "" : " (" + byLevel(bar.counts()) + ")"))).append("</title>");
                for (Level level : List.of(Level.values())) {
                    long n = bar.counts()[level.ordinal()];
                    if (n > 0) {
                        double h = Math.max(1, plot * (double) n / max);
                        y -= h;
                        s.append(String.format(Locale.ROOT,
                                "<rect class=\"seg %s\" data-level=\"%s\" data-count=\"%d\" x=\"%.1f\" y=\"%.1f\" "
                                        + "width=\"%.1f\" height=\"%.1f\"/>",
                                level.label(), level.label(), n, x, y, slot * 0.8, h));
                    }
                }
                s.append("</g>");
            }
            for (int i : new int[] {0, bars.size() / 2, bars.size() - 1}) {
                double x = left + i * slot + slot / 2;
                String anchor = i == 0 ? "start" : i == bars.size() - 1 ? "end" : "middle";
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
                        i == 0 ? left : i == bars.size() - 1 ? width - 10 : x, height - bottom + 16, anchor,
                        SECONDS.format(bars.get(i).start())));
            }
            s.append("</svg>");
            s.append(legend());
            Duration each = Duration.between(bars.get(0).start(), bars.get(0).end());
            s.append("<p class=\"note\">").append(esc(bars.size() + " bars of " + span(each) + " each, UTC"))
                    .append(report.untimed == 0 ? "" : String.format(Locale.ROOT,
                            "; %,d detections without an event time are counted elsewhere, not here", report.untimed))
                    .append(".</p>");
        }
        s.append("</section>\n");
        out.write(s.toString());
    }

    private static String legend() {
        StringBuilder s = new StringBuilder("<div class=\"legend\">");
        for (Level level : SEVERE_FIRST) {
            s.append("<span style=\"--c: var(--").append(level.label()).append(")\">").append(level.label())
                    .append("</span>");
        }
        return s.append("</div>").toString();
    }

    private void rulesSection() throws IOException {
        List<HuntReport.RuleCount> top = report.rules.values().stream()
                .sorted((a, b) -> a.count != b.count ? Long.compare(b.count, a.count)
                        : b.level.compareTo(a.level) != 0 ? b.level.compareTo(a.level) : a.title.compareTo(b.title))
                .limit(TOP_RULES).toList();
        List<String[]> bars = new ArrayList<>();
        for (HuntReport.RuleCount r : top) {
            bars.add(new String[] {r.title, Long.toString(r.count), r.level.label()});
        }
        out.write("<section id=\"rules\"><h2>Top rules</h2>" + hbars("rules-chart", bars)
                + note(report.rules.size(), top.size(), "rules fired") + "</section>\n");
    }

    private void entityChart(String id, String title, HuntReport.Counter counter, String missing)
            throws IOException {
        List<String[]> bars = new ArrayList<>();
        for (Map.Entry<String, Long> e : counter.top(TOP_ENTITIES)) {
            bars.add(new String[] {e.getKey(), Long.toString(e.getValue()), "plain"});
        }
        StringBuilder s = new StringBuilder("<h3 id=\"" + id + "\">" + esc(title) + "</h3>");
        s.append(hbars(id + "-chart", bars)).append(note(counter.counts.size(), bars.size(), "seen"));
        if (counter.missing > 0 || counter.others > 0) {
            s.append("<p class=\"note\">").append(esc(String.format(Locale.ROOT, "%,d detections %s", counter.missing,
                    missing))).append(counter.others == 0 ? "" : esc(String.format(Locale.ROOT,
                    "; %,d more of names beyond the first %,d distinct, not counted by name", counter.others,
                    HuntReport.MAX_DISTINCT))).append(".</p>");
        }
        out.write(s.toString());
    }

    private static String note(int all, int shown, String what) {
        return all > shown ? "<p class=\"note\">" + shown + " of " + all + " " + esc(what) + " shown.</p>" : "";
    }

    /** A horizontal bar chart: one row per {label, count, css class}, the longest bar for the largest count. */
    private static String hbars(String id, List<String[]> rows) {
        if (rows.isEmpty()) {
            return "<p class=\"note\">None.</p>";
        }
        int width = 540;
        int row = 22;
        int labelWidth = 300;
        long max = rows.stream().mapToLong(r -> Long.parseLong(r[1])).max().orElse(1);
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"").append(id).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(rows.size() * row + 4).append("\" role=\"img\">");
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            int y = i * row + 2;
            double w = Math.max(2, (width - labelWidth - 60) * Long.parseLong(r[1]) / (double) max);
            String label = r[0].length() > LABEL_CHARS ? r[0].substring(0, LABEL_CHARS - 1) + "\u2026" : r[0];
            s.append("<g class=\"row\"><title>").append(esc(r[0] + ": " + r[1])).append("</title>");
            s.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"0\" y=\"%d\">%s</text>", y + 14, esc(label)));
            s.append(String.format(Locale.ROOT, "<rect class=\"hbar %s\" data-count=\"%s\" x=\"%d\" y=\"%d\" "
                    + "width=\"%.1f\" height=\"%d\" rx=\"2\"/>", r[2], r[1], labelWidth, y + 2, w, row - 6));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text></g>", labelWidth + w + 6, y + 14,
                    r[1]));
        }
        return s.append("</svg>").toString();
    }

    private void attackSection() throws IOException {
        StringBuilder s = new StringBuilder("<section id=\"attack\" class=\"wide\"><h2>ATT&amp;CK tactics and "
                + "techniques seen</h2><div class=\"tactics\">");
        for (String tactic : HuntReport.TACTICS) {
            long n = report.tactics.getOrDefault(tactic, 0L);
            s.append("<div class=\"tactic").append(n > 0 ? " seen" : "").append("\" data-tactic=\"").append(tactic)
                    .append("\"><b>").append(String.format(Locale.ROOT, "%,d", n)).append("</b>")
                    .append(tactic.replace('-', ' ')).append("</div>");
        }
        s.append("</div>");
        if (report.techniques.isEmpty()) {
            s.append("<p class=\"note\">No rule that fired has an ATT&amp;CK technique tag (attack.tNNNN).</p>");
        } else {
            s.append("<h3>Techniques</h3><table id=\"techniques\"><thead><tr><th>technique</th>"
                    + "<th class=\"num\">detections</th><th>highest level</th><th>rules</th></tr></thead><tbody>");
            List<Map.Entry<String, HuntReport.TechniqueCount>> sorted = report.techniques.entrySet().stream()
                    .sorted((a, b) -> a.getValue().count != b.getValue().count
                            ? Long.compare(b.getValue().count, a.getValue().count) : a.getKey().compareTo(b.getKey()))
                    .toList();
            for (Map.Entry<String, HuntReport.TechniqueCount> e : sorted) {
                String id = e.getKey(); // T1234 or T1234.001, checked by HuntReport
                HuntReport.TechniqueCount t = e.getValue();
                s.append("<tr><td><a href=\"https://attack.mitre.org/techniques/").append(id.replace('.', '/'))
                        .append("/\" rel=\"noreferrer noopener\" target=\"_blank\">").append(id).append("</a></td>")
                        .append("<td class=\"num\">").append(String.format(Locale.ROOT, "%,d", t.count)).append("</td>")
                        .append("<td>").append(pill(t.highest)).append("</td><td>")
                        .append(esc(String.join("; ", t.rules))).append("</td></tr>");
            }
            s.append("</tbody></table>");
        }
        out.write(s.append("</section>\n").toString());
    }

    private void correlationsSection() throws IOException {
        StringBuilder s = new StringBuilder("<section id=\"correlations\" class=\"wide\"><h2>Correlation alerts</h2>");
        if (report.correlationRows.isEmpty()) {
            s.append("<p class=\"note\">None.</p></section>\n");
            out.write(s.toString());
            return;
        }
        s.append("<table id=\"correlation-table\"><thead><tr><th>window (UTC)</th><th>level</th><th>rule</th>"
                + "<th>condition</th><th>group</th><th>contributing matches</th></tr></thead><tbody>");
        for (HuntReport.Correlation c : report.correlationRows) {
            StringJoiner group = new StringJoiner(" ");
            c.group().forEach((k, v) -> group.add(k + "=" + v));
            s.append("<tr class=\"correlation\"><td class=\"mono\">").append(esc(time(c.start()) + " to "
                    + time(c.end()))).append("</td><td>").append(pill(c.level())).append("</td><td>")
                    .append(esc(c.title())).append("</td><td>").append(esc(c.type() + " = " + c.value()))
                    .append("</td><td>").append(esc(group.toString())).append("</td><td><details><summary>")
                    .append(c.matches().size() < c.matchCount() ? c.matches().size() + " of " + c.matchCount()
                            : String.valueOf(c.matchCount()))
                    .append(" matches</summary><table class=\"contributing\"><tbody>");
            for (HuntReport.Contribution m : c.matches()) {
                s.append("<tr><td class=\"mono\">").append(esc(time(m.time()))).append("</td><td>")
                        .append(esc(m.rule())).append("</td><td class=\"mono\">").append(esc(m.source()))
                        .append("</td></tr>");
            }
            s.append("</tbody></table></details></td></tr>");
            if (s.length() > 64 * 1024) {
                out.write(s.toString());
                s.setLength(0);
            }
        }
        s.append("</tbody></table>");
        if (report.correlations > report.correlationRows.size()) {
            s.append("<p class=\"note\">").append(String.format(Locale.ROOT,
                    "The first %,d of %,d correlation alerts (the report lists at most %,d).",
                    report.correlationRows.size(), report.correlations, HuntReport.MAX_CORRELATIONS)).append("</p>");
        }
        out.write(s.append("</section>\n").toString());
    }

    private void detectionsSection() throws IOException {
        List<HuntReport.Row> rows = report.rows();
        StringBuilder s = new StringBuilder("<section id=\"detections-section\" class=\"wide\"><h2>Detections</h2>");
        s.append("<div class=\"toolbar\"><input id=\"search\" type=\"search\" placeholder=\"Search the detections\" "
                + "aria-label=\"search the detections\" autocomplete=\"off\"><span id=\"shown\" class=\"note\"></span>"
                + "</div>");
        if (report.detections > rows.size()) {
            s.append("<p id=\"capped\" class=\"note\">").append(String.format(Locale.ROOT,
                    "%,d of %,d detections shown: the report holds at most %,d, the most severe first (the earliest "
                            + "within a level); the counts and charts above cover all %,d.",
                    rows.size(), report.detections, HuntReport.MAX_ROWS, report.detections)).append("</p>");
        }
        s.append("<div class=\"scroll\"><table id=\"detections\"><thead><tr>");
        for (String column : List.of("timestamp (UTC)", "computer", "channel", "event id", "level", "rule", "details",
                "source")) {
            s.append("<th><button type=\"button\">").append(column).append("</button></th>");
        }
        s.append("</tr></thead><tbody></tbody></table></div></section>\n");
        s.append("<script type=\"application/json\" id=\"detections-data\">");
        out.write(s.toString());
        StringWriter json = new StringWriter();
        try (JsonGenerator g = AlertJson.factory().createGenerator(json)) {
            g.writeStartArray();
            int n = 0;
            for (HuntReport.Row r : rows) {
                g.writeStartArray();
                g.writeString(r.time() == null ? null : MILLIS.format(r.time()));
                g.writeString(r.computer());
                g.writeString(r.channel());
                g.writeString(r.eventId());
                g.writeNumber(r.level().ordinal());
                g.writeString(r.rule());
                g.writeString(r.details());
                g.writeString(r.source());
                g.writeEndArray();
                if (++n % 500 == 0) {
                    g.flush();
                    out.write(jsonInScript(json.toString()));
                    json.getBuffer().setLength(0);
                }
            }
            g.writeEndArray();
        }
        out.write(jsonInScript(json.toString()));
        out.write("</script>\n");
    }

    /**
     * JSON made safe inside a script element: {@code <}, {@code >} and {@code &} can only be in its strings,
     * where their {@code \\u} escapes mean the same, so no {@code </script>} or {@code <!--} can end the block.
     */
    static String jsonInScript(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    private static String time(Instant t) {
        return t == null ? "-" : MILLIS.format(t);
    }

    private static String pill(Level level) {
        return "<span class=\"pill " + level.label() + "\">" + level.label() + "</span>";
    }

    /** {@code text} for HTML text or a double-quoted attribute; null as the empty string. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
