package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.Level;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A table for reading in a terminal, in fixed-width columns so that it can be printed as detections come:
 * timestamp (UTC), computer, channel, event id, level, rule title and details (the values of the fields
 * the rule tests, see {@link EventFields}), each trimmed; with {@code full}, nothing is trimmed and a source
 * column ({@code file:line}) comes before the details. Control characters and
 * bidirectional controls are escaped ({@link TerminalText}), so that an event cannot drive the terminal;
 * with {@code color}, the level and rule are coloured by level with ANSI codes Vigil writes itself. A fold of
 * {@code --dedup} leads its details with its count and last time.
 */
final class TableWriter implements DetectionWriter {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    static final String HEADER_TIME = "TIMESTAMP (UTC)";
    private static final int TIME_WIDTH = 23;
    private static final int COMPUTER_WIDTH = 24;
    private static final int CHANNEL_WIDTH = 14;
    private static final int EVENT_ID_WIDTH = 7;
    private static final int LEVEL_WIDTH = 8;
    private static final int RULE_WIDTH = 46;
    private static final int DETAIL_WIDTH = 160;
    private static final int VALUE_WIDTH = 80;

    private final Writer out;
    private final boolean full;
    private final boolean color;
    private final EventFields fields = new EventFields();
    private boolean headerWritten;

    TableWriter(Writer out) {
        this(out, false, false, true);
    }

    /**
     * @param full   titles, computers, channels and details untrimmed
     * @param color  ANSI colours by level
     * @param header the header row before the first alert; without, {@link #headerLine()} is left to the caller
     */
    TableWriter(Writer out, boolean full, boolean color, boolean header) {
        this.out = out;
        this.full = full;
        this.color = color;
        this.headerWritten = !header;
    }

    /** The header row, with its line end. */
    String headerLine() {
        StringBuilder sb = new StringBuilder();
        row(sb, null, HEADER_TIME, "COMPUTER", "CHANNEL", "EVENT", "LEVEL", "RULE", "SOURCE", "DETAILS");
        return sb.toString();
    }

    @Override
    public void write(Alert alert) throws IOException {
        if (alert instanceof CorrelationAlert c) {
            Level level = c.metadata().level();
            StringBuilder line = start();
            row(line, level, TIME.format(c.timestamp()), "-", "correlation", Integer.toString(c.matchCount()),
                    level(level), c.metadata().title(), "-", details(c));
            end(line);
        } else {
            detection((Detection) alert, "");
        }
    }

    /**
     * The fold's first detection, its details led by the count and the last time ({@code ×12 until 10:04:31}, the
     * date too when it is another day), where trimming cannot cut them; a fold of one is a plain row.
     */
    @Override
    public void write(Fold fold) throws IOException {
        Instant first = fold.first().timestamp();
        String until = first != null && first.truncatedTo(ChronoUnit.DAYS).equals(fold.last().truncatedTo(ChronoUnit.DAYS))
                ? CLOCK.format(fold.last()) : SECOND.format(fold.last());
        detection(fold.first(), fold.count() == 1 ? "" : "\u00d7" + fold.count() + " until " + until + " ");
    }

    /** A detection's row, {@code mark} before its details. */
    private void detection(Detection d, String mark) throws IOException {
        Level level = d.metadata().level();
        StringBuilder line = start();
        row(line, level, d.timestamp() == null ? "-" : TIME.format(d.timestamp()), orDash(EventFields.computer(d.event())),
                orDash(shortChannel(EventFields.channel(d.event()))), orDash(EventFields.eventId(d.event())),
                level(level), d.rule().title(), source(d.source()), mark + fields.details(d, full ? 0 : VALUE_WIDTH));
        end(line);
    }

    /** A new line, with the header before it when it is the first. */
    private StringBuilder start() {
        StringBuilder line = new StringBuilder(256);
        if (!headerWritten) {
            headerWritten = true;
            line.append(headerLine());
        }
        return line;
    }

