package dev.vigil.core.match;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the optimized and the reference engine side by side and fails, with the evidence, where they differ. */
final class Equivalence {

    private Equivalence() {
    }

    /** Rules {@code r0, r1, ...} over the conditions, in order. */
    static List<Rule> rules(List<Condition> conditions) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            rules.add(Rule.builder().id("r" + i).condition(conditions.get(i)).build());
        }
        return rules;
    }

    /** Fails unless both engines return the same detections, in the same order, for every event. */
    static void assertSameDetections(List<Condition> conditions, List<Map<String, Object>> events) {
        List<Rule> rules = rules(conditions);
        Engine indexed = Engine.builder().addRules(rules).build();
        Engine reference = Engine.builder().addRules(rules).reference(true).build();
        for (Map<String, Object> fields : events) {
            Event event = Event.of(fields);
            List<String> expected = ids(reference.match(event), event);
            List<String> actual = ids(indexed.match(event), event);
            if (!expected.equals(actual)) {
                StringBuilder sb = new StringBuilder("engines differ on ").append(fields)
                        .append("\n  reference: ").append(expected).append("\n  indexed:   ").append(actual);
                for (int i = 0; i < conditions.size(); i++) {
                    sb.append("\n  r").append(i).append(": ").append(conditions.get(i));
                }
                throw new AssertionError(sb.toString());
            }
        }
    }

    /** The detections of one rule set on one event, as rule ids, checking each detection's event. */
    static List<String> ids(List<Detection> detections, Event event) {
        List<String> out = new ArrayList<>();
        for (Detection d : detections) {
            if (d.event() != event) {
                throw new AssertionError("detection for another event: " + d);
            }
            out.add(d.rule().id());
        }
        return out;
    }

    /** Whether the reference reports a lone rule of {@code c} on {@code fields}, checking that the indexed engine agrees. */
    static boolean matches(Condition c, Map<String, Object> fields) {
        assertSameDetections(List.of(c), List.of(fields));
        return !Engine.builder().addRule(Rule.builder().id("r0").condition(c).build()).reference(true).build()
                .match(Event.of(fields)).isEmpty();
    }
}
