package dev.vigil.correlation;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.MatchRef;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.correlation.internal.Anchor;
import dev.vigil.correlation.internal.Callback;
import dev.vigil.correlation.internal.Hit;
import dev.vigil.correlation.internal.WindowFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
 */
final class Partition implements Callback {

    /** A correlation alert on its way out, with what orders it. */
    record Raised(CorrelationAlert alert, int corr, String key, long time, long seq) {
    }

    private record Timer(long at, GroupState group, long version) {
    }

    private final List<Compiled> compiled;
    private final SessionSettings settings;
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final List<Map<String, GroupState>> groups = new ArrayList<>();
    private final int maxGroups;
    private final PriorityQueue<Hit> expiry;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::at));
    private long watermark = Long.MIN_VALUE;
    private long clockTime;
    private long seq;
    private final List<Raised> raised = new ArrayList<>();

    long alerts;
    long suppressed;
    long evicted;
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
        this.expiry = new PriorityQueue<>((a, b) -> Long.compare(a.expireAt, b.expireAt));
    }

    /** Processes {@code work} in order, then moves the watermark to {@code watermarkAfter}; returns what was raised. */
    List<Raised> run(List<Input> work, long watermarkAfter) {
        for (Input in : work) {
            if (!in.derived()) {
                advance(in.watermark());
            }
            process(in);
        }
        advance(watermarkAfter);
        List<Raised> out = new ArrayList<>(raised);
        raised.clear();
        return out;
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
        if (w > clockTime && w != Long.MAX_VALUE) {
            clock.advanceTime(w - clockTime, TimeUnit.MILLISECONDS);
            clockTime = w;
        }
        // windows that can no longer gain matches are decided
        while (!timers.isEmpty() && timers.peek().at < w) {
            Timer t = timers.poll();
            GroupState g = t.group;
            if (g.removed || t.version != g.windowVersion) {
                continue;
            }
            if (g.windowStart != GroupState.NONE) {
                closeWindow(g);
            } else {
                dropIfIdle(g);
            }
        }
        // matches that can no longer be part of a window are dropped
        while (!expiry.isEmpty()) {
            Hit h = expiry.peek();
            if (h.expireAt >= w) {
                break;
            }
            expiry.poll();
            if (h.live) {
                // through the hit, not the map: a lookup would count as use for the eviction order
                GroupState g = (GroupState) h.owner;
                kill(h, g);
                g.compact();
                dropIfIdle(g);
            }
        }
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
            g = new GroupState(in.corr(), in.key(), in.groupValues());
            byKey.put(in.key(), g);
            liveGroups++;
        }
        Hit h = new Hit(in.corr(), in.idx(), in.key(), in.ts(), in.value(), in.distinct());
        h.ref = in.ref();
        h.owner = g;
        h.expireAt = in.ts() + c.spanMillis;
        h.handle = session.insert(h);
        g.add(h);
        liveHits++;
        switch (c.mode) {
            case SLIDING -> {
                expiry.add(h);
                if (c.boundedByMatches() && !c.condition.test(g.live)) {
                    break; // too few matches in the group for any window to satisfy the condition
                }
                probe(c, g, h.getTs());
                // a match older than others of its group also belongs to the windows ending at them
                if (h.live) {
                    TreeSet<Long> later = new TreeSet<>();
                    for (Hit x : g.hits) {
                        if (x.live && x.getTs() > h.getTs() && x.getTs() <= h.getTs() + c.spanMillis) {
                            later.add(x.getTs());
                        }
                    }
                    for (long t : later) {
                        if (g.removed || !h.live) {
                            break;
                        }
                        probe(c, g, t);
                    }
                }
            }
            case ORDERED -> {
                expiry.add(h);
                session.fireAllRules();
            }
            case CLOSING -> {
                if (g.windowStart == GroupState.NONE || h.getTs() < g.windowStart) {
                    g.windowStart = h.getTs();
                    g.windowVersion++;
                    timers.add(new Timer(g.windowStart + c.spanMillis, g, g.windowVersion));
                }
            }
            default -> throw new IllegalStateException();
        }
        if (!g.removed) {
            g.compact();
            dropIfIdle(g);
        }
    }

    private void probe(Compiled c, GroupState g, long ts) {
        FactHandle a = session.insert(new Anchor(c.index, g.key, ts));
        session.fireAllRules();
        session.delete(a);
    }

    private void closeWindow(GroupState g) {
        Compiled c = compiled.get(g.corr);
        long start = g.windowStart;
        long end = start + c.spanMillis;
        FactHandle w = session.insert(new WindowFact(c.index, g.key, start));
        session.fireAllRules();
        session.delete(w);
        consume(g, end);
        g.windowStart = GroupState.NONE;
        g.windowVersion++;
        if (g.live > 0) {
            g.windowStart = g.minLiveTs();
            timers.add(new Timer(g.windowStart + c.spanMillis, g, g.windowVersion));
        }
        g.compact();
        dropIfIdle(g);
    }

    private void evict(Map<String, GroupState> byKey) {
        Iterator<GroupState> it = byKey.values().iterator();
        GroupState eldest = it.next();
        it.remove();
        for (Hit h : eldest.hits) {
            if (h.live) {
                kill(h, eldest);
            }
        }
        eldest.removed = true;
        liveGroups--;
        evicted++;
    }

    private void kill(Hit h, GroupState g) {
        h.live = false;
        session.delete((FactHandle) h.handle);
        h.handle = null;
        h.ref = null;
        h.owner = null;
        liveHits--;
        if (g != null) {
            g.live--;
        }
    }

    private void consume(GroupState g, long upTo) {
        for (Hit h : g.hits) {
            if (h.live && h.getTs() <= upTo) {
                kill(h, g);
            }
        }
    }

    /** Forgets a group with nothing left to remember (no live match, no open window, no suppression). */
    private void dropIfIdle(GroupState g) {
        if (g.removed || g.live > 0 || g.windowStart != GroupState.NONE) {
            return;
        }
        if (g.suppressedUntil != GroupState.NONE && g.suppressedUntil >= watermark) {
            g.windowVersion++;
            timers.add(new Timer(g.suppressedUntil, g, g.windowVersion));
            return;
        }
        groups.get(g.corr).remove(g.key);
        g.removed = true;
        liveGroups--;
    }

    // ---- what the rules call

    @Override
    public void anchored(int corr, Anchor anchor, Object value) {
        Compiled c = compiled.get(corr);
        GroupState g = groups.get(corr).get(anchor.getGroup());
        long end = anchor.getTs();
        List<Hit> window = window(c, g, end - c.spanMillis, end);
        if (c.rarity()) {
            window = rare(c, window, value);
        }
        long start = window.isEmpty() ? end : window.get(0).getTs();
        raise(c, g, start, end, value, window, end);
        consume(g, end);
    }

    @Override
    public void closed(int corr, WindowFact w, Object value) {
        Compiled c = compiled.get(corr);
        GroupState g = groups.get(corr).get(w.getGroup());
        long end = w.getStart() + c.spanMillis;
        List<Hit> window = window(c, g, w.getStart(), end);
        if (c.rarity()) {
            window = rare(c, window, value);
        }
        raise(c, g, w.getStart(), end, value, window, end);
    }

    @Override
    public void joined(int corr, Hit[] hits) {
        Compiled c = compiled.get(corr);
        GroupState g = groups.get(corr).get(hits[0].getGroup());
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
        List<Hit> live = new ArrayList<>();
        for (Hit h : g.hits) {
            if (h.live) {
                live.add(h);
            }
        }
        live.sort(Comparator.comparingLong(Hit::getTs));
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
        for (Hit h : g.hits) {
            if (h.live && h.getTs() >= from && h.getTs() <= to
                    && (!c.numeric() || h.isNumeric()) && (!c.distinct() || h.getDistinct() != null)) {
                out.add(h);
            }
        }
        out.sort(Comparator.comparingLong(Hit::getTs));
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
            g.suppressedUntil = end + settings.suppressMillis();
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
