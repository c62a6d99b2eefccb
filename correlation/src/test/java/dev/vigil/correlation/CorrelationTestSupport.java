package dev.vigil.correlation;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rules, events and a recording sink for correlation tests. */
final class CorrelationTestSupport {

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private CorrelationTestSupport() {
    }

    /** A rule named {@code name} matching events whose {@code type} is {@code name}. */
    static Rule rule(String name) {
        return Rule.builder().name(name).id("id-" + name).title("rule " + name)
                .condition(new Condition.Match(FieldRef.of("type"), StringMatcher.equalTo(name, true))).build();
    }

    /** An event of {@code type} at T0 + {@code seconds}, with more fields as key/value pairs. */
    static Event event(String type, double seconds, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("@timestamp", T0.plusMillis(Math.round(seconds * 1000)).toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Event.of(m);
    }

    static CorrelationRule.Builder corr(String name, CorrelationType type, Duration span, String... rules) {
        return CorrelationRule.builder().name(name).id("id-" + name).title("correlation " + name).type(type)
                .rules(List.of(rules)).timespan(span);
    }

    /** Collects what a session hands out. */
    static final class Sink implements java.util.function.Consumer<Alert> {
        final List<Alert> all = new ArrayList<>();

        @Override
        public void accept(Alert a) {
            all.add(a);
        }

        List<CorrelationAlert> correlations(String name) {
            List<CorrelationAlert> out = new ArrayList<>();
            for (Alert a : all) {
                if (a instanceof CorrelationAlert c && name.equals(c.rule().name())) {
                    out.add(c);
                }
            }
            return out;
        }

        List<CorrelationAlert> correlations() {
            List<CorrelationAlert> out = new ArrayList<>();
            for (Alert a : all) {
                if (a instanceof CorrelationAlert c) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** The correlation alerts a session of {@code detector} raises for {@code events}, finished. */
    static java.util.List<dev.vigil.core.alert.CorrelationAlert> correlate(Detector detector, Event... events) {
        java.util.List<dev.vigil.core.alert.CorrelationAlert> out = new java.util.ArrayList<>();
        try (DetectorSession s = detector.newSession().onAlert(a -> {
            if (a instanceof dev.vigil.core.alert.CorrelationAlert c) {
                out.add(c);
            }
        }).open()) {
            for (Event e : events) {
                s.accept(e);
            }
            s.finish();
        }
        return out;
    }
}
