package dev.vigil.core.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** Alert ids are stable for the same input and differ for different input; fingerprints group what is the same. */
class AlertIdentityTest {

    private static final Rule RULE = rule("id-a");
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static Rule rule(String id) {
        return Rule.builder().id(id).title("rule " + id).level(Level.HIGH)
                .condition(new Condition.Match(FieldRef.of("type"), StringMatcher.equalTo("x", true))).build();
    }

    private static Event event(String file, int line, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Event.of(m, SourcePosition.of(file, line), EventTime.defaults());
    }

    private static CorrelationAlert correlation(String ruleId, Map<String, String> group, Instant start, Instant end) {
        CorrelationRule rule = CorrelationRule.builder().id(ruleId).title("c").type(CorrelationType.EVENT_COUNT)
                .rules(List.of("id-a")).timespan(Duration.ofMinutes(5)).condition(CorrelationCondition.atLeast(2))
                .groupBy(List.copyOf(group.keySet())).build();
        return new CorrelationAlert(rule, group, new TimeWindow(start, end), 2L, List.of(), 2);
    }

    @Test
    void detectionId_sameInput_sameId_aVersion8Uuid() {
        Detection a = new Detection(RULE, event("f.jsonl", 3, "type", "x", "@timestamp", T0.toString()));
        Detection b = new Detection(rule("id-a"), event("f.jsonl", 3, "type", "x", "@timestamp", T0.toString()));
        assertThat(a.id()).isEqualTo(b.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).matches("[0-9a-f]{32}");
        assertThat(a.id()).as("asked twice").isEqualTo(a.id());
    }

