package dev.vigil.cli;

import dev.vigil.core.Detection;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 CSV: a header row, then one row per detection with the columns timestamp, level,
 * rule_id, rule_title, file, line and tags (separated by {@code ;}); CRLF line ends; a field is
 * quoted when it holds a comma, quote, CR or LF, its quotes doubled.
 */
final class CsvWriter implements DetectionWriter {

    static final String HEADER = "timestamp,level,rule_id,rule_title,file,line,tags";

    private final Writer out;
    private final StringBuilder row = new StringBuilder();

    CsvWriter(Writer out) throws IOException {
        this.out = out;
        out.write(HEADER + "\r\n");
        DetectionWriter.flush(out);
    }

    @Override
    public void write(Detection d) throws IOException {
        Rule rule = d.rule();
        row.setLength(0);
        field(d.timestamp() == null ? "" : d.timestamp().toString()).append(',');
        field(rule.level() == null ? "" : rule.level().label()).append(',');
        field(rule.id()).append(',');
        field(rule.title()).append(',');
        field(d.source().file()).append(',');
        field(d.source().line() > 0 ? Integer.toString(d.source().line()) : "").append(',');
        field(String.join(";", rule.tags())).append("\r\n");
        out.write(row.toString());
        DetectionWriter.flush(out);
    }

    private StringBuilder field(String value) {
        if (value == null) {
            return row;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
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
