package dev.vigil.cli;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Level;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table for reading in a terminal, in fixed-width columns so that it can be printed as detections
 * come: time (UTC), level, rule title, file:line, and the event's host, user and most telling field
 * (command line, image, target, destination, ...), each trimmed; control characters and bidirectional
 * controls escaped ({@link TerminalText}), so that an event cannot drive the terminal.
 */
final class TableWriter implements DetectionWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int TIME_WIDTH = 23;
    private static final int LEVEL_WIDTH = 8;
    private static final int RULE_WIDTH = 46;
    private static final int SOURCE_WIDTH = 30;
    private static final int DETAIL_WIDTH = 120;
    private static final int WHAT_WIDTH = 64;

    /** Where the detail fields are found: flat, or nested as evtx_dump prints them. */
    private static final String[] PREFIXES = {"", "Event.EventData.", "Event.System."};
    private static final List<List<FieldPath>> HOST = paths("Computer", "Hostname", "host.name");
    private static final List<List<FieldPath>> USER = paths("User", "TargetUserName", "SubjectUserName", "user.name");
    private static final String[] WHAT_NAMES = {"CommandLine", "ScriptBlockText", "TargetFilename", "TargetObject",
        "ImageLoaded", "QueryName", "ServiceName", "Image", "NewProcessName", "ProcessName"};
    private static final List<List<FieldPath>> WHAT = paths(WHAT_NAMES);
    private static final List<List<FieldPath>> DESTINATION = paths("DestinationIp");
    private static final List<List<FieldPath>> DESTINATION_PORT = paths("DestinationPort");
    private static final List<List<FieldPath>> REMOTE = paths("IpAddress", "SourceAddress");

    private final Writer out;
    private boolean headerWritten;

    TableWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(Alert alert) throws IOException {
        StringBuilder line = new StringBuilder(256);
        if (!headerWritten) {
            headerWritten = true;
            row(line, "TIME (UTC)", "LEVEL", "RULE", "SOURCE", "DETAILS");
        }
        if (alert instanceof CorrelationAlert c) {
            row(line, TIME.format(c.timestamp()), level(c.metadata().level()), c.metadata().title(),
                    "correlation (" + c.matchCount() + ")", details(c));
            out.write(line.toString());
            DetectionWriter.flush(out);
            return;
        }
        Detection d = (Detection) alert;
        Level level = d.rule().level();
        row(line,
                d.timestamp() == null ? "-" : TIME.format(d.timestamp()),
                level == null ? "-" : level == Level.INFORMATIONAL ? "info" : level.label(),
                d.rule().title(),
                source(d.source()),
                details(d.event()));
        out.write(line.toString());
        DetectionWriter.flush(out);
    }

    private static String level(Level level) {
        return level == null ? "-" : level == Level.INFORMATIONAL ? "info" : level.label();
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
            sb.append(" first=").append(source(c.matches().get(0).source()));
        }
        return sb.toString();
    }

    @Override
    public void finish() throws IOException {
        DetectionWriter.flush(out);
    }

    /** One row; the rule, source and details are escaped (see {@link TerminalText}) before they are trimmed. */
    private static void row(StringBuilder sb, String time, String level, String rule, String source, String details) {
        pad(sb, time, TIME_WIDTH);
        pad(sb, level, LEVEL_WIDTH);
        pad(sb, trimEnd(TerminalText.escape(rule), RULE_WIDTH), RULE_WIDTH);
        pad(sb, source, SOURCE_WIDTH);
        sb.append(trimEnd(TerminalText.escape(details), DETAIL_WIDTH).stripTrailing()).append('\n');
    }

    private static void pad(StringBuilder sb, String text, int width) {
        sb.append(text);
        for (int i = text.length(); i < width; i++) {
            sb.append(' ');
        }
        sb.append("  ");
    }

    /** {@code file:line}; the file's name alone when the path is too long, trimmed at the start if need be. */
    private static String source(SourcePosition p) {
        String file = p.file() == null ? "-" : p.file();
        String line = p.line() > 0 ? ":" + p.line() : "";
        if (TerminalText.escape(file).length() + line.length() > SOURCE_WIDTH) {
            int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
            file = file.substring(slash + 1);
        }
        return trimStart(TerminalText.escape(file) + line, SOURCE_WIDTH);
    }

    static String details(Event event) {
        StringBuilder sb = new StringBuilder();
        String host = first(event, HOST);
        if (host != null) {
            sb.append("host=").append(host);
        }
        String user = first(event, USER);
        if (user != null) {
            sb.append(sb.isEmpty() ? "" : " ").append("user=").append(user);
        }
        for (int i = 0; i < WHAT.size(); i++) {
            String value = value(event, WHAT.get(i));
            if (value != null) {
                sb.append(sb.isEmpty() ? "" : " ").append(WHAT_NAMES[i]).append('=')
                        .append(trimEnd(value, WHAT_WIDTH));
                break;
            }
        }
        String destination = first(event, DESTINATION);
        if (destination != null) {
            String port = first(event, DESTINATION_PORT);
            sb.append(sb.isEmpty() ? "" : " ").append("dst=").append(destination).append(port == null ? "" : ":" + port);
        } else {
            String remote = first(event, REMOTE);
            if (remote != null) {
                sb.append(sb.isEmpty() ? "" : " ").append("from=").append(remote);
            }
        }
        return sb.toString();
    }

    private static String first(Event event, List<List<FieldPath>> names) {
        for (List<FieldPath> name : names) {
            String v = value(event, name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String value(Event event, List<FieldPath> name) {
        for (FieldPath path : name) {
            Object[] found = new Object[1];
            event.values(path, v -> {
                if (found[0] == null && v != null && !(v instanceof Map) && !v.toString().isBlank()
                        && !v.toString().equals("-")) {
                    found[0] = v;
                }
            });
            if (found[0] != null) {
                return found[0].toString().strip().replaceAll("\\s+", " ");
            }
        }
        return null;
    }

    private static List<List<FieldPath>> paths(String... names) {
        List<List<FieldPath>> all = new ArrayList<>();
        for (String name : names) {
            List<FieldPath> variants = new ArrayList<>();
            for (String prefix : PREFIXES) {
                variants.add(FieldPath.of(prefix + name));
            }
            all.add(List.copyOf(variants));
        }
        return List.copyOf(all);
    }

    private static String trimEnd(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    private static String trimStart(String text, int width) {
        return text.length() <= width ? text : "..." + text.substring(text.length() - (width - 3));
    }
}
