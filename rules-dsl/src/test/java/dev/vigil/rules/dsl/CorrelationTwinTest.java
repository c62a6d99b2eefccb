package dev.vigil.rules.dsl;

import static dev.vigil.rules.dsl.RuleDsl.correlation;
import static dev.vigil.rules.dsl.RuleDsl.detection;
import static dev.vigil.rules.dsl.RuleDsl.field;
import static dev.vigil.rules.dsl.RuleDsl.selection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every correlation type and option of the DSL against its Sigma twin (correlation rules specification:
 * types, group-by, timespan, condition, aliases, generate, chaining), through a real Detector on the same
 * timestamped events: the same alerts (rule, group, window, value), and at least one.
 */
class CorrelationTwinTest {

    private static final SigmaLoader LOADER = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    private static DetectionRule rule(String name) {
        return detection("rule " + name).name(name).id(String.format("00000000-0000-4000-8000-%012d", Math.abs((long) name.hashCode())))
                .logsource("test", null, null)
                .condition(selection("sel").where(field("type").equalTo(name))).build();
    }

    private static String ruleYaml(String name, DetectionRule r) {
        return "title: rule " + name + "\nname: " + name + "\nid: '" + r.document().get("id") + "'\n"
                + "logsource: {product: test}\ndetection:\n    sel: {type: '" + name + "'}\n    condition: sel\n";
    }

