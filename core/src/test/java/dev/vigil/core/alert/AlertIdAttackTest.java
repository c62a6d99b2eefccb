package dev.vigil.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Hostile content for alert ids: records sharing a line, keys of any type, arrays, sets, group order. */
class AlertIdAttackTest {

    private static final Rule RULE = Rule.builder().id("id-a").title("rule a")
            .condition(new Condition.Match(FieldRef.of("EventID"), StringMatcher.equalTo("1", true))).build();

    private static Detection detection(Map<String, ?> fields) {
        return new Detection(RULE, Event.of(fields, SourcePosition.of("f.jsonl", 1), EventTime.defaults()));
    }

    /** Two equal records of a JSON array on one line are two events at two columns: two ids. */
    @Test
    void twoRecordsOnOneLine_twoDetections_twoIds() {
        String input = "[{\"EventID\":1,\"User\":\"bob\"},{\"EventID\":1,\"User\":\"bob\"}]\n";
        List<Detection> ds = new ArrayList<>();
        try (EventReader r = EventReader.builder()
                .open(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "events.json")) {
            for (Event e : r) {
                ds.add(new Detection(RULE, e));
            }
        }
        assertThat(ds).hasSize(2);
        assertThat(ds.get(0).id()).as("two records, two detections").isNotEqualTo(ds.get(1).id());
        assertThat(ds.get(0).source()).as("the second record starts at another column")
                .isNotEqualTo(ds.get(1).source());
    }

    /** A nested map with non-String keys: its values count, whatever the key type. */
    @Test
    void nonStringKeys_theirValuesAreHashed() {
        Map<Object, Object> a = new HashMap<>();
        a.put(1, "allowed");
        Map<Object, Object> b = new HashMap<>();
        b.put(1, "denied");
        Detection da = detection(Map.of("EventID", 1, "m", a));
        Detection db = detection(Map.of("EventID", 1, "m", b));
        assertThat(AlertJson.toJson(da)).isNotEqualTo(AlertJson.toJson(db));
        assertThat(da.fingerprint()).isNotEqualTo(db.fingerprint());
        assertThat(da.id()).isNotEqualTo(db.id());
    }

    /** {null: "x"} and {"null": null} are different content. */
    @Test
    void nullKey_isNotTheStringNull() {
        Map<Object, Object> a = new HashMap<>();
        a.put(null, "x");
        Map<Object, Object> b = new HashMap<>();
        b.put("null", null);
        assertThat(detection(Map.of("m", a)).id()).isNotEqualTo(detection(Map.of("m", b)).id());
    }

    /** A TreeMap with Integer keys hashes like any map, without a ClassCastException. */
    @Test
    void integerKeyedTreeMap_hasAnId() {
        TreeMap<Integer, String> m = new TreeMap<>();
        m.put(1, "a");
        Detection d = detection(Map.of("m", m));
        assertThat(d.id()).hasSize(36);
    }

    /** Java arrays hash as lists, by content, not by identity. */
    @Test
    void arrays_equalContent_sameId() {
        Detection a = detection(Map.of("v", new int[] {1, 2}));
        Detection b = detection(Map.of("v", new int[] {1, 2}));
        assertThat(a.id()).isEqualTo(b.id());
    }

    /** Equal sets hash alike whatever their iteration order. */
    @Test
    void equalSets_sameId() {
        List<String> words = List.of("Aa", "BB", "zz", "q", "w", "e", "r", "t", "y", "u", "i", "o", "p");
        Set<String> s1 = new HashSet<>(words);
        Set<String> s2 = new HashSet<>(1024);
        s2.addAll(words);
        assertThat(s1).isEqualTo(s2);
        assertThat(detection(Map.of("s", s1)).id()).isEqualTo(detection(Map.of("s", s2)).id());
    }

    /** Equal group maps in another iteration order give the same id and fingerprint. */
    @Test
    void correlationGroup_equalMapsInAnotherOrder_sameId() {
        CorrelationRule rule = CorrelationRule.builder().id("c").title("c").type(CorrelationType.EVENT_COUNT)
                .rules(List.of("id-a")).timespan(Duration.ofMinutes(5)).condition(CorrelationCondition.atLeast(2))
                .groupBy(List.of("user", "host")).build();
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        Map<String, String> g1 = new LinkedHashMap<>();
        g1.put("user", "bob");
        g1.put("host", "h1");
        Map<String, String> g2 = new LinkedHashMap<>();
        g2.put("host", "h1");
        g2.put("user", "bob");
        assertThat(g1).isEqualTo(g2);
        CorrelationAlert a = new CorrelationAlert(rule, g1, new TimeWindow(t, t), 2L, List.of(), 2);
        CorrelationAlert b = new CorrelationAlert(rule, g2, new TimeWindow(t, t), 2L, List.of(), 2);
        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }
}
