package dev.vigil.respond.actions;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts and a plain context for calling an action directly, as a responder would. */
final class TestAlerts {

    private TestAlerts() {
    }

    static Detection detection(Map<String, ?> fields, String file, int line) {
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().id("r-1").title("Suspicious thing").level(Level.HIGH)
                .tags(List.of("attack.t1059")).build()).condition(Condition.TRUE).build();
        return new Detection(rule, Event.of(fields, SourcePosition.of(file, line), EventTime.defaults()));
    }

    static Detection detection(int n) {
        return detection(Map.of("n", n, "host", "h" + n), "events.jsonl", n);
    }

    static CorrelationAlert correlation(Map<String, String> group) {
        CorrelationRule rule = CorrelationRule.builder().id("c-1").title("Brute force").level(Level.CRITICAL)
                .type(CorrelationType.EVENT_COUNT).rules(List.of("r-1")).timespan(Duration.ofMinutes(5))
                .condition(CorrelationCondition.atLeast(2)).groupBy(List.copyOf(group.keySet())).build();
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        return new CorrelationAlert(rule, group, new TimeWindow(t, t.plusSeconds(60)), 2L, List.of(), 2);
    }

    /** The context of one attempt. */
    record Context(String idempotencyKey, Map<String, String> parameters, int attempt) implements ResponseContext {
        Context(String idempotencyKey, Map<String, String> parameters) {
            this(idempotencyKey, parameters, 1);
        }

        @Override
        public int occurrences() {
            return 1;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public Logger logger() {
            return LoggerFactory.getLogger("dev.vigil.respond.action.test");
        }
    }
}