    @Test
    void detectionId_keyOrderAndNumberTypeDoNotMatter() {
        Detection a = new Detection(RULE, event("f", 1, "type", "x", "n", 1, "m", Map.of("p", 2.50, "q", List.of(1L))));
        Detection b = new Detection(RULE, event("f", 1, "m", Map.of("q", List.of(1), "p", new BigDecimal("2.5")), "n", 1L,
                "type", "x"));
        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void detection_sameContentReadElsewhere_differentId_sameFingerprint() {
        Detection a = new Detection(RULE, event("f.jsonl", 3, "type", "x"));
        Detection b = new Detection(RULE, event("g.jsonl", 9, "type", "x"));
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void detection_differentContentRuleOrTime_differentIdAndFingerprint() {
        Detection a = new Detection(RULE, event("f", 1, "type", "x", "v", "1"));
        Detection otherValue = new Detection(RULE, event("f", 1, "type", "x", "v", "2"));
        Detection otherType = new Detection(RULE, event("f", 1, "type", "x", "v", 1));
        Detection otherRule = new Detection(rule("id-b"), event("f", 1, "type", "x", "v", "1"));
        assertThat(List.of(otherValue, otherType, otherRule)).allSatisfy(d -> {
            assertThat(d.id()).isNotEqualTo(a.id());
            assertThat(d.fingerprint()).isNotEqualTo(a.fingerprint());
        });
        Detection later = new Detection(RULE, event("f", 1, "type", "x", "@timestamp", T0.toString()));
        Detection earlier = new Detection(RULE, event("f", 1, "type", "x", "@timestamp", T0.minusSeconds(1).toString()));
        assertThat(later.id()).isNotEqualTo(earlier.id());
    }

    @Test
    void detection_hugeExponentCostsNoMoreThanItsText() {
        Detection d = new Detection(RULE, event("f", 1, "n", new BigDecimal("1e999999999")));
        assertThat(d.fingerprint()).hasSize(32);
    }

    @Test
    void correlationId_sameGroupAndWindow_sameId_otherWindow_sameFingerprint() {
        CorrelationAlert a = correlation("c1", Map.of("user", "bob"), T0, T0.plusSeconds(60));
        CorrelationAlert same = correlation("c1", Map.of("user", "bob"), T0, T0.plusSeconds(60));
        CorrelationAlert later = correlation("c1", Map.of("user", "bob"), T0.plusSeconds(600), T0.plusSeconds(660));
        CorrelationAlert other = correlation("c1", Map.of("user", "eve"), T0, T0.plusSeconds(60));
        assertThat(a.id()).isEqualTo(same.id());
        assertThat(later.id()).isNotEqualTo(a.id());
        assertThat(later.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(other.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(correlation("c2", Map.of("user", "bob"), T0, T0.plusSeconds(60)).id()).isNotEqualTo(a.id());
    }

    @Test
    void correlationAndDetection_neverShareAnId() {
        assertThat(correlation("id-a", Map.of(), T0, T0).fingerprint())
                .isNotEqualTo(new Detection(RULE, event(null, 0)).fingerprint());
    }

    @Test
    void json_carriesIdFingerprintAndMetadata() throws Exception {
        Detection d = new Detection(RULE, event("f.jsonl", 7, "type", "x", "n", 1, "@timestamp", T0.toString()));
        JsonNode j = new ObjectMapper().readTree(AlertJson.toJson(d));
        assertThat(j.get("kind").asText()).isEqualTo("detection");
        assertThat(j.get("id").asText()).isEqualTo(d.id());
        assertThat(j.get("fingerprint").asText()).isEqualTo(d.fingerprint());
        assertThat(j.get("rule_id").asText()).isEqualTo("id-a");
        assertThat(j.get("level").asText()).isEqualTo("high");
        assertThat(j.get("timestamp").asText()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(j.get("source").get("line").asInt()).isEqualTo(7);
        assertThat(j.get("event").get("n").asInt()).isEqualTo(1);

        CorrelationAlert c = correlation("c1", Map.of("user", "bob"), T0, T0.plusSeconds(60));
        JsonNode k = new ObjectMapper().readTree(AlertJson.toJson(c));
        assertThat(k.get("kind").asText()).isEqualTo("correlation");
        assertThat(k.get("id").asText()).isEqualTo(c.id());
        assertThat(k.get("group").get("user").asText()).isEqualTo("bob");
        assertThat(k.get("window").get("end").asText()).isEqualTo("2026-03-02T08:01:00Z");
        assertThat(k.get("value").asLong()).isEqualTo(2);
    }

    @Test
    void read_givesBackTheAlertItsJsonCameFrom_sameJsonSameIdentity() {
        Detection d = new Detection(RULE, Event.of(Map.of("type", "x", "n", 1, "m", Map.of("k", List.of(1.5, true)),
                "@timestamp", T0.toString()), new SourcePosition("f.json", 1, 17, null), EventTime.defaults()));
        Alert back = AlertJson.read(AlertJson.toJson(d));
        assertThat(back).isInstanceOf(Detection.class);
        assertThat(AlertJson.toJson(back)).isEqualTo(AlertJson.toJson(d));
        assertThat(back.id()).isEqualTo(d.id());
        assertThat(back.fingerprint()).isEqualTo(d.fingerprint());
        assertThat(((Detection) back).source().column()).isEqualTo(17);

        CorrelationAlert c = new CorrelationAlert(CorrelationRule.builder().id("c1").title("c").level(Level.HIGH)
                .type(CorrelationType.VALUE_SUM).rules(List.of("id-a")).timespan(Duration.ofMinutes(5))
                .condition(CorrelationCondition.atLeast(2)).valueField(FieldRef.of("bytes"))
                .groupBy(List.of("user")).build(), Map.of("user", "bob"), new TimeWindow(T0, T0.plusSeconds(60)), 12.5,
                List.of(new MatchRef("id-a", "id-a", SourcePosition.of("f.jsonl", 3), T0)), 2);
        Alert cback = AlertJson.read(AlertJson.toJson(c));
        assertThat(AlertJson.toJson(cback)).isEqualTo(AlertJson.toJson(c));
        assertThat(cback.id()).isEqualTo(c.id());
    }

    @Test
    void read_ofSomethingElse_isAnIllegalArgument() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertJson.read("{\"kind\":\"detection\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertJson.read("[1,2"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
