package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.Rule;
import dev.vigil.correlation.SessionBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hunt --dedup PERIOD}: folds the detections of one rule on one host ({@code Computer} as the table shows
 * it; a detection without one is of the host "none") within one period into one {@link Fold}, written to the next
 * writer when the hunt ends: its first detection (the earliest; at the same time, the first by file, line and
 * column), the count and the time of the last.
 *
 * <p>Periods are fixed and aligned to the epoch, in UTC: with {@code 1h}, 10:00:00 to 10:59:59.999, whatever the
 * detections. A fold is then a function of the set of detections, not of their order: its count is a sum, its
 * first and last a minimum and a maximum, so the output is the same whatever the order of the files and of the
 * events in them, and it needs one small entry per rule, host and period. A period opened by each rule and host's
 * earliest detection would read more naturally, but it cannot be decided before every detection's time is known,
 * which would mean keeping all of them; the price of fixed periods is that a burst across a boundary makes two rows.
 *
 * <p>Not folded, passed on as they come: correlation alerts, and detections without a time, which cannot be said
 * to be within a period of each other.
 *
 * <p>Memory: at most {@code maxOpen} folds ({@link #MAX_OPEN_FOLDS} in the command), each holding its first
 * detection (and so its event). Beyond, the fold added to least recently is written at once with its count so far
 * and counted ({@link #counts()}); a later detection of its rule, host and period opens another, so only then
 * may the output depend on the order of the input. Not thread-safe: {@link AlertSink} calls it one alert at a time.
 */
final class FoldingWriter implements DetectionWriter {

    /** How many folds {@code hunt --dedup} keeps open at most; each holds one event. */
    static final int MAX_OPEN_FOLDS = 10_000;

    /** The order of detections within a fold, and of the folds written at the end: time, then source. */
    private static final Comparator<Detection> FIRST = Comparator.comparing(Detection::timestamp)
            .thenComparing(d -> d.source().file(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(d -> d.source().line())
            .thenComparingInt(d -> d.source().column());

    /** A rule (by identity: the engine's), a host (null when the event names none) and a period's number. */
    private record Key(Rule rule, String host, long period) {
    }

    /** A fold still taking detections. */
    private static final class Open {
        Detection first;
        long count;
        Instant last;

        Open(Detection d) {
            first = d;
            count = 1;
            last = d.timestamp();
        }

        void add(Detection d) {
            count++;
            if (FIRST.compare(d, first) < 0) {
                first = d;
            }
            if (d.timestamp().isAfter(last)) {
                last = d.timestamp();
            }
        }

        Fold fold() {
            return new Fold(first, count, last);
        }
    }

    private final DetectionWriter next;
    private final long periodSeconds;
    private final int maxOpen;
    /** In access order: the first entry is the fold added to least recently. */
    private final LinkedHashMap<Key, Open> open = new LinkedHashMap<>(16, 0.75f, true);
    private long folded;
    private long rows;
    private long flushedEarly;

    /**
     * @param period  whole seconds, at least one
     * @param maxOpen how many folds may be open at once
     */
    FoldingWriter(DetectionWriter next, Duration period, int maxOpen) {
        if (period.getSeconds() < 1 || period.getNano() != 0 || maxOpen < 1) {
            throw new IllegalArgumentException("period " + period + ", maxOpen " + maxOpen);
        }
        this.next = next;
        this.periodSeconds = period.getSeconds();
        this.maxOpen = maxOpen;
    }

    /** Why {@code period} cannot be a {@code --dedup} period, or null when it can. */
    static String periodError(Duration period) {
        return period.getSeconds() < 1 || period.getNano() != 0
                ? "--dedup must be a whole number of seconds, at least 1s (such as 30s, 5m, 1h, 1d)" : null;
    }

    @Override
    public void write(Alert alert) throws IOException {
        if (!(alert instanceof Detection d) || d.timestamp() == null) {
            next.write(alert);
            return;
        }
        folded++;
        Key key = new Key(d.rule(), EventFields.computer(d.event()),
                Math.floorDiv(d.timestamp().getEpochSecond(), periodSeconds));
        Open fold = open.get(key);
        if (fold != null) {
            fold.add(d);
            return;
        }
        open.put(key, new Open(d));
        if (open.size() > maxOpen) {
            Iterator<Map.Entry<Key, Open>> eldest = open.entrySet().iterator();
            Open out = eldest.next().getValue();
            eldest.remove();
            flushedEarly++;
            emit(out);
        }
    }

    /** A fold made elsewhere is passed on. */
    @Override
    public void write(Fold fold) throws IOException {
        next.write(fold);
    }

    /** Writes the open folds, in the order of their first detections, then finishes the next writer. */
    @Override
    public void finish() throws IOException {
        List<Open> all = new ArrayList<>(open.values());
        open.clear();
        all.sort(Comparator.comparing(o -> o.first, FIRST));
        for (Open o : all) {
            emit(o);
        }
        next.finish();
    }

    private void emit(Open fold) throws IOException {
        rows++;
        next.write(fold.fold());
    }

    /**
     * What was folded so far: {@code folded} detections went into folds, {@code rows} folds were written, of which
     * {@code flushedEarly} before the end, to keep at most {@code maxOpen} open.
     */
    record Counts(long folded, long rows, long flushedEarly) {
    }

    Counts counts() {
        return new Counts(folded, rows, flushedEarly);
    }

    /** The summary's line: {@code folded:  120 detections into 7 rows (--dedup 1h)}, and the early ones if any. */
    String summaryLine() {
        return String.format(Locale.ROOT, "folded:           %,d detections into %,d rows (--dedup %s)", folded, rows,
                text(Duration.ofSeconds(periodSeconds)))
                + (flushedEarly == 0 ? "" : String.format(Locale.ROOT, "; %,d folds printed early to keep %,d open at"
                        + " most, so a rule and host may have more than one row in a period", flushedEarly, maxOpen));
    }

    /** A period as the option takes it, in its largest whole unit: {@code 1d}, {@code 90m}, {@code 45s}. */
    static String text(Duration period) {
        long s = period.getSeconds();
        return period.equals(SessionBuilder.UNBOUNDED) ? "unbounded" : s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m"
                : s + "s";
    }
}