    private void end(StringBuilder line) throws IOException {
        out.write(line.toString());
        DetectionWriter.flush(out);
    }

    /** {@code file:line}. */
    static String source(dev.vigil.core.SourcePosition p) {
        return (p.file() == null ? "-" : p.file()) + (p.line() > 0 ? ":" + p.line() : "");
    }

    static String level(Level level) {
        return level == null ? "-" : level == Level.INFORMATIONAL ? "info" : level.label();
    }

    static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /**
     * A channel as Windows names it, without the words every channel of its kind repeats:
     * {@code Microsoft-Windows-Sysmon/Operational} is {@code Sysmon}, {@code Microsoft-Windows-PowerShell/Operational}
     * {@code PowerShell}.
     */
    static String shortChannel(String channel) {
        if (channel == null) {
            return null;
        }
        String c = channel;
        if (c.startsWith("Microsoft-Windows-")) {
            c = c.substring("Microsoft-Windows-".length());
        }
        if (c.endsWith("/Operational")) {
            c = c.substring(0, c.length() - "/Operational".length());
        }
        return c.isEmpty() ? channel : c;
    }

    /** {@code event_count=12 user=bob window=08:00:00..08:04:10 first=file:line}. */
    static String details(CorrelationAlert c) {
        StringBuilder sb = new StringBuilder();
        Number v = c.value();
        String value = v instanceof Long ? v.toString()
                : String.format(java.util.Locale.ROOT, "%.4g", v.doubleValue());
        sb.append(c.rule().type().label()).append('=').append(value);
        c.group().forEach((k, val) -> sb.append(' ').append(k).append('=').append(val));
        sb.append(" window=").append(CLOCK.format(c.window().start())).append("..")
                .append(CLOCK.format(c.window().end()));
        if (!c.matches().isEmpty()) {
            var first = c.matches().get(0).source();
            String file = first.file() == null ? "-" : first.file();
            file = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
            sb.append(" first=").append(file).append(first.line() > 0 ? ":" + first.line() : "");
        }
        return sb.toString();
    }

    @Override
    public void finish() throws IOException {
        DetectionWriter.flush(out);
    }

    /** One row; every text but the time is escaped (see {@link TerminalText}) before it is trimmed. */
    private void row(StringBuilder sb, Level level, String time, String computer, String channel, String eventId,
            String levelText, String rule, String source, String details) {
        pad(sb, time, TIME_WIDTH);
        cell(sb, computer, COMPUTER_WIDTH);
        cell(sb, channel, CHANNEL_WIDTH);
        cell(sb, eventId, EVENT_ID_WIDTH);
        String colour = color && level != null ? Colors.of(level) : null;
        if (colour != null) {
            sb.append(colour);
        }
        pad(sb, levelText, LEVEL_WIDTH);
        String r = TerminalText.escape(rule);
        if (full) {
            sb.append(r);
            if (colour != null) {
                sb.append(Colors.RESET);
            }
            sb.append("  ");
        } else {
            String trimmed = EventFields.cut(r, RULE_WIDTH);
            sb.append(trimmed);
            if (colour != null) {
                sb.append(Colors.RESET);
            }
            for (int i = trimmed.length(); i < RULE_WIDTH; i++) {
                sb.append(' ');
            }
            sb.append("  ");
        }
        if (full) {
            pad(sb, TerminalText.escape(source), 0);
        }
        String d = TerminalText.escape(details);
        sb.append((full ? d : EventFields.cut(d, DETAIL_WIDTH)).stripTrailing()).append('\n');
    }

    private void cell(StringBuilder sb, String text, int width) {
        String t = TerminalText.escape(text);
        pad(sb, full ? t : EventFields.cut(t, width), width);
    }

    private static void pad(StringBuilder sb, String text, int width) {
        sb.append(text);
        for (int i = text.length(); i < width; i++) {
            sb.append(' ');
        }
        sb.append("  ");
    }
}