    private static Event event(String type, int seconds, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("@timestamp", T0.plusSeconds(seconds).toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Event.of(m);
    }

    record Case(String name, List<RuleDocument> dsl, String yaml, List<Event> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        DetectionRule fail = rule("fail");
        DetectionRule ok = rule("ok");
        DetectionRule conn = rule("conn");
        DetectionRule err = rule("err");
        String rules = ruleYaml("fail", fail) + "---\n" + ruleYaml("ok", ok) + "---\n" + ruleYaml("conn", conn) + "---\n"
                + ruleYaml("err", err) + "---\n";
        List<Case> cs = new ArrayList<>();
        Function<String, String> corr = body -> rules + "title: twin\nid: 00000000-0000-4000-8000-0000000000ff\n" + body;

        List<Event> failures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            failures.add(event("fail", i * 10, "user", i < 5 ? "bob" : "eve", "host", "h" + (i % 3), "bytes", 100 * i));
        }
        failures.add(event("ok", 70, "user", "bob", "host", "h1", "bytes", 5000));

        cs.add(new Case("event_count gte", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .eventCount(fail).groupBy("user").timespan(Duration.ofMinutes(5)).gte(3).build()), corr.apply("""
                correlation:
                    type: event_count
                    rules: [fail]
                    group-by: [user]
                    timespan: 5m
                    condition: {gte: 3}
                """), failures));
        cs.add(new Case("event_count range", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .eventCount(fail).groupBy("user").timespan(Duration.ofMinutes(5)).gt(1).lte(10).build()), corr.apply("""
                correlation:
                    type: event_count
                    rules: [fail]
                    group-by: [user]
                    timespan: 5m
                    condition: {gt: 1, lte: 10}
                """), failures));
        cs.add(new Case("value_count", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .valueCount("host", fail).groupBy("user").timespan(Duration.ofHours(1)).gte(3).build()), corr.apply("""
                correlation:
                    type: value_count
                    rules: [fail]
                    group-by: [user]
                    timespan: 1h
                    condition: {gte: 3, field: host}
                """), failures));
        cs.add(new Case("temporal", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .temporal(fail, ok).groupBy("user").timespan(Duration.ofMinutes(2)).build()), corr.apply("""
                correlation:
                    type: temporal
                    rules: [fail, ok]
                    group-by: [user]
                    timespan: 2m
                """), failures));
        cs.add(new Case("temporal_ordered", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .temporalOrdered(fail, ok).groupBy("user").timespan(Duration.ofMinutes(2)).generate(true).build()),
                corr.apply("""
                correlation:
                    type: temporal_ordered
                    rules: [fail, ok]
                    group-by: [user]
                    timespan: 2m
                generate: true
                """), failures));
        cs.add(new Case("value_sum", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .valueSum("bytes", fail, ok).groupBy("user").timespan(Duration.ofHours(1)).gt(900).build()), corr.apply("""
                correlation:
                    type: value_sum
                    rules: [fail, ok]
                    group-by: [user]
                    timespan: 1h
                    condition: {gt: 900, field: bytes}
                """), failures));
        cs.add(new Case("value_avg", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .valueAvg("bytes", fail, ok).groupBy("user").timespan(Duration.ofHours(1)).gte(1000).build()), corr.apply("""
                correlation:
                    type: value_avg
                    rules: [fail, ok]
                    group-by: [user]
                    timespan: 1h
                    condition: {gte: 1000, field: bytes}
                """), failures));
        cs.add(new Case("value_median", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .valueMedian("bytes", fail).groupBy("user").timespan(Duration.ofHours(1)).gte(200).build()), corr.apply("""
                correlation:
                    type: value_median
                    rules: [fail]
                    group-by: [user]
                    timespan: 1h
                    condition: {gte: 200, field: bytes}
                """), failures));
        cs.add(new Case("value_percentile", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .valuePercentile("bytes", 90, fail, ok).groupBy("user").timespan(Duration.ofHours(1)).gte(2000).build()),
                corr.apply("""
                correlation:
                    type: value_percentile
                    rules: [fail, ok]
                    group-by: [user]
                    timespan: 1h
                    condition: {gte: 2000, field: bytes, percentile: 90}
                """), failures));
        cs.add(new Case("value share (rarity)", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .valueShare("user", fail).timespan(Duration.ofHours(1)).lte(20).build()), corr.apply("""
                correlation:
                    type: value_percentile
                    rules: [fail]
                    timespan: 1h
                    condition: {lte: 20, field: user}
                """), failures));
        List<Event> flows = List.of(event("err", 0, "destination.ip", "10.0.0.1", "source.ip", "1.2.3.4"),
                event("conn", 5, "source.ip", "10.0.0.1", "destination.ip", "1.2.3.4"));
        cs.add(new Case("aliases", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .temporal(err, conn).groupBy("internal", "remote").timespan(Duration.ofSeconds(10))
                .alias("internal", err, "destination.ip").alias("internal", conn, "source.ip")
                .alias("remote", err, "source.ip").alias("remote", conn, "destination.ip").build()), corr.apply("""
                correlation:
                    type: temporal
                    rules: [err, conn]
                    aliases:
                        internal: {err: destination.ip, conn: source.ip}
                        remote: {err: source.ip, conn: destination.ip}
                    group-by: [internal, remote]
                    timespan: 10s
                """), flows));
        Correlation many = correlation("many failures").name("many_failed").id("00000000-0000-4000-8000-0000000000fe")
                .eventCount(fail).groupBy("user").timespan(Duration.ofMinutes(10)).gte(3).build();
        cs.add(new Case("chained", List.of(correlation("twin").id("00000000-0000-4000-8000-0000000000ff")
                .temporalOrdered(many, ok).groupBy("user").timespan(Duration.ofMinutes(10)).generate(true).build()),
                rules + """
                title: many failures
                name: many_failed
                id: 00000000-0000-4000-8000-0000000000fe
                correlation:
                    type: event_count
                    rules: [fail]
                    group-by: [user]
                    timespan: 10m
                    condition: {gte: 3}
                ---
                title: twin
                id: 00000000-0000-4000-8000-0000000000ff
                correlation:
                    type: temporal_ordered
                    rules: [many_failed, ok]
                    group-by: [user]
                    timespan: 10m
                generate: true
                """, failures));
        return cs.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDslCorrelation_raisesTheAlertsOfItsSigmaTwin(Case c) {
        LoadResult twin = LOADER.loadString(c.yaml(), c.name() + ".yml");
        assertThat(twin.errors()).as(c.yaml()).isEmpty();
        LoadResult dsl = RuleSet.of(c.dsl()).load(LOADER);
        assertThat(dsl.errors()).as(RuleSet.of(c.dsl()).toSigma()).isEmpty();
        List<String> expected = alerts(twin, c.events());
        assertThat(expected).as("the twin raises something, else the case proves nothing").isNotEmpty();
        assertThat(alerts(dsl, c.events())).as(RuleSet.of(c.dsl()).toSigma()).isEqualTo(expected);
    }

    private static List<String> alerts(LoadResult loaded, List<Event> events) {
        Detector d = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        assertThat(d.problems()).isEmpty();
        List<String> out = new ArrayList<>();
        try (DetectorSession s = d.newSession().onAlert(a -> {
            if (a instanceof CorrelationAlert ca) {
                out.add(ca.rule().metadata().title() + " " + ca.group() + " " + ca.window() + " " + ca.value());
            }
        }).open()) {
            events.forEach(s::accept);
            s.finish();
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void anIncompleteCorrelation_failsWhenBuilt() {
        DetectionRule fail = rule("fail");
        assertThatThrownBy(() -> correlation("no span").eventCount(fail).gte(3).build())
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("needs a timespan");
        assertThatThrownBy(() -> correlation("no condition").eventCount(fail).timespan(Duration.ofMinutes(1)).build())
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("no condition")
                .hasMessageContaining("needs a condition");
        assertThatThrownBy(() -> correlation("ordered, fewer").temporalOrdered(fail, rule("ok"))
                .timespan(Duration.ofMinutes(1)).gte(1).build())
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("temporal_ordered needs all");
    }
}
