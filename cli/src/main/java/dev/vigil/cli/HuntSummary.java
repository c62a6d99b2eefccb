package dev.vigil.cli;

import dev.vigil.core.rule.Level;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code hunt --summary} prints on stderr after the summary: detections by level (with the distinct rules
 * behind them), total and unique, first and last seen, and the {@value #TOP} most frequent rules, hosts and
 * users, from the same counts as the HTML report ({@link HuntReport}), so the two agree.
 */
final class HuntSummary {

    /** How many rules, hosts and users are listed. */
    static final int TOP = 10;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final Level[] DESCENDING = {Level.CRITICAL, Level.HIGH, Level.MEDIUM, Level.LOW, Level.INFORMATIONAL};

    private HuntSummary() {
    }

    static void print(PrintWriter err, HuntReport r) {
        err.println("results:");
        List<String> levels = new ArrayList<>();
        for (Level level : DESCENDING) {
            long n = r.byLevel[level.ordinal()];
            if (n > 0) {
                long rules = r.uniqueRules(level);
                levels.add(TableWriter.level(level) + " " + n + " (" + rules + (rules == 1 ? " rule)" : " rules)"));
            }
        }
        err.println("  detections:     " + r.detections + " total, " + r.uniqueRules() + " unique (distinct rules)"
                + (levels.isEmpty() ? "" : ": " + String.join(", ", levels)));
        if (r.correlations > 0) {
            err.println("  correlations:   " + r.correlations);
        }
        err.println("  first seen:     " + time(r.firstDetection));
        err.println("  last seen:      " + time(r.lastDetection)
                + (r.untimed > 0 ? " (" + r.untimed + " detections without a time)" : ""));
        if (r.detections == 0) {
            return;
        }
        err.println("  top rules:");
        r.rules.values().stream()
                .sorted(Comparator.comparingLong((HuntReport.RuleCount c) -> c.count).reversed()
                        .thenComparing(c -> c.level, Comparator.reverseOrder()).thenComparing(c -> c.title))
                .limit(TOP)
                .forEach(c -> err.printf(Locale.ROOT, "    %8d  %-8s  %s%n", c.count, TableWriter.level(c.level),
                        TerminalText.escape(c.title)));
        top(err, "top hosts:", r.hosts);
        top(err, "top users:", r.users);
    }

    private static void top(PrintWriter err, String heading, HuntReport.Counter counter) {
        List<Map.Entry<String, Long>> top = counter.top(TOP);
        if (top.isEmpty()) {
            return;
        }
        err.println("  " + heading);
        for (Map.Entry<String, Long> e : top) {
            err.printf(Locale.ROOT, "    %8d  %s%n", e.getValue(), TerminalText.escape(e.getKey()));
        }
        if (counter.missing > 0) {
            err.printf(Locale.ROOT, "    %8d  (none in the event)%n", counter.missing);
        }
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t) + " UTC";
    }
}
