package dev.vigil.cli;

import dev.vigil.core.event.read.ReadStats;
import dev.vigil.core.rule.Level;
import dev.vigil.correlation.CorrelationStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Counts the detections of a hunt by level and prints the closing summary. */
final class Summary {

    private final long[] byLevel = new long[Level.values().length];
    private final long[] correlationsByLevel = new long[Level.values().length];
    long hidden;
    /** Detections not printed: their rules only feed correlations with generate: false. */
    long referencedOnly;
    boolean correlating;

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

    void print(PrintWriter err, ReadStats stats, CorrelationStats correlation, long loadNanos, long buildNanos,
            long readNanos) {
        err.println("files read:       " + stats.files()
                + (stats.filesWithoutEvents() == 0 ? "" : " (" + stats.filesWithoutEvents() + " without events)"));
        err.println("events read:      " + stats.events());
        err.println("records skipped:  " + stats.skipped());
        List<String> levels = new ArrayList<>();
        for (int i = byLevel.length - 1; i >= 0; i--) {
            if (byLevel[i] > 0) {
                levels.add(Level.values()[i].label() + " " + byLevel[i]);
            }
        }
        String detail = String.join(", ", levels);
        if (hidden > 0) {
            detail += (detail.isEmpty() ? "" : "; ") + hidden + " below --min-level not shown";
        }
        if (referencedOnly > 0) {
            detail += (detail.isEmpty() ? "" : "; ") + referencedOnly
                    + " of rules only correlations use not shown (--show-all-detections shows them)";
        }
        err.println("detections:       " + total() + (detail.isEmpty() ? "" : " (" + detail + ")"));
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
                    correlation.evictedGroups()));
        }
        double readSeconds = readNanos / 1e9;
        double rate = readSeconds > 0 ? stats.events() / readSeconds : 0;
        err.println(String.format(Locale.ROOT,
                "elapsed:          %.2f s (loading rules %.2f s, building the engine %.2f s, "
                        + "reading and matching %.2f s at %,.0f events/s)",
                (loadNanos + buildNanos + readNanos) / 1e9, loadNanos / 1e9, buildNanos / 1e9, readSeconds, rate));
    }
}
