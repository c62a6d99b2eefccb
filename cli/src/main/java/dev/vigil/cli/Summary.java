package dev.vigil.cli;

import dev.vigil.core.ReadStats;
import dev.vigil.core.rule.Level;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Counts the detections of a hunt by level and prints the closing summary. */
final class Summary {

    private final long[] byLevel = new long[Level.values().length];
    long hidden;

    void count(Level level) {
        byLevel[level.ordinal()]++;
    }

    long total() {
        long n = 0;
        for (long c : byLevel) {
            n += c;
        }
        return n;
    }

    void print(PrintWriter err, ReadStats stats, long loadNanos, long buildNanos, long readNanos) {
        err.println("files read:       " + stats.files());
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
        err.println("detections:       " + total() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        double readSeconds = readNanos / 1e9;
        double rate = readSeconds > 0 ? stats.events() / readSeconds : 0;
        err.println(String.format(Locale.ROOT,
                "elapsed:          %.2f s (loading rules %.2f s, building the engine %.2f s, "
                        + "reading and matching %.2f s at %,.0f events/s)",
                (loadNanos + buildNanos + readNanos) / 1e9, loadNanos / 1e9, buildNanos / 1e9, readSeconds, rate));
    }
}
