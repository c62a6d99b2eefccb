package dev.vigil.correlation;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.MatchRef;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.internal.Anchor;
import dev.vigil.correlation.internal.Callback;
import dev.vigil.correlation.internal.Hit;
import dev.vigil.correlation.internal.WindowFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * One Drools session and the state around it, for the groups whose keys hash to it. Single-threaded:
 * one thread at a time calls it. The session runs on a pseudo clock that follows the watermark.
 *
 * <p>What it holds is bounded by the settings, whatever the input: at most {@code maxGroups} groups per
 * correlation (spread over the partitions), each with at most {@code maxMatchesPerGroup} live hits; a
 * dead hit is referenced by nothing, and the Drools session's queued inserts and deletes are flushed at
 * the end of every batch. The watermark's work is found through one ordered set of groups by deadline
 * (a window to close, a hit to expire, a suppression to end), so an evicted group leaves nothing behind.
 */
final class Partition implements Callback {

    /** A correlation alert on its way out, with what orders it. */
    record Raised(CorrelationAlert alert, int corr, String key, long time, long seq) {
    }

    private final List<Compiled> compiled;
    private final SessionSettings settings;
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final List<Map<String, GroupState>> groups = new ArrayList<>();
    private final int maxGroups;
    private final int maxMatchesPerGroup;
    private final TreeSet<GroupState> deadlines = new TreeSet<>(GroupState.BY_DEADLINE);
    private long watermark = Long.MIN_VALUE;
    private long clockTime;
    private long seq;
    private long groupIds;
    private boolean unflushed;
    /** The group whose window the rules are deciding now, for the callbacks. */
    private GroupState current;
    private final List<Raised> raised = new ArrayList<>();

    long alerts;
    long suppressed;
    long evicted;
    long dropped;
    long probes;
    long liveHits;
    long liveGroups;

    Partition(Detector detector, SessionSettings settings, int partitions) {
        this.compiled = detector.compiled();
        this.settings = settings;
        KieSessionConfiguration conf = KieServices.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        this.session = detector.kieBase().newKieSession(conf, null);
        this.session.setGlobal("callback", this);
        this.clock = session.getSessionClock();
        for (int i = 0; i < compiled.size(); i++) {
            groups.add(new LinkedHashMap<>(64, 0.75f, true));
        }
        this.maxGroups = Math.max(1, (int) Math.ceil(settings.maxGroups() / (double) partitions));
        this.maxMatchesPerGroup = (int) Math.min(Integer.MAX_VALUE,
                Math.max(settings.maxMatchesPerGroup(), detector.largestCountNeeded()));
    }

    /**
     * Processes {@code work} in order, then moves the watermark to {@code watermarkAfter}; returns what
     * was raised. The watermark moves only between batches (after the alerts of chained correlations
     * have gone round), never within one: what a chained correlation sees must not depend on where a
     * batch ends, nor on which partition received the batch's later matches.
     */
    List<Raised> run(List<Input> work, long watermarkAfter) {
        for (Input in : work) {
            process(in);
        }
        advance(watermarkAfter);
        if (watermark > clockTime && watermark != Long.MAX_VALUE) {
            // the session clock follows the watermark once a batch: advancing it costs a look at
            // Drools' timer queue, and the rules compare the matches' own times, not the clock
            clock.advanceTime(watermark - clockTime, TimeUnit.MILLISECONDS);
            clockTime = watermark;
        }
        if (unflushed) {
            // inserts and deletes wait in the session's queue until the rules run: run them now, so
            // that the queue never holds more than one batch (nothing fires here that was not probed)
            session.fireAllRules();
            unflushed = false;
        }
        List<Raised> out = new ArrayList<>(raised);
        raised.clear();
        return out;
    }

    /** The groups of correlation {@code corr}, least recently used first. */
    java.util.Collection<GroupState> groupsOf(int corr) {
        return groups.get(corr).values();
    }

    long watermark() {
        return watermark;
    }

