package dev.vigil.cli;

import dev.vigil.core.event.read.ReadStats;
import dev.vigil.core.rule.Level;
import dev.vigil.correlation.CorrelationStats;
import java.io.PrintWriter;
import dev.vigil.respond.incident.Incident;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Counts the alerts of a hunt or a watch by level and prints the closing summary. */
final class Summary {

    private final long[] byLevel = new long[Level.values().length];
    private final long[] correlationsByLevel = new long[Level.values().length];
    long hidden;
    /** Detections not printed: their rules only feed correlations with generate: false. */
    long referencedOnly;
    boolean correlating;
    /** The line on the events outside {@code --from}/{@code --to}, or null without a range. */
    String rangeLine;
    /** The line on the folds of {@code --dedup}, or null without. */
    String foldLine;

    void count(Level level) {
        byLevel[level.ordinal()]++;
    }

    void countCorrelation(Level level) {
        correlationsByLevel[level.ordinal()]++;
    }

    long total() {
        long n = 0;
        for (long c : byLevel) {
            n += c;
        }
        return n;
    }

    private static String byLevel(long[] counts) {
        List<String> levels = new ArrayList<>();
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] > 0) {
                levels.add(Level.values()[i].label() + " " + counts[i]);
            }
        }
        return String.join(", ", levels);
    }

    /** The summary of a hunt; {@code incidents}, when not null, is the {@code incidents:} line. */
    void print(PrintWriter err, ReadStats stats, CorrelationStats correlation, String incidents, long loadNanos,
            long buildNanos, long readNanos) {
        err.println("files read:       " + stats.files()
                + (stats.filesWithoutEvents() == 0 ? "" : " (" + stats.filesWithoutEvents() + " without events)"));
        if (stats.inputsFailed() > 0) {
            err.println("inputs failed:    " + stats.inputsFailed()
                    + " (not opened, not listed or not read to the end; said above)");
        }
        printAlerts(err, stats.events(), stats.skipped(), correlation, incidents);
        double readSeconds = readNanos / 1e9;
        double rate = readSeconds > 0 ? stats.events() / readSeconds : 0;
        err.println(String.format(Locale.ROOT,
                "elapsed:          %.2f s (loading rules %.2f s, building the engine %.2f s, "
                        + "reading and matching %.2f s at %,.0f events/s)",
                (loadNanos + buildNanos + readNanos) / 1e9, loadNanos / 1e9, buildNanos / 1e9, readSeconds, rate));
    }

    /**
     * The summary of a watch: {@code followed} says what was followed (the {@code followed:} line), then what
     * was read and found, as for a hunt, and how long it watched.
     */
    void printWatch(PrintWriter err, String followed, long events, long skipped, CorrelationStats correlation,
            String incidents, long loadNanos, long buildNanos, long watchNanos) {
        err.println("followed:         " + followed);
        printAlerts(err, events, skipped, correlation, incidents);
        err.println(String.format(Locale.ROOT,
                "elapsed:          %.2f s (loading rules %.2f s, building the engine %.2f s, watching %.2f s)",
                (loadNanos + buildNanos + watchNanos) / 1e9, loadNanos / 1e9, buildNanos / 1e9, watchNanos / 1e9));
    }

    private void printAlerts(PrintWriter err, long events, long skipped, CorrelationStats correlation,
            String incidents) {
        err.println("events read:      " + events);
        err.println("records skipped:  " + skipped);
        if (rangeLine != null) {
            err.println(rangeLine);
        }
        String detail = byLevel(byLevel);
        if (hidden > 0) {
            detail += (detail.isEmpty() ? "" : "; ") + hidden + " below --min-level not shown";
        }
        if (referencedOnly > 0) {
            detail += (detail.isEmpty() ? "" : "; ") + referencedOnly
                    + " of rules only correlations use not shown (--show-all-detections shows them)";
        }
        err.println("detections:       " + total() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        if (foldLine != null) {
            err.println(foldLine);
        }
        if (correlating && correlation != null) {
            long n = 0;
            for (long c : correlationsByLevel) {
                n += c;
            }
            String corrLevels = byLevel(correlationsByLevel);
            err.println("correlations:     " + n + (corrLevels.isEmpty() ? "" : " (" + corrLevels + ")"));
            err.println(String.format(Locale.ROOT, "correlated:       %,d matches (%,d too late, dropped; %,d without a"
                    + " group-by field; %,d alerts suppressed; %,d groups evicted)", correlation.matches(),
                    correlation.late(), correlation.missingFields(), correlation.suppressed(),
                    correlation.evictedGroups())
                    + (correlation.droppedMatches() == 0 ? "" : String.format(Locale.ROOT,
                            "; %,d matches dropped from full groups (--max-matches-per-group)", correlation.droppedMatches()))
                    + (correlation.implausibleTimes() == 0 ? "" : String.format(Locale.ROOT,
                            "; %,d times beyond the clock (--max-future-skew) correlated as untimed",
                            correlation.implausibleTimes())));
        }
        if (incidents != null) {
            err.println(incidents);
        }
    }

    /**
     * {@code incidents:        N (critical a, high b, ...) → WHERE}, the incidents by severity (one without
     * a severity counts as informational).
     */
    static String incidentsLine(Collection<Incident> incidents, String where) {
        long[] counts = new long[Level.values().length];
        for (Incident i : incidents) {
            counts[(i.severity() == null ? Level.INFORMATIONAL : i.severity()).ordinal()]++;
        }
        String levels = byLevel(counts);
        return "incidents:        " + incidents.size() + (levels.isEmpty() ? "" : " (" + levels + ")") + " \u2192 "
                + where;
    }
}
