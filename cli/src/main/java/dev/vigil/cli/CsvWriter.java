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
 * A timeline in RFC 4180 CSV, with the columns Timesketch requires ({@code datetime}, {@code timestamp_desc},
 * {@code message}) and those Timeline Explorer users sort and filter on: Computer, Channel, EventID, Level,
 * RuleTitle, RuleID, Details (the values of the fields the rule tests), File, Line, Tags (separated by
 * {@code ;}); then Kind ({@code detection} or {@code correlation}) and, for correlation alerts, Value,
 * Group ({@code field=value} pairs separated by {@code ;}), WindowStart, WindowEnd and MatchCount. Times
 * are ISO 8601 in UTC; CRLF line ends; a field is quoted when it holds a comma or quote, its quotes
 * doubled. Control characters (CR and LF included) and bidirectional controls are escaped as
 * {@link TerminalText} does, so a row is one line, safe to print. With the formula guard, a cell that
 * starts with {@code = + - @}, tab or CR is prefixed with {@code '} (OWASP, CSV injection). Under
 * {@code --dedup}, two more columns at the end, so that the others keep their places: DedupCount and DedupLast,
 * a fold's count and last detection time, empty on the rows that are not folds.
 */
final class CsvWriter implements DetectionWriter {

    static final String HEADER = "datetime,timestamp_desc,message,Computer,Channel,EventID,Level,RuleTitle,RuleID,"
            + "Details,File,Line,Tags,Kind,Value,Group,WindowStart,WindowEnd,MatchCount";
    /** The columns {@code --dedup} adds after {@link #HEADER}. */
    static final String FOLD_COLUMNS = ",DedupCount,DedupLast";

    private final Writer out;
    private final boolean formulaGuard;
    private final boolean foldColumns;
    private final StringBuilder row = new StringBuilder();
    private final EventFields fields = new EventFields();

    CsvWriter(Writer out, boolean formulaGuard) throws IOException {
        this(out, formulaGuard, false);
    }

    /** @param foldColumns with the columns of {@code --dedup}'s folds */
    CsvWriter(Writer out, boolean formulaGuard, boolean foldColumns) throws IOException {
        this.out = out;
        this.formulaGuard = formulaGuard;
        this.foldColumns = foldColumns;
        out.write(HEADER + (foldColumns ? FOLD_COLUMNS : "") + "\r\n");
        DetectionWriter.flush(out);
    }

    @Override
    public void write(Alert alert) throws IOException {
        row.setLength(0);
        if (alert instanceof CorrelationAlert c) {
            correlation(c);
        } else {
            detection((Detection) alert);
        }
        end(foldColumns ? ",," : "");
    }

    @Override
    public void write(Fold fold) throws IOException {
        row.setLength(0);
        detection(fold.first());
        end("," + fold.count() + "," + fold.last());
    }

    /** Ends the row in {@link #row} with {@code foldCells} and the line end, and writes it. */
    private void end(String foldCells) throws IOException {
        row.append(foldCells).append("\r\n");
        out.write(row.toString());
        DetectionWriter.flush(out);
    }

    private void correlation(CorrelationAlert c) {
        RuleMetadata rule = c.metadata();
        String level = level(rule);
        String details = TableWriter.details(c);
        field(c.timestamp().toString()).append(',');
        field("Correlation Alert").append(',');
        field(message(level, rule.title(), details)).append(",,,,");
        field(level).append(',');
        field(rule.title()).append(',');
        field(rule.id()).append(',');
        field(details).append(",,,");
        field(String.join(";", rule.tags())).append(",correlation,");
        field(c.value().toString()).append(',');
        List<String> group = new ArrayList<>();
        c.group().forEach((k, v) -> group.add(k + "=" + v));
        field(String.join(";", group)).append(',');
        field(c.window().start().toString()).append(',');
        field(c.window().end().toString()).append(',');
        field(Integer.toString(c.matchCount()));
    }

    private void detection(Detection d) {
        RuleMetadata rule = d.metadata();
        String level = level(rule);
        String details = fields.details(d, 0);
        field(d.timestamp() == null ? "" : d.timestamp().toString()).append(',');
        field("Event Time").append(',');
        field(message(level, rule.title(), details)).append(',');
        field(EventFields.computer(d.event())).append(',');
        field(EventFields.channel(d.event())).append(',');
        field(EventFields.eventId(d.event())).append(',');
        field(level).append(',');
        field(rule.title()).append(',');
        field(rule.id()).append(',');
        field(details).append(',');
        field(d.source().file()).append(',');
        field(d.source().line() > 0 ? Integer.toString(d.source().line()) : "").append(',');
        field(String.join(";", rule.tags())).append(",detection,,,,,");
    }

    private static String level(RuleMetadata rule) {
        return rule.level() == null ? "" : rule.level().label();
    }

    /** {@code [high] Title: details}, what a timeline shows in one line. */
    private static String message(String level, String title, String details) {
        return (level.isEmpty() ? "" : "[" + level + "] ") + title + (details.isEmpty() ? "" : ": " + details);
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
