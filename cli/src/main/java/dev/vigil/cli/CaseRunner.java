package dev.vigil.cli;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs cases as {@code hunt} would run their events: every event through the engine of all the rules loaded,
 * the detections of the case's rule counted, and for a correlation rule every match through a fresh
 * correlation session with hunt's defaults (event time, unbounded lateness), its alerts counted.
 */
final class CaseRunner {

    /** What came of a case: {@code title} is the rule's, when it was found; {@code reason} says why it failed. */
    record Result(RuleCase test, String title, Long got, boolean passed, String reason) {
    }

    private final Pipeline pipeline;
    private final Map<String, List<Object>> rules = new LinkedHashMap<>();

    CaseRunner(Pipeline pipeline) {
        this.pipeline = pipeline;
        for (Rule r : pipeline.loaded.rules()) {
            index(r.id(), r.name(), r);
        }
        for (CorrelationRule c : pipeline.detector.correlations()) {
            index(c.id(), c.name(), c);
        }
    }

    private void index(String id, String name, Object rule) {
        for (String key : new LinkedHashSet<>(Arrays.asList(id, name))) {
            if (key != null) {
                rules.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
            }
        }
    }

    Result run(RuleCase test) {
        List<Object> found = test.rule() == null ? List.of() : rules.getOrDefault(test.rule(), List.of());
        if (test.problem() != null) {
            return new Result(test, found.size() == 1 ? title(found.get(0)) : null, null, false, test.problem());
        }
        if (found.isEmpty()) {
            return new Result(test, null, null, false, "no rule loaded has the id or name '" + test.rule() + "'");
        }
        if (found.size() > 1) {
            return new Result(test, null, null, false, found.size() + " rules loaded have the id or name '"
                    + test.rule() + "'");
        }
        Object rule = found.get(0);
        boolean correlation = rule instanceof CorrelationRule;
        String title = title(rule);
        if (correlation != test.expected().alerts()) {
            return new Result(test, title, null, false, correlation
                    ? "a correlation rule: give expected_alert_count or expected_min_alert_count"
                    : "a detection rule: give expected_match_count or expected_min_match_count");
        }
        if (correlation) {
            for (int i = 0; i < test.events().size(); i++) {
                if (test.events().get(i).timestamp() == null) {
                    return new Result(test, title, null, false, "event " + (i + 1) + " has no time (looked for "
                            + String.join(", ", EventTime.DEFAULT_FIELDS) + ")");
                }
            }
        }
        long got = correlation ? alerts((CorrelationRule) rule, test.events()) : matches((Rule) rule, test.events());
        boolean passed = test.expected().metBy(got);
        return new Result(test, title, got, passed, passed ? null : "expected " + test.expected() + ", got " + got);
    }

    private static String title(Object rule) {
        return rule instanceof CorrelationRule c ? c.title() : ((Rule) rule).title();
    }

    private long matches(Rule rule, List<Event> events) {
        long n = 0;
        for (Event e : events) {
            for (Detection d : pipeline.engine.match(e)) {
                if (d.rule() == rule) {
                    n++;
                }
            }
        }
        return n;
    }

    private long alerts(CorrelationRule rule, List<Event> events) {
        AtomicLong n = new AtomicLong();
        try (DetectorSession session = pipeline.detector.newSession().allowedLateness(SessionBuilder.UNBOUNDED)
                .onAlert(a -> {
                    if (a instanceof CorrelationAlert c && c.rule() == rule) {
                        n.incrementAndGet();
                    }
                }).open()) {
            for (Event e : events) {
                for (Detection d : pipeline.engine.match(e)) {
                    session.acceptMatch(d);
                }
            }
            session.finish();
        }
        return n.get();
    }
}
