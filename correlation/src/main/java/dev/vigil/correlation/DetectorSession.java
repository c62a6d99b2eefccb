package dev.vigil.correlation;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.alert.MatchRef;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.FieldRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One event stream through a {@link Detector}: events in, detections and correlation alerts out.
 * Holds the correlation state (matches within their windows) and the stream's notion of time.
 *
 * <p>Alerts go to the session's one sink ({@link SessionBuilder#onAlert}): detections once the event
 * is accepted; correlation alerts when the batch of matches they come from is processed (see
 * {@link SessionBuilder#batchSize}), and at the latest on {@link #flush}, {@link #tick},
 * {@link #advanceTo} or {@link #finish}. The sink runs outside the session's lock, one alert at a
 * time, in the order they were raised. Detections of rules that only
 * correlations with {@code generate: false} refer to are not handed out (see
 * {@link Detector#reports(dev.vigil.core.rule.Rule)}), nor are alerts of correlations that only feed
 * other correlations.
 *
 * <p>A session is meant for one feeding thread; sharing it is safe (correlation is serialized, delivery
 * runs on whichever caller finds alerts waiting). With several partitions it runs them on threads of its own; {@link #close()} stops them.
 */
public final class DetectorSession implements AutoCloseable {

    /** The range of event times ({@link EventTime#EARLIEST} to {@link EventTime#LATEST}) in milliseconds. */
    private static final long MIN_MILLIS = EventTime.EARLIEST.toEpochMilli();
    private static final long MAX_MILLIS = EventTime.LATEST.toEpochMilli();

    private static final Comparator<Partition.Raised> ORDER = Comparator.comparingLong(Partition.Raised::time)
            .thenComparingInt(Partition.Raised::corr)
            .thenComparing(Partition.Raised::key)
            .thenComparingLong(Partition.Raised::seq);

    private Detector detector;
    private final SessionSettings settings;
    private Partition[] partitions;
    private final ExecutorService pool;
    private final List<Input> pending = new ArrayList<>();

    /** How many distinct values of one group-by field a match is correlated under, at most. */
    static final int MAX_GROUP_VALUES = 16;
    /** How many groups one match joins, at most (the product of its group-by fields' values). */
    static final int MAX_GROUPS_PER_MATCH = 64;
    /** Alerts (and late matches) raised, in order, waiting to go to the sink; guarded by {@code this}. */
    private final ArrayDeque<Object> outbox = new ArrayDeque<>();
    private final ReentrantLock delivery = new ReentrantLock();
    private final StreamTime streamTime = new StreamTime();
    private long realWatermark = Long.MIN_VALUE;
    private long matches;
    private long late;
    private long untimed;
    private long implausible;
    /** Counters of the partitions of detectors this session has swapped out. */
    private long swappedAlerts;
    private long swappedSuppressed;
    private long swappedEvicted;
    private long swappedDropped;
    private long missingFields;
    private boolean closed;

    DetectorSession(Detector detector, SessionSettings settings) {
        this.detector = detector;
        this.settings = settings;
        this.partitions = partitions(detector, settings);
        int n = settings.partitions();
        this.pool = n > 1 ? Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "vigil-correlation");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private static Partition[] partitions(Detector detector, SessionSettings settings) {
        int n = detector.compiled().isEmpty() ? 0 : settings.partitions();
        Partition[] ps = new Partition[n];
        for (int i = 0; i < n; i++) {
            ps[i] = new Partition(detector, settings, n);
        }
        return ps;
    }

    /**
     * Moves the session to another detector (a reloaded rule set) while events flow. Every event is
     * matched by exactly one of the two: those accepted before this call by the old detector (their
     * pending matches are correlated first), those after by {@code next}. The correlation state of
     * each correlation that {@code next} has with the same definition (key, type, rules, group-by,
     * timespan, condition, fields) is carried over: its groups, matches, open windows and
     * suppressions; the state of correlations that changed or went is dropped (counted as evicted
     * groups). Alerts due from the pending matches go to the sink before this returns.
     */
    public void swap(Detector next) {
        Objects.requireNonNull(next, "detector");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the session is closed");
            }
            process();
            Partition[] fresh = partitions(next, settings);
            Map<String, Integer> byDefinition = new HashMap<>();
            for (Compiled c : next.compiled()) {
                byDefinition.put(Detector.definition(c.rule), c.index);
            }
            long dropped = 0;
            for (Partition old : partitions) {
                for (Compiled c : detector.compiled()) {
                    Integer to = fresh.length == 0 ? null : byDefinition.get(Detector.definition(c.rule));
                    for (GroupState g : old.groupsOf(c.index)) {
                        if (to == null) {
                            dropped++;
                            continue;
                        }
                        fresh[partitionOf(to, g.key, fresh.length)].adopt(g, to, old.watermark());
                    }
                }
                swappedAlerts += old.alerts;
                swappedSuppressed += old.suppressed;
                swappedEvicted += old.evicted;
                swappedDropped += old.dropped;
                old.dispose();
            }
            swappedEvicted += dropped;
            this.partitions = fresh;
            this.detector = next;
        }
        deliver(true);
    }

    /** Matches {@code event}; its reported detections, and any correlation alerts now due, go to the sink. */
    public void accept(Event event) {
        synchronized (this) {
            for (Detection d : detector.engine().match(event)) {
                if (!detector.hiddenRule(d.rule())) {
                    outbox.add(d);
                }
                feed(d, -1, null);
            }
            if (pending.size() >= settings.batchSize()) {
                process();
            }
        }
        deliver(false);
    }

    /**
     * Feeds a match found elsewhere (by this detector's engine) to the correlations; the detection
     * itself does not go to the sink.
     */
    public void acceptMatch(Detection match) {
        synchronized (this) {
            feed(match, -1, null);
            if (pending.size() >= settings.batchSize()) {
                process();
            }
        }
        deliver(false);
    }

    /**
     * Feeds a match found elsewhere to one group of one correlation only, named by their keys: for a stream
     * processor that routes each (match, correlation, group) to where the group's state lives (see
     * {@link Detector#groupKeys}). A key this session's detector does not know, or a group the match does not
     * join, feeds nothing.
     */
    public void acceptMatch(Detection match, String correlationKey, String groupKey) {
        synchronized (this) {
            int only = detector.correlationIndex(correlationKey);
            if (only < 0) {
                return;
            }
            feed(match, only, Objects.requireNonNull(groupKey, "groupKey"));
            if (pending.size() >= settings.batchSize()) {
                process();
            }
        }
        deliver(false);
    }

    /**
     * Feeds the alert of a correlation (raised in another session, see {@link SessionBuilder#onChained}) to one
     * group of one correlation that refers to it, as the session feeds its own chained alerts: at the time
     * of the alert's window end, never late. A key this session's detector does not know, a correlation that
     * does not refer to the alert's, or a group the alert does not join (see
     * {@link Detector#groupKeys(CorrelationAlert)}) feeds nothing.
     */
    public void acceptAlert(CorrelationAlert alert, String correlationKey, String groupKey) {
        Objects.requireNonNull(groupKey, "groupKey");
        synchronized (this) {
            int from = detector.correlationIndex(alert.rule().key());
            int only = detector.correlationIndex(correlationKey);
            if (from < 0 || only < 0 || closed || partitions.length == 0) {
                return;
            }
            for (int[] f : detector.correlationFeeds(from)) {
                if (f[0] == only) {
                    Input in = chained(alert, f);
                    if (in != null && in.key().equals(groupKey)) {
                        pending.add(in);
                    }
                }
            }
            if (pending.size() >= settings.batchSize()) {
                process();
            }
        }
        deliver(false);
    }

    /** Correlates the matches collected so far; returns once every alert so far has gone to the sink. */
    public void flush() {
        synchronized (this) {
            process();
        }
        deliver(true);
    }

    /** On a real clock: lets time pass (windows whose time is up are decided). On event time: the same as {@link #flush}. */
    public void tick() {
        flush();
    }

    /** On event time: moves the stream's time to at least {@code time}, as if an event of that time had come. */
    public void advanceTo(Instant time) {
        synchronized (this) {
            streamTime.advanceTo(time.isAfter(EventTime.LATEST) ? MAX_MILLIS
                    : time.isBefore(EventTime.EARLIEST) ? MIN_MILLIS : time.toEpochMilli());
            process();
        }
        deliver(true);
    }

    /**
     * End of the stream: correlates what is pending and decides every window still open; returns once
     * every alert has gone to the sink. The state is then empty.
     */
    public void finish() {
        synchronized (this) {
            rounds(new ArrayList<>(pending), Long.MAX_VALUE);
            pending.clear();
        }
        deliver(true);
    }

    /**
     * Hands what is in the outbox to the sink, outside the session's lock, so that a slow sink holds
     * up only the delivery, not the correlation other threads are doing. One thread delivers at a time,
     * in the order the alerts were raised; a thread that finds another delivering leaves its alerts to
     * it, unless {@code wait}. A session call made from inside the sink queues its alerts and returns
     * (without waiting): the delivery loop it was called from hands them out next, so the sink is never
     * re-entered. A sink must not wait for another thread's {@code flush} or {@code finish}, which wait
     * for it. If the sink throws, the exception goes to the caller and the alerts after
     * the failed one stay in the outbox for the next call.
     */
    private void deliver(boolean wait) {
        if (delivery.isHeldByCurrentThread()) {
            // called from inside the sink: the delivery loop below this call hands out what was added
            return;
        }
        while (true) {
            if (wait) {
                delivery.lock();
            } else if (!delivery.tryLock()) {
                return;
            }
            try {
                Object next;
                while ((next = poll()) != null) {
                    if (next instanceof Late l) {
                        settings.onLate().accept(l.match());
                    } else if (next instanceof Chained c) {
                        settings.onChained().accept(c.alert());
                    } else {
                        settings.sink().accept((Alert) next);
                    }
                }
            } finally {
                delivery.unlock();
            }
            synchronized (this) {
                if (outbox.isEmpty()) {
                    return;
                }
            }
        }
    }

    private synchronized Object poll() {
        return outbox.poll();
    }

    /** A match dropped as too late, for {@link SessionBuilder#onLate}. */
    private record Late(Detection match) {
    }

    /** An alert of a correlation that others refer to, for {@link SessionBuilder#onChained}. */
    private record Chained(CorrelationAlert alert) {
    }

    /** The watermark: the stream's time less the allowed lateness; matches older than it are late. */
    public synchronized Instant watermark() {
        long w = watermarkMillis();
        return w == Long.MIN_VALUE ? Instant.MIN : Instant.ofEpochMilli(w);
    }

    /** The counters so far. */
    public synchronized CorrelationStats stats() {
        long alerts = swappedAlerts;
        long suppressed = swappedSuppressed;
        long evicted = swappedEvicted;
        long groups = 0;
        long hits = 0;
        for (Partition p : partitions) {
            alerts += p.alerts;
            suppressed += p.suppressed;
            evicted += p.evicted;
            groups += p.liveGroups;
            hits += p.liveHits;
        }
        long dropped = swappedDropped;
        for (Partition p : partitions) {
            dropped += p.dropped;
        }
        return new CorrelationStats(matches, late, untimed, implausible, missingFields, alerts, suppressed, evicted,
                dropped, groups, hits);
    }

    /** For tests: the windows probed so far, and the groups scheduled for the watermark. */
    synchronized long[] workCounters() {
        long probes = 0;
        long scheduled = 0;
        for (Partition p : partitions) {
            probes += p.probes;
            scheduled += p.scheduled();
        }
        return new long[] {probes, scheduled};
    }

    /** Releases the Drools sessions and threads; pending matches are dropped (call {@link #finish} first). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pool != null) {
            pool.shutdownNow();
        }
        for (Partition p : partitions) {
            p.dispose();
        }
    }

    // ---- feeding

    private long watermarkMillis() {
        long lateness = settings.latenessMillis();
        if (settings.clock() != null) {
            long w = settings.clock().millis() - lateness;
            realWatermark = Math.max(realWatermark, w);
            return realWatermark;
        }
        long now = streamTime.get();
        return now == Long.MIN_VALUE ? Long.MIN_VALUE : now - lateness;
    }

    /** Feeds {@code d} to the correlations that take its rule, or to correlation {@code only} alone (when not -1). */
    /** Feeds {@code d} to every correlation taking its rule, or to correlation {@code only} and group {@code onlyGroup}. */
    private void feed(Detection d, int only, String onlyGroup) {
        int[][] feeds = detector.feeds(d.rule());
        if (feeds == null || closed) {
            return;
        }
        Instant time = d.timestamp();
        long ts = time == null ? Long.MIN_VALUE : plausibleMillis(time);
        if (time != null && ts == Long.MIN_VALUE) {
            implausible++;
        }
        if (ts == Long.MIN_VALUE) {
            untimed++;
            ts = settings.clock() != null ? settings.clock().millis() : streamTime.get() == Long.MIN_VALUE ? 0 : streamTime.get();
            time = Instant.ofEpochMilli(ts);
        } else if (settings.clock() == null) {
            streamTime.add(ts);
        }
        long w = watermarkMillis();
        if (ts < w) {
            late++;
            if (settings.onLate() != null) {
                outbox.add(new Late(d));
            }
            return;
        }
        MatchRef ref = new MatchRef(d.rule().id(), d.rule().key(), d.source(), time);
        Event event = d.event();
        for (int[] f : feeds) {
            if (only >= 0 && f[0] != only) {
                continue;
            }
            Compiled c = detector.compiled().get(f[0]);
            Compiled.Ref r = c.refs.get(f[1]);
            List<String[]> groups = groups(event, r.groupFields());
            if (groups.isEmpty()) {
                missingFields++;
                continue;
            }
            double value = Double.NaN;
            Object distinct = null;
            if (c.numeric()) {
                value = number(first(event, c.rule.valueFields().get(0)));
            } else if (c.distinct()) {
                distinct = tuple(event, c.rule.valueFields());
            }
            matches++;
            for (String[] values : groups) {
                String key = key(values);
                if (onlyGroup == null || onlyGroup.equals(key)) {
                    pending.add(new Input(c.index, f[1], key, values, ts, value, distinct, ref));
                }
            }
        }
    }

    /**
     * The groups a match joins: one per combination of the distinct values of its group-by fields, so that
     * a field given twice ({@code {"user":"decoy","user":"admin"}}, read as a list) or an array cannot hide
     * a value from the correlation; empty when a field has no value. At most {@link #MAX_GROUP_VALUES} values
     * of a field and {@link #MAX_GROUPS_PER_MATCH} groups in all are taken, in the order the event holds them.
     */
    static List<String[]> groups(Event event, List<FieldRef> fields) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[fields.size()]);
        for (int i = 0; i < fields.size(); i++) {
            Set<String> values = new LinkedHashSet<>();
            fields.get(i).values(event, v -> {
                if (v != null && !(v instanceof Map) && !(v instanceof List) && values.size() < MAX_GROUP_VALUES) {
                    values.add(text(v));
                }
            });
            if (values.isEmpty()) {
                return List.of();
            }
            List<String[]> next = new ArrayList<>();
            for (String[] partial : out) {
                for (String v : values) {
                    if (next.size() == MAX_GROUPS_PER_MATCH) {
                        break;
                    }
                    String[] g = partial.clone();
                    g[i] = v;
                    next.add(g);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * The epoch millisecond of a match's time, or {@link Long#MIN_VALUE} when the time cannot be true:
     * outside years 0 to 9999, or further ahead of the clock than the allowed future skew.
     */
    private long plausibleMillis(Instant time) {
        if (time.isBefore(EventTime.EARLIEST) || time.isAfter(EventTime.LATEST)) {
            return Long.MIN_VALUE;
        }
        long ts = time.toEpochMilli();
        long now = settings.clock() != null ? settings.clock().millis() : System.currentTimeMillis();
        long skew = settings.maxFutureSkewMillis();
        return skew < MAX_MILLIS && ts > now + skew ? Long.MIN_VALUE : ts;
    }

    private void process() {
        List<Input> work = new ArrayList<>(pending);
        pending.clear();
        rounds(work, watermarkMillis());
    }

    /** Correlates {@code work}; alerts of correlations that feed others go round again, until none is left. */
    private void rounds(List<Input> work, long watermarkAfter) {
        if (partitions.length == 0 || closed) {
            return;
        }
        while (true) {
            List<Partition.Raised> raised;
            if (work.isEmpty()) {
                // everything correlated: now let the watermark decide windows and drop state
                raised = runPartitions(work, watermarkAfter);
                if (raised.isEmpty()) {
                    return;
                }
            } else {
                raised = runPartitions(work, Long.MIN_VALUE);
            }
            raised.sort(ORDER);
            List<Input> next = new ArrayList<>();
            for (Partition.Raised r : raised) {
                if (!detector.hidden(r.corr())) {
                    outbox.add(r.alert());
                }
                if (settings.onChained() == null) {
                    derive(r, next);
                } else if (detector.correlationFeeds(r.corr()).length > 0) {
                    outbox.add(new Chained(r.alert()));
                }
            }
            work = next;
        }
    }

    /** Inputs for the correlations that refer to the correlation that raised {@code r}. */
    private void derive(Partition.Raised r, List<Input> next) {
        for (int[] f : detector.correlationFeeds(r.corr())) {
            Input in = chained(r.alert(), f);
            if (in != null) {
                next.add(in);
            }
        }
    }

    /**
     * The input correlation alert {@code a} makes at position {@code f[1]} of correlation {@code f[0]}: at the
     * time of its window's end, with its group values as fields; null (counted) when it lacks a group-by field.
     */
    private Input chained(CorrelationAlert a, int[] f) {
        Compiled c = detector.compiled().get(f[0]);
        Map<String, String> group = a.group();
        String[] values = chainedGroup(c.refs.get(f[1]), group);
        if (values == null) {
            missingFields++;
            return null;
        }
        List<MatchRef> ms = a.matches();
        SourcePosition source = ms.isEmpty() ? SourcePosition.UNKNOWN : ms.get(ms.size() - 1).source();
        long ts = a.window().end().toEpochMilli();
        MatchRef ref = new MatchRef(a.rule().id(), a.rule().key(), source, a.window().end());
        double value = Double.NaN;
        Object distinct = null;
        if (c.numeric()) {
            String name = c.rule.valueFields().get(0).name();
            value = "value".equals(name) ? a.value().doubleValue() : number(group.get(name));
        } else if (c.distinct()) {
            List<String> parts = new ArrayList<>();
            for (FieldRef vf : c.rule.valueFields()) {
                parts.add(group.get(vf.name()));
            }
            distinct = parts.contains(null) ? null : join(parts);
        }
        matches++;
        return new Input(c.index, f[1], key(values), values, ts, value, distinct, ref);
    }

    /** The group values a chained alert's {@code group} gives under {@code ref}'s group-by fields, or null when one is missing. */
    static String[] chainedGroup(Compiled.Ref ref, Map<String, String> group) {
        String[] values = new String[ref.groupFields().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = group.get(ref.groupFields().get(i).name());
            if (values[i] == null) {
                return null;
            }
        }
        return values;
    }

    private List<Partition.Raised> runPartitions(List<Input> work, long watermarkAfter) {
        int n = partitions.length;
        if (n == 1) {
            return partitions[0].run(work, watermarkAfter);
        }
        List<List<Input>> split = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            split.add(new ArrayList<>());
        }
        for (Input in : work) {
            split.get(partitionOf(in.corr(), in.key(), n)).add(in);
        }
        List<Callable<List<Partition.Raised>>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Partition p = partitions[i];
            List<Input> mine = split.get(i);
            tasks.add(() -> p.run(mine, watermarkAfter));
        }
        List<Partition.Raised> out = new ArrayList<>();
        try {
            for (Future<List<Partition.Raised>> f : pool.invokeAll(tasks)) {
                out.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while correlating", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
        return out;
    }

    static int partitionOf(int corr, String key, int n) {
        int h = key.hashCode() * 31 + corr;
        h ^= (h >>> 16);
        return Math.floorMod(h * 0x9E3779B1, n);
    }

    // ---- field values

    /** The group key of {@code event} over {@code fields} as {@link #feed} computes it, or null when a field is missing. */
    /** The keys of the groups a match with {@code event} joins under {@code fields}, as {@link #groups} finds them. */
    static List<String> groupKeys(Event event, List<FieldRef> fields) {
        List<String> keys = new ArrayList<>();
        for (String[] values : groups(event, fields)) {
            keys.add(key(values));
        }
        return keys;
    }

    static String key(String[] values) {
        return values.length == 1 ? values[0] : join(List.of(values));
    }

    private static String tuple(Event event, List<FieldRef> fields) {
        if (fields.size() == 1) {
            return first(event, fields.get(0));
        }
        List<String> parts = new ArrayList<>(fields.size());
        for (FieldRef f : fields) {
            String v = first(event, f);
            if (v == null) {
                return null;
            }
            parts.add(v);
        }
        return join(parts);
    }

    /**
     * Several values as one key that no other list of values shares: each value prefixed with its
     * length, since a value read from a log may hold any character a plain separator would be.
     */
    static String join(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append(v.length()).append(':').append(v);
        }
        return sb.toString();
    }

    /** The first non-null value of the field, as text (numbers in plain decimal form), or null. */
    static String first(Event event, FieldRef field) {
        String[] found = new String[1];
        field.values(event, v -> {
            if (found[0] == null && v != null && !(v instanceof Map) && !(v instanceof List)) {
                found[0] = text(v);
            }
        });
        return found[0];
    }

    private static String text(Object v) {
        if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            try {
                BigDecimal d = new BigDecimal(v.toString()).stripTrailingZeros();
                return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
            } catch (NumberFormatException e) {
                return v.toString();
            }
        }
        return v.toString();
    }

    private static double number(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
