package dev.vigil.core.match;

import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-rule counters kept per thread (plain arrays, no contention) and summed when read. Reads while
 * other threads match see counts that are at most a few events behind. The counters of a thread that
 * has ended are folded into one retired total, so thread pools that replace their threads (or one
 * thread per task) do not grow the counters without bound.
 */
final class RuleCounters {

    /** One thread's counters. */
    static final class Slot {
        final long[] evaluations;
        final long[] matches;
        final long[] nanos;
        /** Held strongly: isAlive() turning false is what makes the ended thread's last counts visible. */
        private final Thread owner;

        Slot(int rules, Thread owner) {
            evaluations = new long[rules];
            matches = new long[rules];
            nanos = new long[rules];
            this.owner = owner;
        }

        boolean ended() {
            return owner == null || !owner.isAlive();
        }

        void addTo(long[] e, long[] m, long[] t) {
            for (int i = 0; i < e.length; i++) {
                e[i] += evaluations[i];
                m[i] += matches[i];
                t[i] += nanos[i];
            }
        }

        void record(int rule, boolean matched, long elapsed) {
            evaluations[rule]++;
            if (matched) {
                matches[rule]++;
            }
            nanos[rule] += elapsed;
        }
    }

    private final List<Rule> rules;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    /** The summed counters of ended threads. */
    private final Slot retired;

    RuleCounters(List<Rule> rules) {
        this.rules = rules;
        this.retired = new Slot(rules.size(), null);
    }

    /** A slot for the calling thread. */
    Slot newSlot() {
        retireEnded();
        Slot s = new Slot(rules.size(), Thread.currentThread());
        slots.add(s);
        return s;
    }

    /** The number of live threads' slots, for tests. */
    int liveSlots() {
        retireEnded();
        return slots.size();
    }

    private void retireEnded() {
        synchronized (retired) {
            for (Slot s : slots) {
                if (s.ended()) {
                    s.addTo(retired.evaluations, retired.matches, retired.nanos);
                    slots.remove(s);
                }
            }
        }
    }

    /** The counters of every rule, costliest (most time) first. */
    List<RuleStats> snapshot() {
        int n = rules.size();
        long[] e = new long[n];
        long[] m = new long[n];
        long[] t = new long[n];
        synchronized (retired) {
            retireEnded();
            retired.addTo(e, m, t);
            for (Slot s : slots) {
                s.addTo(e, m, t);
            }
        }
        List<RuleStats> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new RuleStats(rules.get(i), e[i], m[i], t[i]));
        }
        out.sort(Comparator.comparingLong(RuleStats::nanos).reversed());
        return out;
    }
}
