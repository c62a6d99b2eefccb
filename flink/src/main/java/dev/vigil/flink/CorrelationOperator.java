package dev.vigil.flink;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.correlation.DetectorSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Correlation, keyed by group key: the embedded correlator ({@link DetectorSession}) runs on each
 * instance over the groups whose keys Flink gives it, on Flink's event time (the session's clock is the
 * operator's watermark). Its state is snapshotted into Flink keyed state as the matches each group key
 * received, with the watermark they arrived at, and the operator's watermark at the checkpoint; a restore
 * replays them, in arrival order and on the same watermarks, into a fresh session with its alerts held
 * back (every alert of those matches went out before the checkpoint's barrier: pending batches are
 * correlated first), which rebuilds the state the session had. A key's matches are dropped from state once the watermark is past the last of them
 * by the allowed lateness, the suppression period and the timespans, when the session has forgotten
 * the group too, and when the session evicts the group ({@code maxGroups}, followed in {@link #touch}).
 *
 * <p>One operator per chain depth (a stage): it correlates the correlations of its depth, and sends on to
 * the next stage, on {@link #NEXT}, the alerts that deeper correlations take (keyed by the group they join
 * there, at their window's end, before the watermark that decided them) and the matches of deeper
 * correlations, which pass through so that they keep their order with this stage's alerts and watermarks.
 * Every stage keeps its state so: matches and chained alerts alike, bounded, restored per key group.
 */
final class CorrelationOperator extends AbstractStreamOperator<AlertRecord>
        implements OneInputStreamOperator<RoutedMatch, AlertRecord>, Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;
    private static final long EARLIEST = EventTime.EARLIEST.toEpochMilli();
    private static final long LATEST = EventTime.LATEST.toEpochMilli();
    /** Beyond every plausible time: Flink's watermark, not the wall clock, says what is late. */
    private static final Duration NO_FUTURE_SKEW_CHECK = Duration.ofDays(365L * 20_000);
    /** Expiry timers are set to whole seconds of event time. */
    private static final long TIMER_GRANULARITY = 1000;
    /**
     * Matches correlated together: a batch is correlated when full and at every watermark, so an alert
     * waits at most for the next watermark (see {@code SessionBuilder.batchSize}).
     */
    static final int BATCH = 64;

    static final OutputTag<AlertRecord> LATE =
            new OutputTag<>("vigil-late", org.apache.flink.api.common.typeinfo.TypeInformation.of(AlertRecord.class));
    /** What goes on to the next stage: alerts for deeper correlations, and matches passing through. */
    static final OutputTag<RoutedMatch> NEXT = new OutputTag<>("vigil-next", RoutedMatch.TYPE);

    private static final ListStateDescriptor<RoutedMatch> LOG = new ListStateDescriptor<>("vigil-matches", RoutedMatch.TYPE);
    private static final ValueStateDescriptor<Long> LAST = new ValueStateDescriptor<>("vigil-last-match", Types.LONG);
    /**
     * Each instance's watermark at the checkpoint with the key groups it held (first, last, watermark), in
     * union state: after a rescale every instance finds, for each key it restores, the watermark of the
     * instance that held it.
     */
    private static final ListStateDescriptor<Tuple3<Integer, Integer, Long>> WATERMARKS = new ListStateDescriptor<>(
            "vigil-watermarks", Types.TUPLE(Types.INT, Types.INT, Types.LONG));
    private static final ValueStateDescriptor<Integer> LOGGED = new ValueStateDescriptor<>("vigil-logged", Types.INT);
    private static final ListStateDescriptor<RoutedMatch> HELD = new ListStateDescriptor<>("vigil-held", RoutedMatch.TYPE);

    private final RuleSet ruleSet;
    private final VigilFlink.Settings settings;
    /** The chain depth of the correlations this operator correlates; deeper ones pass on to the next stage. */
    private final int stage;

    private transient CompiledRules rules;
    private transient DetectorSession session;
    private transient WatermarkClock clock;
    private transient boolean replaying;
    private transient boolean restored;
    /** The former instances' watermarks at the checkpoint restored from, with their key groups; empty if none. */
    private transient List<Tuple3<Integer, Integer, Long>> restoredWatermarks;
    private transient ListState<Tuple3<Integer, Integer, Long>> watermarkState;
    /** The watermark the session's windows are decided up to: the replay's end, then the operator's. */
    private transient long decidedTo;
    /** The watermark the replay ended on (the leading former instance's), or MIN. */
    private transient long restoredTo;
    private transient long seq;
    private transient long horizon;
    private transient ListState<RoutedMatch> log;
    private transient ValueState<Long> last;
    private transient ValueState<Integer> logged;
    /** The most matches a key keeps in state after a compaction; twice as many start one. */
    private transient int keep;
    private transient long span;
    private transient Counter droppedFromState;
    private transient InternalTimerService<VoidNamespace> timers;
    /** Stages after the first: what came from the stage before, per key, until the watermark passes its tag. */
    private transient ListState<RoutedMatch> held;
    private transient Set<String> heldKeys;
    private transient long received;
    /**
     * Per correlation key, the groups the session holds on this instance, least recently fed first: the
     * session evicts the eldest past {@code maxGroups}, and so does this, dropping the group's matches from
     * keyed state (the session has no eviction callback; see {@link #touch}).
     */
    private transient Map<String, LinkedHashMap<String, Boolean>> groups;
    /** The keys of the correlations the session runs (it ignores a match for another). */
    private transient Set<String> correlationKeys;
    /** Whether the session called the match just fed late (it then holds nothing of it). */
    private transient boolean fedLate;

    CorrelationOperator(RuleSet ruleSet, VigilFlink.Settings settings, int stage) {
        this.ruleSet = ruleSet;
        this.settings = settings;
        this.stage = stage;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        restored = context.isRestored();
        watermarkState = context.getOperatorStateStore().getUnionListState(WATERMARKS);
        restoredWatermarks = new ArrayList<>();
        watermarkState.get().forEach(restoredWatermarks::add);
        decidedTo = Long.MIN_VALUE;
        restoredTo = Long.MIN_VALUE;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rules = CompiledRules.compile(ruleSet);
        clock = new WatermarkClock();
        session = rules.detector.newSession()
                .clock(clock)
                .allowedLateness(settings.allowedLateness())
                .suppress(settings.suppress())
                .maxGroups(settings.maxGroups())
                .maxMatchesPerGroup(settings.maxMatchesPerGroup())
                .maxFutureSkew(NO_FUTURE_SKEW_CHECK)
                .batchSize(BATCH)
                .onAlert(this::emit)
                .onLate(this::late)
                .onChained(this::chained)
                .open();
        horizon = horizon(rules.detector.correlations(), settings);
        log = getRuntimeContext().getListState(LOG);
        last = getRuntimeContext().getState(LAST);
        logged = getRuntimeContext().getState(LOGGED);
        keep = (int) Math.min(Integer.MAX_VALUE / 2,
                (long) settings.maxMatchesPerGroup() * Math.max(1, rules.detector.correlations().size()));
        span = 0;
        for (CorrelationRule c : rules.detector.correlations()) {
            span = Math.max(span, c.timespan().toMillis());
        }
        droppedFromState = getMetricGroup().counter("vigilMatchesDroppedFromState");
        timers = getInternalTimerService("vigil-expiry", VoidNamespaceSerializer.INSTANCE, this);
        held = getRuntimeContext().getListState(HELD);
        heldKeys = new HashSet<>();
        groups = new HashMap<>();
        correlationKeys = new HashSet<>();
        rules.detector.correlations().forEach(c -> correlationKeys.add(c.key()));
        if (restored) {
            replay();
            getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, HELD,
                    (key, state) -> state.get().forEach(m -> {
                        heldKeys.add((String) key);
                        received = Math.max(received, m.seq() + 1);
                    }));
        }
    }

    /**
     * The operator's watermark, never below the one the replay ended on (the source's restarts lower). While
     * a watermark is decided it is still the one before: the alerts it raises go on tagged with that.
     */
    private long watermark() {
        return Math.max(timers.currentWatermark(), restoredTo);
    }

    /** How long after a group's last match the session may still hold state for it. */
    static long horizon(List<CorrelationRule> correlations, VigilFlink.Settings settings) {
        long spans = 0;
        for (CorrelationRule c : correlations) {
            spans = saturatedAdd(spans, c.timespan().toMillis());
        }
        return saturatedAdd(saturatedAdd(settings.allowedLateness().toMillis(), settings.suppress().toMillis()), spans);
    }

    private static long roundUp(long millis) {
        long r = Math.floorMod(millis, TIMER_GRANULARITY);
        return r == 0 ? millis : saturatedAdd(millis, TIMER_GRANULARITY - r);
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /**
     * Rebuilds the session's state from the matches in Flink state, in the order they first arrived, on the
     * watermarks they arrived at, then on each former instance's watermark at the checkpoint, in order. An
     * alert the replay decides was sent before the checkpoint when the instance that held its group had
     * reached the replay's watermark: it is held back; the others (after a rescale, windows of an instance
     * that was behind, which a leading one's watermark decides now) go out. A batch is correlated before the
     * watermark moves on, so that no group's matches are correlated on another instance's watermark.
     */
    private void replay() throws Exception {
        // the order, without the events: each key's list is already in arrival order, read as it is replayed
        List<Arrival> order = new ArrayList<>();
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LOG,
                (key, state) -> state.get().forEach(m -> order.add(new Arrival(m.arrival(), m.seq(), (String) key))));
        order.sort(Comparator.comparingLong(Arrival::arrival).thenComparingLong(Arrival::seq));
        Map<String, Iterator<RoutedMatch>> reading = new HashMap<>();
        replaying = true;
        try {
            long watermark = Long.MIN_VALUE;
            for (Arrival a : order) {
                Iterator<RoutedMatch> matches = reading.get(a.key());
                if (matches == null) {
                    setCurrentKey(a.key());
                    matches = log.get().iterator();
                    reading.put(a.key(), matches);
                }
                RoutedMatch m = matches.next();
                if (!matches.hasNext()) {
                    reading.remove(a.key());
                }
                watermark = arriveAt(watermark, m);
                feed(m);
                seq = Math.max(seq, m.seq() + 1);
            }
            session.flush();
            List<Long> former = restoredWatermarks.stream().map(w -> w.f2).sorted().toList();
            for (long w : former) {
                if (w > watermark) {
                    watermark = w;
                    decideTo(w);
                }
            }
        } finally {
            replaying = false;
        }
        restoredTo = decidedTo;
        dropEvictedAfterReplay();
    }

    /** A match's place in the replay: the watermark it arrived at, its arrival number, its key. */
    private record Arrival(long arrival, long seq, String key) {
    }

    /** Drops from keyed state the matches of groups the replay's session evicted (or never took). */
    private void dropEvictedAfterReplay() throws Exception {
        Map<String, List<RoutedMatch>> changed = new HashMap<>();
        getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, LOG,
                (key, state) -> {
                    List<RoutedMatch> kept = new ArrayList<>();
                    int all = 0;
                    for (RoutedMatch m : state.get()) {
                        all++;
                        LinkedHashMap<String, Boolean> live = groups.get(m.correlation());
                        if (live != null && live.containsKey(m.group())) {
                            kept.add(m);
                        }
                    }
                    if (kept.size() < all) {
                        changed.put((String) key, kept);
                    }
                });
        for (Map.Entry<String, List<RoutedMatch>> e : changed.entrySet()) {
            setCurrentKey(e.getKey());
            keepOnly(e.getValue());
        }
    }

    /** Replaces the current key's matches with {@code kept}, clearing the key when none is left. */
    private void keepOnly(List<RoutedMatch> kept) throws Exception {
        Integer n = logged.value();
        droppedFromState.inc(Math.max(0, (n == null ? 0 : n) - kept.size()));
        if (kept.isEmpty()) {
            log.clear();
            last.clear();
            logged.clear();
        } else {
            log.update(kept);
            logged.update(kept.size());
        }
    }

    /**
     * Follows the session's least-recently-used order for {@code m}'s correlation (a match fed and not late
     * uses its group; a new group past {@code maxGroups} evicts the eldest) and drops an evicted group's
     * matches from keyed state. Only the session's forgetting of idle groups is not seen here: it leaves a
     * group in this order until its key expires (see {@link #onEventTime}) or it is the eldest.
     */
    private void touch(RoutedMatch m) throws Exception {
        LinkedHashMap<String, Boolean> live = groups.computeIfAbsent(m.correlation(),
                c -> new LinkedHashMap<>(16, 0.75f, true));
        live.put(m.group(), Boolean.TRUE);
        if (live.size() <= settings.maxGroups()) {
            return;
        }
        Iterator<String> eldest = live.keySet().iterator();
        String evicted = eldest.next();
        eldest.remove();
        if (replaying) {
            return; // dropped after the replay: the key's later matches may still be replayed
        }
        Object current = getCurrentKey();
        setCurrentKey(evicted);
        List<RoutedMatch> kept = new ArrayList<>();
        Iterable<RoutedMatch> all = log.get();
        if (all != null) {
            for (RoutedMatch r : all) {
                if (!r.correlation().equals(m.correlation())) {
                    kept.add(r);
                }
            }
        }
        keepOnly(kept);
        setCurrentKey(current);
    }

    /** Decides what {@code watermark} closes; the clock never goes back below what was decided. */
    private void decideTo(long watermark) {
        decidedTo = Math.max(decidedTo, watermark);
        clock.set(decidedTo);
        session.tick();
    }

    /** The watermark at the checkpoint of the former instance that held {@code group}, or MIN. */
    private long restoredWatermarkOf(String group) {
        int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(group,
                getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks());
        long w = Long.MIN_VALUE;
        for (Tuple3<Integer, Integer, Long> r : restoredWatermarks) {
            if (r.f0 <= keyGroup && keyGroup <= r.f1) {
                w = Math.max(w, r.f2);
            }
        }
        return w;
    }

    /** The key a correlation alert's group has in Flink (as {@code Detector.groupKeys} forms it). */
    static String groupKey(CorrelationAlert alert) {
        List<String> values = new ArrayList<>(alert.group().values());
        if (values.size() == 1) {
            return values.get(0);
        }
        StringBuilder key = new StringBuilder();
        for (String v : values) {
            key.append(v.length()).append(':').append(v);
        }
        return key.toString();
    }

    /**
     * Stage 0 takes the matches as they come. A later stage holds what comes from the stage before (tagged
     * with that stage's watermark when it sent it) until its own watermark passes the tag: by then everything
     * of that tag has come, from every instance of the stage before, and it is taken in one order whatever
     * the order of arrival (see {@link #release}).
     */
    @Override
    public void processElement(StreamRecord<RoutedMatch> element) throws Exception {
        RoutedMatch m = element.getValue();
        if (stage > 0) {
            held.add(m.arrived(m.arrival(), received++));
            heldKeys.add(m.group());
            return;
        }
        route(m, watermark());
    }

    /** Correlates {@code m}, or passes it on to the next stage when a deeper correlation takes it. */
    private void route(RoutedMatch m, long watermark) throws Exception {
        if (rules.detector.depth(m.correlation()) > stage) {
            // a later stage's: passed on in order with this stage's alerts and watermarks
            Instant t = m.time();
            output.collect(NEXT, new StreamRecord<>(m.arrived(watermark(), 0), t == null ? Long.MIN_VALUE : t.toEpochMilli()));
            return;
        }
        m = m.arrived(watermark, seq++);
        Instant t = m.time();
        long time = t == null ? watermark : t.toEpochMilli();
        log.add(m);
        Integer n = logged.value();
        int count = n == null ? 1 : n + 1;
        logged.update(count > 2 * keep ? compact(watermark) : count);
        if (watermark != Long.MIN_VALUE) {
            // a time far beyond the watermark (forged, or a clock gone wrong) must not keep the key for good
            time = Math.min(time, saturatedAdd(watermark, horizon));
        }
        Long previous = last.value();
        if (previous == null || time > previous) {
            last.update(time);
            // whole seconds: at most one timer per key and second, however dense its matches
            long expiry = roundUp(saturatedAdd(Math.max(time, watermark), horizon));
            if (expiry < Long.MAX_VALUE) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
            }
        }
        clock.set(Math.max(watermark, decidedTo));
        feed(m);
    }

    /**
     * Bounds a key's matches in state (a group that never goes quiet would otherwise keep all it ever
     * got): drops those the watermark has expired for every correlation, then, past {@code keep}, the
     * oldest. The session holds no more of a group than {@code maxMatchesPerGroup} matches per correlation
     * either; what a restore replays of such a group is then its latest matches (counted in the metric
     * {@code vigilMatchesDroppedFromState}).
     */
    private int compact(long watermark) throws Exception {
        long expired = watermark == Long.MIN_VALUE ? Long.MIN_VALUE
                : watermark - saturatedAdd(settings.allowedLateness().toMillis(), span);
        List<RoutedMatch> live = new ArrayList<>();
        int all = 0;
        for (RoutedMatch m : log.get()) {
            all++;
            Instant t = m.time();
            if ((t == null ? m.arrival() : t.toEpochMilli()) >= expired) {
                live.add(m);
            }
        }
        if (live.size() > keep) {
            live = new ArrayList<>(live.subList(live.size() - keep, live.size()));
        }
        droppedFromState.inc(all - live.size());
        log.update(live);
        return live.size();
    }

    /** For tests: how many matches the current key holds in state. */
    int matchesInState() throws Exception {
        Integer n = logged.value();
        return n == null ? 0 : n;
    }

    private void feed(RoutedMatch m) throws Exception {
        if (!correlationKeys.contains(m.correlation())) {
            return;
        }
        if (m.alert() != null) {
            CorrelationRule from = rules.correlationsByKey.get(m.rule());
            if (from != null) {
                // never late (DetectorSession.acceptAlert): the group is used
                session.acceptAlert(m.alert().toAlert(from), m.correlation(), m.group());
                touch(m);
            }
            return;
        }
        Rule rule = rules.rulesByKey.get(m.rule());
        if (rule != null) {
            fedLate = false;
            session.acceptMatch(new Detection(rule, m.event()), m.correlation(), m.group());
            if (!fedLate) {
                touch(m);
            }
        }
    }

    /**
     * Takes the held records whose tag is below {@code limit} (all of them at {@link Long#MAX_VALUE}): by tag,
     * then matches before alerts, alerts by the depth of the correlation that raised them, time, correlation
     * and group, as the embedded session feeds a batch's matches and then, round by round, its alerts in
     * order. Each tag is taken at that watermark, as the records that came under it.
     */
    private void release(long limit) throws Exception {
        List<RoutedMatch> ready = new ArrayList<>();
        for (Iterator<String> keys = heldKeys.iterator(); keys.hasNext();) {
            setCurrentKey(keys.next());
            List<RoutedMatch> rest = new ArrayList<>();
            for (RoutedMatch m : held.get()) {
                (m.arrival() < limit || limit == Long.MAX_VALUE ? ready : rest).add(m);
            }
            if (rest.isEmpty()) {
                held.clear();
                keys.remove();
            } else {
                held.update(rest);
            }
        }
        ready.sort(Comparator.comparingLong(RoutedMatch::arrival)
                .thenComparingInt(m -> m.alert() == null ? -1 : rules.detector.depth(m.rule()))
                .thenComparing(m -> m.alert() == null ? Instant.MIN : m.alert().end())
                .thenComparing(m -> m.alert() == null ? "" : m.rule())
                .thenComparing(m -> m.alert() == null ? "" : String.valueOf(m.alert().group().values()))
                .thenComparingLong(RoutedMatch::seq));
        long tag = Long.MIN_VALUE;
        for (RoutedMatch m : ready) {
            tag = arriveAt(tag, m);
            setCurrentKey(m.group());
            route(m, tag);
        }
    }

    /**
     * As when {@code m} came: its watermark came first (when it differs from {@code current}) and decided what it
     * closed. Returns the watermark {@code m} came at.
     */
    private long arriveAt(long current, RoutedMatch m) {
        if (m.arrival() != current) {
            // the batch before is correlated on its own watermark, then the new one decides what it closed
            session.flush();
            decideTo(m.arrival());
        }
        return m.arrival();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (stage > 0) {
            release(mark.getTimestamp());
        }
        // decide what the new watermark closes before passing it on, so the alerts are not late downstream
        decideTo(mark.getTimestamp());
        super.processWatermark(mark);
    }

    /** Alerts of matches still waiting in a batch go out before the barrier: a restore replays them muted. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        session.flush();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        watermarkState.update(List.of(Tuple3.of(range.getStartKeyGroup(), range.getEndKeyGroup(),
                Math.max(decidedTo, timers.currentWatermark()))));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        Long previous = last.value();
        if (previous != null && saturatedAdd(previous, horizon) <= timer.getTimestamp()) {
            log.clear();
            last.clear();
            logged.clear();
            for (LinkedHashMap<String, Boolean> live : groups.values()) {
                live.remove(timer.getKey());
            }
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
    }

    @Override
    public void finish() throws Exception {
        if (stage > 0) {
            release(Long.MAX_VALUE);
        }
        session.finish();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (session != null) {
            session.close();
        }
        super.close();
    }

    private void emit(Alert alert) {
        if (alert instanceof CorrelationAlert c && !sentBeforeCheckpoint(c)) {
            output.collect(new StreamRecord<>(AlertRecord.of(alert, rules.version), timestampOf(alert)));
        }
    }

    /**
     * Whether the replay decides {@code alert} where the instance that held its group had already sent it
     * (its watermark at the checkpoint had reached the replay's): such alerts, and their chained forms,
     * are held back.
     */
    private boolean sentBeforeCheckpoint(CorrelationAlert alert) {
        return replaying && clock.millis() <= restoredWatermarkOf(groupKey(alert));
    }

    private void late(Detection match) {
        fedLate = true;
        if (!replaying) {
            output.collect(LATE, new StreamRecord<>(AlertRecord.of(match, rules.version), timestampOf(match)));
        }
    }

    /** An alert that deeper correlations take: to the next stage, once per group it joins there, at its window's end. */
    private void chained(CorrelationAlert alert) {
        if (!sentBeforeCheckpoint(alert)) {
            long time = timestampOf(alert);
            rules.detector.groupKeys(alert).forEach((correlation, groups) -> {
                for (String g : groups) {
                    output.collect(NEXT, new StreamRecord<>(RoutedMatch.chained(correlation, g, alert).arrived(watermark(), 0), time));
                }
            });
        }
    }

    private static long timestampOf(Alert a) {
        return a.timestamp() == null ? Long.MIN_VALUE : a.timestamp().toEpochMilli();
    }

    /** The session's clock: the operator's watermark, within the years an event time may have. */
    static final class WatermarkClock extends Clock {
        private long millis = EARLIEST;

        void set(long watermark) {
            millis = Math.max(EARLIEST, Math.min(LATEST, watermark));
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
