package dev.vigil.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadLimits;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile depth for the JSON form of alerts. */
class AlertJsonAttackTest {

    private static final Rule RULE = Rule.builder().id("id-a").title("rule a")
            .condition(new Condition.Match(FieldRef.of("type"), StringMatcher.equalTo("x", true))).build();

    /** A record {"type":"x","a":[[...[{}]...]]} nested {@code depth} levels, the record counting as 1. */
    static String record(int depth) {
        return "{\"type\":\"x\",\"a\":" + "[".repeat(depth - 2) + "{}" + "]".repeat(depth - 2) + "}\n";
    }

    /** A record as deep as the default ReadLimits.maxDepth is read and its alert written as JSON. */
    @Test
    void aRecordAtTheDefaultMaxDepth_isRead_andItsAlertWritten() {
        String input = record(ReadLimits.DEFAULT_MAX_DEPTH);
        List<Event> events = new ArrayList<>();
        try (EventReader r = EventReader.builder()
                .open(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "deep.jsonl")) {
            r.forEach(events::add);
            assertThat(r.problems()).as("within ReadLimits").isEmpty();
        }
        assertThat(events).hasSize(1);
        Detection d = new Detection(RULE, events.get(0));
        assertThat(AlertJson.toJson(d)).startsWith("{\"kind\":\"detection\"");
    }
}