    /**
     * Takes over a group of another partition (of an earlier detector) as a group of correlation
     * {@code corr}: its live hits, open window and suppression.
     */
    void adopt(GroupState old, int corr, long watermarkBefore) {
        advance(watermarkBefore);
        Compiled c = compiled.get(corr);
        Map<String, GroupState> byKey = groups.get(corr);
        if (byKey.size() >= maxGroups) {
            evict(byKey);
        }
        GroupState g = new GroupState(corr, old.key, old.values, groupIds++, indexesValues(c));
        byKey.put(old.key, g);
        liveGroups++;
        for (Hit o : old.hits) {
            Hit h = new Hit(corr, o.getIdx(), o.getGroup(), o.getTs(), o.getValue(), o.getDistinct());
            h.seq = seq++;
            h.ref = o.ref;
            h.owner = g;
            h.handle = session.insert(h);
            g.hits.add(h);
            if (g.byValue != null) {
                g.byValue.computeIfAbsent(valueOf(c, h), v -> new TreeSet<>(GroupState.BY_TIME)).add(h);
            }
            liveHits++;
        }
        unflushed = true;
        g.windowStart = old.windowStart;
        g.suppressedUntil = old.suppressedUntil;
        g.firedUntil = old.firedUntil;
        settle(g);
    }

    /** The groups the watermark will look at: never more than the groups held. */
    int scheduled() {
        return deadlines.size();
    }

    void dispose() {
        session.dispose();
    }

    // ---- time

    private void advance(long w) {
        if (w < watermark) {
            return;
        }
        watermark = w;
        while (!deadlines.isEmpty() && deadlines.first().deadline < w) {
            GroupState g = deadlines.pollFirst();
            g.deadline = GroupState.NONE;
            Compiled c = compiled.get(g.corr);
            if (c.mode == Compiled.Mode.CLOSING) {
                // a window that can no longer gain matches is decided
                if (g.windowStart != GroupState.NONE && plus(g.windowStart, c.spanMillis) < w) {
                    closeWindow(c, g);
                }
            } else {
                // matches that can no longer be part of a window are dropped
                while (!g.hits.isEmpty() && plus(g.hits.first().getTs(), c.spanMillis) < w) {
                    kill(g.hits.first(), g);
                }
            }
            settle(g);
        }
    }

    /**
     * Forgets a group with nothing left to remember (no live match, no open window, no suppression
     * still running), or else schedules the next time the watermark must look at it.
     */
    private void settle(GroupState g) {
        if (g.removed) {
            return;
        }
        Compiled c = compiled.get(g.corr);
        long next = Long.MAX_VALUE;
        if (c.mode == Compiled.Mode.CLOSING) {
            if (g.windowStart != GroupState.NONE) {
                next = plus(g.windowStart, c.spanMillis);
            }
        } else if (!g.hits.isEmpty()) {
            next = plus(g.hits.first().getTs(), c.spanMillis);
        }
        boolean idle = g.hits.isEmpty() && g.windowStart == GroupState.NONE;
        if (idle) {
            if (g.suppressedUntil == GroupState.NONE || g.suppressedUntil < watermark) {
                unschedule(g);
                groups.get(g.corr).remove(g.key);
                g.removed = true;
                liveGroups--;
                return;
            }
            next = g.suppressedUntil;
        }
        if (next != g.deadline) {
            unschedule(g);
            g.deadline = next;
            deadlines.add(g);
        }
    }

    private void unschedule(GroupState g) {
        if (g.deadline != GroupState.NONE) {
            deadlines.remove(g);
            g.deadline = GroupState.NONE;
        }
    }

