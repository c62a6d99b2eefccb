package dev.vigil.core;

import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-rule counters kept per thread (plain arrays, no contention) and summed when read. Reads while
 * other threads match see counts that are at most a few events behind.
 */
final class RuleCounters {

    /** One thread's counters. */
    static final class Slot {
        final long[] evaluations;
        final long[] matches;
        final long[] nanos;

        Slot(int rules) {
            evaluations = new long[rules];
            matches = new long[rules];
            nanos = new long[rules];
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

    RuleCounters(List<Rule> rules) {
        this.rules = rules;
    }

    Slot newSlot() {
        Slot s = new Slot(rules.size());
        slots.add(s);
        return s;
    }

    /** The counters of every rule, costliest (most time) first. */
    List<RuleStats> snapshot() {
        int n = rules.size();
        long[] e = new long[n];
        long[] m = new long[n];
        long[] t = new long[n];
        for (Slot s : slots) {
            for (int i = 0; i < n; i++) {
                e[i] += s.evaluations[i];
                m[i] += s.matches[i];
                t[i] += s.nanos[i];
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
