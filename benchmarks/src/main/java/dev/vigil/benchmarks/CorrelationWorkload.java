package dev.vigil.benchmarks;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.Detector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic correlation workloads: detection rules {@code a}, {@code b}, {@code c} and one
 * correlation over them, and a stream of matches (detections) with increasing event times over a
 * given number of distinct group keys. Matches are made directly, without the single-event engine,
 * so that what is measured is the correlation stage.
 */
final class CorrelationWorkload {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    static final List<Rule> RULES = List.of(rule("a"), rule("b"), rule("c"));

    private CorrelationWorkload() {
    }

    static Rule rule(String name) {
        return Rule.builder().name(name).id(name).title("rule " + name)
                .condition(new Condition.Match(FieldRef.of("type"), StringMatcher.equalTo(name, true))).build();
    }

    /** The correlation of the given type: event_count, value_count or temporal_ordered, firing at 5. */
    static CorrelationRule correlation(String type, Duration span) {
        return correlation(type, span, 5);
    }

    /** The correlation of the given type, whose count condition needs {@code threshold} matches. */
    static CorrelationRule correlation(String type, Duration span, long threshold) {
        CorrelationRule.Builder b = CorrelationRule.builder().id("c-" + type).title(type)
                .type(CorrelationType.parse(type)).timespan(span).groupBy(List.of("host"));
        return switch (type) {
            case "event_count" -> b.rules(List.of("a")).condition(CorrelationCondition.atLeast(threshold)).build();
            case "value_count" -> b.rules(List.of("a")).condition(CorrelationCondition.atLeast(threshold))
                    .valueField(FieldRef.of("user")).build();
            case "temporal_ordered" -> b.rules(List.of("a", "b", "c")).build();
            default -> throw new IllegalArgumentException(type);
        };
    }

    static Detector detector(String type, Duration span) {
        return detector(type, span, 5);
    }

    static Detector detector(String type, Duration span, long threshold) {
        return Detector.builder().addRules(RULES).addCorrelation(correlation(type, span, threshold)).build();
    }

    /**
     * Match {@code i} of a stream: event time {@code T0 + i * stepMillis} (as epoch milliseconds), a group key drawn from
     * {@code groups}, a user from 8, and for temporal_ordered the rule a, b or c.
     */
    static Detection match(long i, long stepMillis, int groups, boolean threeRules, SplittableRandom random) {
        return match(i, stepMillis, groups, threeRules, random, 0);
    }

    /** As above; a share {@code hotShare} (0..1) of the matches go to the one group {@code hot}. */
    static Detection match(long i, long stepMillis, int groups, boolean threeRules, SplittableRandom random,
            double hotShare) {
        String host = hotShare > 0 && random.nextDouble() < hotShare ? "hot" : "h" + random.nextInt(groups);
        Rule rule = threeRules ? RULES.get(random.nextInt(3)) : RULES.get(0);
        Event e = Event.of(Map.of("type", rule.name(), "host", host, "user", "u" + random.nextInt(8),
                "@timestamp", T0.toEpochMilli() + i * stepMillis),
                SourcePosition.of("synthetic.jsonl", (int) Math.min(Integer.MAX_VALUE, i + 1)), EventTime.defaults());
        return new Detection(rule, e);
    }
}