    private static long plus(long ts, long span) {
        long r = ts + span;
        return ((ts ^ r) & (span ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    // ---- input

    private void process(Input in) {
        Compiled c = compiled.get(in.corr());
        Map<String, GroupState> byKey = groups.get(in.corr());
        GroupState g = byKey.get(in.key());
        if (g == null) {
            if (byKey.size() >= maxGroups) {
                evict(byKey);
            }
            g = new GroupState(in.corr(), in.key(), in.groupValues(), groupIds++, indexesValues(c));
            byKey.put(in.key(), g);
            liveGroups++;
        }
        Hit h = new Hit(in.corr(), in.idx(), in.key(), in.ts(), in.value(), in.distinct());
        h.seq = seq++;
        h.ref = in.ref();
        h.owner = g;
        h.handle = session.insert(h);
        unflushed = true;
        g.hits.add(h);
        if (g.byValue != null) {
            g.byValue.computeIfAbsent(valueOf(c, h), v -> new TreeSet<>(GroupState.BY_TIME)).add(h);
        }
        liveHits++;
        while (g.hits.size() > maxMatchesPerGroup) {
            kill(victim(c, g, h), g);
            dropped++;
        }
        if (c.mode == Compiled.Mode.ORDERED) {
            TreeSet<Hit> same = g.byValue.get(valueOf(c, h));
            while (same != null && same.size() > perPosition(c)) {
                kill(same.first(), g);
                dropped++;
                same = g.byValue.get(valueOf(c, h));
            }
        }
        if (h.live) {
            switch (c.mode) {
                case SLIDING -> slide(c, g, h);
                case ORDERED -> {
                    current = g;
                    session.fireAllRules();
                    unflushed = false;
                }
                case CLOSING -> {
                    if (g.windowStart == GroupState.NONE || h.getTs() < g.windowStart) {
                        g.windowStart = h.getTs();
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        settle(g);
    }

    /**
     * The hit to drop from a group over its cap: the oldest. For value_count and temporal, the oldest of
     * a value (or rule) that has other hits, the incoming one's first: a repeated value adds nothing to
     * a distinct count, and dropping the oldest overall would let a flood of one value push out the
     * values that count (u1, u2, ten thousand u2, u3: a spray of three users).
     */
    private Hit victim(Compiled c, GroupState g, Hit incoming) {
        if (g.byValue != null && g.byValue.size() < g.hits.size()) {
            TreeSet<Hit> same = g.byValue.get(valueOf(c, incoming));
            if (same == null || same.size() < 2) {
                same = null;
                for (TreeSet<Hit> hits : g.byValue.values()) {
                    if (same == null || hits.size() > same.size()) {
                        same = hits;
                    }
                }
            }
            return same.first();
        }
        return g.hits.first();
    }

    /**
     * Probes the windows that the new hit {@code h} changed and that may now hold: the one ending at it
     * and, for a hit older than others of its group, those ending at the later hits within the timespan.
     * Before {@code h} came no window ending at a live hit held (it would have fired, and a lower-bound
     * condition cannot start to hold by losing matches), so a window whose aggregate {@code h} leaves
     * unchanged, or that holds too few matches for the condition, need not be probed: for value_count
     * and temporal, the windows that already held {@code h}'s value or rule are unchanged. Windows are probed oldest
     * end first; the first that holds fires and consumes {@code h}.
     */
    private void slide(Compiled c, GroupState g, Hit h) {
        if (c.boundedByMatches() && !c.condition.testLowerBounds(g.byValue != null ? g.byValue.size() : g.hits.size())) {
            return; // too few matches (or values, or rules) in the group for any window to satisfy the condition
        }
        if (c.distinct() && h.getDistinct() == null || c.numeric() && !h.isNumeric()) {
            return; // a hit that does not count changes no window
        }
        long t = h.getTs();
        long span = c.spanMillis;
        List<Long> ends = new ArrayList<>();
        ends.add(t);
        for (Hit x : g.between(t, plus(t, span))) {
            if (x.getTs() > t && x.getTs() != ends.get(ends.size() - 1)) {
                ends.add(x.getTs());
            }
        }
        Hit before = null;
        Hit after = null;
        if (g.byValue != null) {
            TreeSet<Hit> same = g.byValue.get(valueOf(c, h));
            before = same.lower(h);
            after = same.higher(h);
        }
        double[] values = WindowAggregates.of(c, g, ends, span);
        for (int i = 0; i < ends.size(); i++) {
            long end = ends.get(i);
            if (g.removed || !h.live) {
                break;
            }
            if (g.firedUntil != GroupState.NONE && end <= g.firedUntil) {
                continue; // overlaps the last alert's window
            }
            // the values bound the aggregate from above (counts) or carry a rounding margin: only the
            // lower bounds can rule a window out; Drools decides with the whole condition
            if (!c.condition.testLowerBounds(values[i])) {
                continue;
            }
            if (g.byValue != null && (before != null && before.getTs() >= end - span
                    || after != null && after.getTs() <= end)) {
                continue; // the window already held this value
            }
            probe(c, g, end);
        }
    }

    private static boolean indexesValues(Compiled c) {
        return c.mode == Compiled.Mode.ORDERED || c.mode == Compiled.Mode.SLIDING
                && (c.type() == CorrelationType.VALUE_COUNT || c.type() == CorrelationType.TEMPORAL);
    }

    private static Object valueOf(Compiled c, Hit h) {
        return c.type() == CorrelationType.VALUE_COUNT || c.rarity() ? h.getDistinct() : (Object) h.getIdx();
    }

    /**
     * The most partial chains Drools may hold for one group of a temporal_ordered correlation. Its join
     * keeps every combination of earlier rules' hits that could still be completed (n a's and n b's
     * before a c: n² tuples, 224 MiB for 1,500 of each), so each rule position keeps at most the
     * (rules - 1)-th root of this many live hits, the latest: 316 for three rules, 46 for four.
     */
    static final long MAX_PARTIAL_CHAINS = 100_000;

    private static int perPosition(Compiled c) {
        int n = c.refs.size();
        return n < 2 ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.floor(Math.pow(MAX_PARTIAL_CHAINS, 1.0 / (n - 1)) + 1e-9));
    }

    private void probe(Compiled c, GroupState g, long ts) {
        probes++;
        current = g;
        FactHandle a = session.insert(new Anchor(c.index, g.key, ts));
        session.fireAllRules();
        session.delete(a);
        unflushed = true;
    }

    private void closeWindow(Compiled c, GroupState g) {
        long start = g.windowStart;
        long end = plus(start, c.spanMillis);
        current = g;
        FactHandle w = session.insert(new WindowFact(c.index, g.key, start));
        session.fireAllRules();
        session.delete(w);
        unflushed = true;
        consume(g, end);
        g.windowStart = g.hits.isEmpty() ? GroupState.NONE : g.hits.first().getTs();
    }

    private void evict(Map<String, GroupState> byKey) {
        Iterator<GroupState> it = byKey.values().iterator();
        GroupState eldest = it.next();
        it.remove();
        while (!eldest.hits.isEmpty()) {
            kill(eldest.hits.first(), eldest);
        }
        unschedule(eldest);
        eldest.removed = true;
        liveGroups--;
        evicted++;
    }

    private void kill(Hit h, GroupState g) {
        h.live = false;
        g.hits.remove(h);
        if (g.byValue != null) {
            Object v = valueOf(compiled.get(g.corr), h);
            TreeSet<Hit> same = g.byValue.get(v);
            same.remove(h);
            if (same.isEmpty()) {
                g.byValue.remove(v);
            }
        }
        session.delete((FactHandle) h.handle);
        unflushed = true;
        h.handle = null;
        h.ref = null;
        h.owner = null;
        liveHits--;
    }

    private void consume(GroupState g, long upTo) {
        NavigableSet<Hit> done = g.between(Long.MIN_VALUE, upTo);
        while (!done.isEmpty()) {
            kill(done.first(), g);
        }
    }

    // ---- what the rules call

    /** The group being decided: the one just probed (a map lookup would count as use for the eviction order). */
    private GroupState deciding(int corr, String key) {
        GroupState g = current;
        return g != null && g.corr == corr && g.key.equals(key) ? g : groups.get(corr).get(key);
    }

    @Override
    public void anchored(int corr, Anchor anchor, Object value) {
        Compiled c = compiled.get(corr);
        GroupState g = deciding(corr, anchor.getGroup());
        long end = anchor.getTs();
        List<Hit> window = window(c, g, end - c.spanMillis, end);
        if (c.rarity()) {
            window = rare(c, window, value);
        }
        long start = window.isEmpty() ? end : window.get(0).getTs();
        raise(c, g, start, end, value, window, end);
        if (c.condition.lowerBoundsOnly()) {
            consume(g, end);
        } else {
            // with an upper bound the matches keep counting (six failures in a minute are not "at most
            // five"), so they are not consumed; no window overlapping this one may fire again
            g.firedUntil = plus(end, c.spanMillis);
        }
    }

    @Override
    public void closed(int corr, WindowFact w, Object value) {
        Compiled c = compiled.get(corr);
        GroupState g = deciding(corr, w.getGroup());
        long end = plus(w.getStart(), c.spanMillis);
        List<Hit> window = window(c, g, w.getStart(), end);
        if (c.rarity()) {
            window = rare(c, window, value);
        }
        raise(c, g, w.getStart(), end, value, window, end);
    }

    @Override
    public void joined(int corr, Hit[] hits) {
        Compiled c = compiled.get(corr);
        GroupState g = (GroupState) hits[0].owner;
        // Drools says a chain exists; which one is reported must not depend on its agenda (nor on the
        // number of partitions): take the chain that ends first, and within it the latest hits
        List<Hit> chain = earliestChain(c, g);
        if (chain == null) {
            chain = List.of(hits);
        }
        long end = chain.get(chain.size() - 1).getTs();
        raise(c, g, chain.get(0).getTs(), end, (long) chain.size(), new ArrayList<>(chain), end);
        consume(g, end);
    }

    /**
     * The ordered chain (one live hit per rule, in rule order, times not decreasing, spanning at most
     * the timespan) that ends earliest; built backwards from each candidate end with the latest hit
     * of each earlier rule. Hits at the same instant count as in order.
     */
    private static List<Hit> earliestChain(Compiled c, GroupState g) {
        int n = c.refs.size();
        List<Hit> live = new ArrayList<>(g.hits);
        for (int e = 0; e < live.size(); e++) {
            Hit last = live.get(e);
            if (last.getIdx() != n - 1) {
                continue;
            }
            Hit[] chain = new Hit[n];
            chain[n - 1] = last;
            boolean ok = true;
            for (int k = n - 2; k >= 0 && ok; k--) {
                ok = false;
                for (int i = live.size() - 1; i >= 0; i--) {
                    Hit h = live.get(i);
                    if (h.getIdx() == k && h.getTs() <= chain[k + 1].getTs()) {
                        chain[k] = h;
                        ok = true;
                        break;
                    }
                }
            }
            if (ok && last.getTs() - chain[0].getTs() <= c.spanMillis) {
                return List.of(chain);
            }
        }
        return null;
    }

    /** The live hits of the group in [from, to] that count for the correlation, oldest first. */
    private static List<Hit> window(Compiled c, GroupState g, long from, long to) {
        List<Hit> out = new ArrayList<>();
        for (Hit h : g.between(from, to)) {
            if ((!c.numeric() || h.isNumeric()) && (!c.distinct() || h.getDistinct() != null)) {
                out.add(h);
            }
        }
        return out;
    }

    /** For value_percentile without a percentile: the hits whose value has the share the alert reports. */
    private static List<Hit> rare(Compiled c, List<Hit> window, Object share) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Hit h : window) {
            counts.merge(h.getDistinct(), 1, Integer::sum);
        }
        double target = ((Number) share).doubleValue();
        List<Hit> out = new ArrayList<>();
        for (Hit h : window) {
            if (Math.abs(100.0 * counts.get(h.getDistinct()) / window.size() - target) < 1e-9) {
                out.add(h);
            }
        }
        return out;
    }

    private void raise(Compiled c, GroupState g, long start, long end, Object value, List<Hit> hits, long time) {
        if (g.suppressedUntil != GroupState.NONE && end <= g.suppressedUntil) {
            suppressed++;
            return;
        }
        if (settings.suppressMillis() > 0) {
            g.suppressedUntil = plus(end, settings.suppressMillis());
        }
        alerts++;
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < c.rule.groupBy().size(); i++) {
            group.put(c.rule.groupBy().get(i), g.values[i]);
        }
        List<MatchRef> refs = new ArrayList<>(Math.min(hits.size(), settings.maxMatchesPerAlert()));
        for (Hit h : hits) {
            if (refs.size() == settings.maxMatchesPerAlert()) {
                break;
            }
            refs.add((MatchRef) h.ref);
        }
        Number v = switch (c.type()) {
            case EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED -> ((Number) value).longValue();
            default -> ((Number) value).doubleValue();
        };
        CorrelationAlert alert = new CorrelationAlert(c.rule, group,
                new TimeWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)), v, refs, hits.size());
        raised.add(new Raised(alert, c.index, g.key, time, seq++));
    }
}
