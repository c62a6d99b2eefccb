package dev.vigil.core.match;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.List;

/** The straightforward evaluator: every rule's condition tree on every event. */
final class ReferenceEngine implements Engine {

    private final List<Rule> rules;
    private final RuleCounters counters;
    private final ThreadLocal<RuleCounters.Slot> slot;

    ReferenceEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.counters = new RuleCounters(this.rules);
        this.slot = ThreadLocal.withInitial(counters::newSlot);
    }

    @Override
    public List<RuleStats> stats() {
        return counters.snapshot();
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public List<Detection> match(Event event) {
        List<Detection> out = null;
        RuleCounters.Slot counts = slot.get();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            long start = System.nanoTime();
            boolean matched = rule.matches(event);
            counts.record(i, matched, System.nanoTime() - start);
            if (matched) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new Detection(rule, event));
            }
        }
        return out == null ? List.of() : out;
    }
}
