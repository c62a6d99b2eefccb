package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.RuleMetadata;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: a header row, then one row per alert with the columns timestamp, level, rule_id,
 * rule_title, file, line, tags (separated by {@code ;}), kind ({@code detection} or
 * {@code correlation}), and for correlation alerts value, group ({@code field=value} pairs separated
 * by {@code ;}), window_start, window_end and match_count; CRLF line ends; a field is quoted when it
 * holds a comma or quote, its quotes doubled. Control characters (CR and LF included) and bidirectional
 * controls are escaped as {@link TerminalText} does, so a row is one line, safe to print. With the formula
 * guard, a cell that starts with {@code = + - @}, tab or CR is prefixed with {@code '} (OWASP, CSV injection).
 */
final class CsvWriter implements DetectionWriter {

    static final String HEADER = "timestamp,level,rule_id,rule_title,file,line,tags,kind,value,group,window_start,"
            + "window_end,match_count";

    private final Writer out;
    private final boolean formulaGuard;
    private final StringBuilder row = new StringBuilder();

    CsvWriter(Writer out, boolean formulaGuard) throws IOException {
        this.out = out;
        this.formulaGuard = formulaGuard;
        out.write(HEADER + "\r\n");
        DetectionWriter.flush(out);
    }

    @Override
    public void write(Alert alert) throws IOException {
        row.setLength(0);
        RuleMetadata rule = alert.metadata();
        field(alert.timestamp() == null ? "" : alert.timestamp().toString()).append(',');
        field(rule.level() == null ? "" : rule.level().label()).append(',');
        field(rule.id()).append(',');
        field(rule.title()).append(',');
        if (alert instanceof CorrelationAlert c) {
            row.append(",,");
            field(String.join(";", rule.tags())).append(",correlation,");
            field(c.value().toString()).append(',');
            List<String> group = new ArrayList<>();
            c.group().forEach((k, v) -> group.add(k + "=" + v));
            field(String.join(";", group)).append(',');
            field(c.window().start().toString()).append(',');
            field(c.window().end().toString()).append(',');
            field(Integer.toString(c.matchCount())).append("\r\n");
        } else {
            Detection d = (Detection) alert;
            field(d.source().file()).append(',');
            field(d.source().line() > 0 ? Integer.toString(d.source().line()) : "").append(',');
            field(String.join(";", rule.tags())).append(",detection,,,,,\r\n");
        }
        out.write(row.toString());
        DetectionWriter.flush(out);
    }

    private StringBuilder field(String text) {
        if (text == null || text.isEmpty()) {
            return row;
        }
        char first = text.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        String value = (formulaGuard && formula ? "'" : "") + TerminalText.escape(text);
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"';
        }
        if (!quote) {
            return row.append(value);
        }
        return row.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    @Override
    public void finish() throws IOException {
        DetectionWriter.flush(out);
    }
}
