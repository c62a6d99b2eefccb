package dev.vigil.test;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Rule;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import dev.vigil.sigma.LoadResult;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on correlation rules: whether they fire on timestamped events, run through a real
 * {@link Detector} session in event time (each event needs a time in one of {@link EventTime#DEFAULT_FIELDS},
 * such as {@code @timestamp}). Events are given as JSON text, maps of fields or {@link Event}s, or one list of
 * them. A failure lists the alerts raised and, event by event, which detection rules matched. Made by
 * {@link RuleAssertions#assertThat}.
 */
public final class CorrelationAssert extends AbstractAssert<CorrelationAssert, Object> {

    private final LoadResult loaded;
    private final String key;

    /** {@code key}: the correlation whose alerts count, or {@code null} for every correlation of the set. */
    CorrelationAssert(Object actual, LoadResult loaded, String key) {
        super(actual, CorrelationAssert.class);
        this.loaded = loaded;
        this.key = key;
    }

    /** Verifies that the correlation raises at least one alert on {@code events}. */
    public CorrelationAssert firesOn(Object... events) {
        return check(Events.all(events), 1, Integer.MAX_VALUE);
    }

    /** Verifies that the correlation raises no alert on {@code events}. */
    public CorrelationAssert doesNotFireOn(Object... events) {
        return check(Events.all(events), 0, 0);
    }

    /** Verifies that the correlation raises exactly {@code times} alerts on {@code events}. */
    public CorrelationAssert firesTimes(int times, Object... events) {
        return check(Events.all(events), times, times);
    }

    private CorrelationAssert check(List<Event> events, int min, int max) {
        isNotNull();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).timestamp() == null) {
                throw new IllegalArgumentException("event " + (i + 1) + " has no time (in one of "
                        + EventTime.DEFAULT_FIELDS + "): " + Events.show(events.get(i)));
            }
        }
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        if (!detector.problems().isEmpty()) {
            failWithMessage("%s", "\nThe correlation cannot run: " + detector.problems());
        }
        List<CorrelationAlert> alerts = new ArrayList<>();
        List<String> late = new ArrayList<>();
        try (DetectorSession s = detector.newSession().maxFutureSkew(SessionBuilder.UNBOUNDED)
                .onAlert(a -> {
                    if (a instanceof CorrelationAlert c && (key == null || key.equals(c.rule().key()))) {
                        alerts.add(c);
                    }
                })
                .onLate(d -> late.add(d.rule().title() + " at " + d.event().timestamp()))
                .open()) {
            events.forEach(s::accept);
            s.finish();
        }
        int n = alerts.size();
        if (n < min || n > max) {
            failWithMessage("%s", message(events, alerts, late, min, max));
        }
        return this;
    }

    private String message(List<Event> events, List<CorrelationAlert> alerts, List<String> late, int min, int max) {
        String what = key == null ? "the correlations" : "correlation '" + key + "'";
        String expected = min == max ? (min == 0 ? "not to fire" : "to fire " + min + " time" + (min == 1 ? "" : "s"))
                : "to fire";
        StringBuilder sb = new StringBuilder("\nExpecting ").append(what).append(' ').append(expected).append(" on ")
                .append(events.size()).append(" events, but it fired ").append(alerts.size())
                .append(alerts.size() == 1 ? " time" : " times").append('\n');
        for (CorrelationAlert a : alerts) {
            sb.append("  alert '").append(a.rule().title()).append("' group ").append(a.group()).append(" window ")
                    .append(a.window().start()).append(" to ").append(a.window().end()).append(" value ")
                    .append(a.value()).append('\n');
        }
        sb.append("Detection rules matched, by event:\n");
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            List<String> matched = new ArrayList<>();
            for (Rule r : loaded.rules()) {
                if (r.matches(e)) {
                    matched.add("'" + r.title() + "'");
                }
            }
            sb.append("  ").append(i + 1).append(". ").append(e.timestamp()).append(' ')
                    .append(matched.isEmpty() ? "none" : String.join(", ", matched)).append("    ")
                    .append(Events.show(e)).append('\n');
        }
        if (!late.isEmpty()) {
            sb.append("Dropped as late (events more than the allowed lateness behind the latest): ").append(late)
                    .append('\n');
        }
        return sb.toString();
    }
}
