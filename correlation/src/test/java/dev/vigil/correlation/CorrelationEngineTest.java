package dev.vigil.correlation;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.alert.MatchRef;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition.Op;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.CorrelationTestSupport.Sink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static dev.vigil.correlation.CorrelationTestSupport.T0;
import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Every correlation type, operator and option on events written here. One {@link Detector} (one
 * Drools rule base) serves the whole class: each correlation refers to rules of its own.
 */
class CorrelationEngineTest {

    static final Duration FIVE_MIN = Duration.ofMinutes(5);
    static Detector detector;

    @BeforeAll
    static void build() {
        List<Rule> rules = new ArrayList<>();
        for (String r : List.of("fail", "fail2", "login", "gcount", "vc", "vc2", "ta", "tb", "tc", "t2a", "t2b", "t2c",
                "oa", "ob", "oc", "sum", "avg", "med", "pct", "rare", "lt", "eq", "neq", "range", "err", "conn",
                "gen", "nogen", "sup", "failx", "loginx")) {
            rules.add(rule(r));
        }
        List<CorrelationRule> cs = List.of(
                corr("brute", CorrelationType.EVENT_COUNT, FIVE_MIN, "fail").groupBy(List.of("user"))
                        .condition(CorrelationCondition.atLeast(3)).build(),
                corr("brute_gt", CorrelationType.EVENT_COUNT, FIVE_MIN, "fail2").groupBy(List.of("user"))
                        .condition(CorrelationCondition.of(Op.GT, 2)).build(),
                corr("global", CorrelationType.EVENT_COUNT, FIVE_MIN, "gcount")
                        .condition(CorrelationCondition.atLeast(2)).build(),
                corr("spray", CorrelationType.VALUE_COUNT, FIVE_MIN, "vc").groupBy(List.of("host"))
                        .condition(CorrelationCondition.atLeast(3)).valueField(FieldRef.of("user")).build(),
                corr("spray2", CorrelationType.VALUE_COUNT, FIVE_MIN, "vc2").groupBy(List.of("host"))
                        .condition(CorrelationCondition.atLeast(2))
                        .valueFields(List.of(FieldRef.of("user"), FieldRef.of("domain"))).build(),
                corr("recon", CorrelationType.TEMPORAL, FIVE_MIN, "ta", "tb", "tc").groupBy(List.of("host")).build(),
                corr("recon2of3", CorrelationType.TEMPORAL, FIVE_MIN, "t2a", "t2b", "t2c").groupBy(List.of("host"))
                        .condition(CorrelationCondition.atLeast(2)).build(),
                corr("ordered", CorrelationType.TEMPORAL_ORDERED, FIVE_MIN, "oa", "ob", "oc").groupBy(List.of("host"))
                        .build(),
                corr("exfil", CorrelationType.VALUE_SUM, Duration.ofHours(1), "sum").groupBy(List.of("host"))
                        .condition(CorrelationCondition.of(Op.GT, 1000)).valueField(FieldRef.of("bytes")).build(),
                corr("avgbytes", CorrelationType.VALUE_AVG, Duration.ofHours(1), "avg").groupBy(List.of("host"))
                        .condition(CorrelationCondition.of(Op.GT, 500)).valueField(FieldRef.of("bytes")).build(),
                corr("median", CorrelationType.VALUE_MEDIAN, Duration.ofHours(1), "med").groupBy(List.of("host"))
                        .condition(CorrelationCondition.of(Op.GTE, 100)).valueField(FieldRef.of("bytes")).build(),
                corr("p90", CorrelationType.VALUE_PERCENTILE, Duration.ofHours(1), "pct").groupBy(List.of("host"))
                        .condition(CorrelationCondition.of(Op.GTE, 1000)).valueField(FieldRef.of("bytes"))
                        .percentile(90.0).build(),
                corr("rarity", CorrelationType.VALUE_PERCENTILE, Duration.ofHours(24), "rare").groupBy(List.of("host"))
                        .condition(CorrelationCondition.of(Op.LTE, 1)).valueField(FieldRef.of("image")).build(),
                corr("few", CorrelationType.EVENT_COUNT, FIVE_MIN, "lt").groupBy(List.of("task"))
                        .condition(CorrelationCondition.of(Op.LT, 3)).build(),
                corr("exactly", CorrelationType.EVENT_COUNT, FIVE_MIN, "eq").groupBy(List.of("user"))
                        .condition(CorrelationCondition.of(Op.EQ, 2)).build(),
                corr("notthree", CorrelationType.EVENT_COUNT, FIVE_MIN, "neq").groupBy(List.of("user"))
                        .condition(CorrelationCondition.of(Op.NEQ, 3)).build(),
                corr("ranged", CorrelationType.EVENT_COUNT, FIVE_MIN, "range").groupBy(List.of("user"))
                        .condition(CorrelationCondition.of(Map.of(Op.GT, 1, Op.LTE, 3))).build(),
                corr("aliased", CorrelationType.TEMPORAL, Duration.ofSeconds(10), "err", "conn")
                        .groupBy(List.of("internal_ip", "remote_ip"))
                        .alias("internal_ip", "err", FieldRef.of("destination.ip"))
                        .alias("internal_ip", "conn", FieldRef.of("source.ip"))
                        .alias("remote_ip", "err", FieldRef.of("source.ip"))
                        .alias("remote_ip", "conn", FieldRef.of("destination.ip")).build(),
                corr("shown", CorrelationType.EVENT_COUNT, FIVE_MIN, "gen").condition(CorrelationCondition.atLeast(2))
                        .generate(true).build(),
                corr("hidden", CorrelationType.EVENT_COUNT, FIVE_MIN, "nogen").condition(CorrelationCondition.atLeast(2))
                        .build(),
                corr("suppressed", CorrelationType.EVENT_COUNT, FIVE_MIN, "sup").groupBy(List.of("user"))
                        .condition(CorrelationCondition.atLeast(1)).build(),
                // the specification's example: many failed logins, then a successful one, chained
                corr("many_failed", CorrelationType.EVENT_COUNT, Duration.ofMinutes(10), "failx")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).build(),
                corr("brute_success", CorrelationType.TEMPORAL_ORDERED, Duration.ofMinutes(10), "many_failed", "loginx")
                        .groupBy(List.of("user")).build());
        detector = Detector.builder().addRules(rules).addCorrelations(cs).build();
        assertThat(detector.problems()).isEmpty();
    }

    static Sink run(UnaryOperator<SessionBuilder> options, Event... events) {
        Sink sink = new Sink();
        try (DetectorSession s = options.apply(detector.newSession()).onAlert(sink).open()) {
            for (Event e : events) {
                s.accept(e);
            }
            s.finish();
        }
        return sink;
    }

    static Sink run(Event... events) {
        return run(o -> o, events);
    }

    // ---- event_count

    @Test
    void eventCount_thirdMatchOfAUserWithinTimespan_firesOnce() {
        Sink sink = run(event("fail", 0, "user", "bob"), event("fail", 10, "user", "bob"),
                event("fail", 20, "user", "eve"), event("fail", 30, "user", "bob"));
        List<CorrelationAlert> alerts = sink.correlations("brute");
        assertThat(alerts).hasSize(1);
        CorrelationAlert a = alerts.get(0);
        assertThat(a.group()).containsExactly(Map.entry("user", "bob"));
        assertThat(a.value()).isEqualTo(3L);
        assertThat(a.window().start()).isEqualTo(T0);
        assertThat(a.window().end()).isEqualTo(T0.plusSeconds(30));
        assertThat(a.matches()).extracting(MatchRef::ruleId).containsOnly("id-fail");
        assertThat(a.matches()).extracting(MatchRef::timestamp)
                .containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(30));
        assertThat(a.kind()).isEqualTo("correlation");
        assertThat(a.metadata().id()).isEqualTo("id-brute");
    }

    @Test
    void eventCount_matchExactlyAtTimespan_isInside() {
        assertThat(run(event("fail", 0, "user", "bob"), event("fail", 150, "user", "bob"),
                event("fail", 300, "user", "bob")).correlations("brute")).hasSize(1);
    }

    @Test
    void eventCount_matchJustPastTimespan_isOutside() {
        assertThat(run(event("fail", 0, "user", "bob"), event("fail", 150, "user", "bob"),
                event("fail", 300.001, "user", "bob")).correlations("brute")).isEmpty();
    }

    @Test
    void eventCount_slidingWindow_notBoundToFixedBuckets() {
        // 2 matches late in one 5-minute bucket, 1 early in the next: within 5 minutes of each other
        assertThat(run(event("fail", 280, "user", "bob"), event("fail", 290, "user", "bob"),
                event("fail", 310, "user", "bob")).correlations("brute")).hasSize(1);
    }

    @Test
    void eventCount_sixMatches_firesOncePerWindowNotPerMatch() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(event("fail", i, "user", "bob"));
        }
        List<CorrelationAlert> alerts = run(events.toArray(Event[]::new)).correlations("brute");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).window().start()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void eventCount_gt_needsMoreThanTheBound() {
        assertThat(run(event("fail2", 0, "user", "a"), event("fail2", 1, "user", "a")).correlations("brute_gt")).isEmpty();
        assertThat(run(event("fail2", 0, "user", "a"), event("fail2", 1, "user", "a"), event("fail2", 2, "user", "a"))
                .correlations("brute_gt")).hasSize(1);
    }

    @Test
    void eventCount_tiesAtTheSameInstant_allCount() {
        assertThat(run(event("fail", 5, "user", "bob"), event("fail", 5, "user", "bob"),
                event("fail", 5, "user", "bob")).correlations("brute")).hasSize(1);
    }

    @Test
    void eventCount_missingGroupByField_matchIsNotCorrelated() {
        Sink sink = new Sink();
        DetectorSession s = detector.newSession().onAlert(sink).open();
        s.accept(event("fail", 0, "user", "bob"));
        s.accept(event("fail", 1));
        s.accept(event("fail", 2));
        s.accept(event("fail", 3, "user", "bob"));
        s.finish();
        assertThat(sink.correlations("brute")).isEmpty();
        assertThat(s.stats().missingFields()).isEqualTo(2);
        s.close();
    }

    @Test
    void eventCount_noGroupBy_oneGlobalGroup() {
        List<CorrelationAlert> alerts = run(event("gcount", 0, "user", "a"), event("gcount", 1, "user", "b"))
                .correlations("global");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).group()).isEmpty();
    }

    // ---- value_count

    @Test
    void valueCount_distinctUsersPerHost() {
        assertThat(run(event("vc", 0, "host", "h", "user", "a"), event("vc", 1, "host", "h", "user", "a"),
                event("vc", 2, "host", "h", "user", "b"), event("vc", 3, "host", "h", "user", "a"))
                .correlations("spray")).isEmpty();
        List<CorrelationAlert> alerts = run(event("vc", 0, "host", "h", "user", "a"),
                event("vc", 1, "host", "h", "user", "a"), event("vc", 2, "host", "h", "user", "b"),
                event("vc", 3, "host", "h", "user", "c")).correlations("spray");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value()).isEqualTo(3L);
        assertThat(alerts.get(0).matchCount()).isEqualTo(4);
    }

    @Test
    void valueCount_matchWithoutTheField_doesNotCount() {
        assertThat(run(event("vc", 0, "host", "h", "user", "a"), event("vc", 1, "host", "h"),
                event("vc", 2, "host", "h", "user", "b")).correlations("spray")).isEmpty();
    }

    @Test
    void valueCount_severalFields_countTuples() {
        assertThat(run(event("vc2", 0, "host", "h", "user", "a", "domain", "x"),
                event("vc2", 1, "host", "h", "user", "a", "domain", "x")).correlations("spray2")).isEmpty();
        assertThat(run(event("vc2", 0, "host", "h", "user", "a", "domain", "x"),
                event("vc2", 1, "host", "h", "user", "a", "domain", "y")).correlations("spray2")).hasSize(1);
    }

    // ---- temporal

    @Test
    void temporal_allRulesInAnyOrder_fires() {
        List<CorrelationAlert> alerts = run(event("tc", 0, "host", "h"), event("ta", 60, "host", "h"),
                event("tb", 120, "host", "h")).correlations("recon");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value()).isEqualTo(3L);
        assertThat(alerts.get(0).matches()).extracting(MatchRef::ruleId).containsExactly("id-tc", "id-ta", "id-tb");
    }

    @Test
    void temporal_oneRuleMissingOrTooFarApart_doesNotFire() {
        assertThat(run(event("ta", 0, "host", "h"), event("tb", 1, "host", "h"), event("ta", 2, "host", "h"))
                .correlations("recon")).isEmpty();
        assertThat(run(event("ta", 0, "host", "h"), event("tb", 1, "host", "h"), event("tc", 301, "host", "h"))
                .correlations("recon")).isEmpty();
        assertThat(run(event("ta", 0, "host", "h"), event("tb", 1, "host", "h"), event("tc", 2, "host", "other"))
                .correlations("recon")).isEmpty();
    }

    @Test
    void temporal_conditionTwoOfThree() {
        assertThat(run(event("t2a", 0, "host", "h"), event("t2a", 1, "host", "h")).correlations("recon2of3")).isEmpty();
        assertThat(run(event("t2c", 0, "host", "h"), event("t2a", 1, "host", "h")).correlations("recon2of3")).hasSize(1);
    }

    // ---- temporal_ordered

    @Test
    void temporalOrdered_inOrder_fires() {
        List<CorrelationAlert> alerts = run(event("oa", 0, "host", "h"), event("ob", 10, "host", "h"),
                event("oc", 20, "host", "h")).correlations("ordered");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).window()).isEqualTo(new TimeWindow(T0, T0.plusSeconds(20)));
    }

    @Test
    void temporalOrdered_wrongOrder_doesNotFire() {
        assertThat(run(event("ob", 0, "host", "h"), event("oa", 10, "host", "h"), event("oc", 20, "host", "h"))
                .correlations("ordered")).isEmpty();
        assertThat(run(event("oc", 0, "host", "h"), event("ob", 10, "host", "h"), event("oa", 20, "host", "h"))
                .correlations("ordered")).isEmpty();
    }

    @Test
    void temporalOrdered_orderGivenByEventTimeNotArrival() {
        // arrives b, a, c but a's time is earliest: in order by event time, within the allowed lateness
        assertThat(run(o -> o.allowedLateness(Duration.ofMinutes(1)), event("ob", 10, "host", "h"),
                event("oa", 5, "host", "h"), event("oc", 20, "host", "h")).correlations("ordered")).hasSize(1);
    }

    @Test
    void temporalOrdered_tiesAtTheSameInstant_countAsInOrder() {
        assertThat(run(event("oa", 7, "host", "h"), event("ob", 7, "host", "h"), event("oc", 7, "host", "h"))
                .correlations("ordered")).hasSize(1);
    }

    @Test
    void temporalOrdered_spanLongerThanTimespan_doesNotFire() {
        assertThat(run(event("oa", 0, "host", "h"), event("ob", 200, "host", "h"), event("oc", 300.5, "host", "h"))
                .correlations("ordered")).isEmpty();
    }

    // ---- numeric aggregates

    @Test
    void valueSum_bytesPerHost() {
        assertThat(run(event("sum", 0, "host", "h", "bytes", 600), event("sum", 10, "host", "h", "bytes", "300"))
                .correlations("exfil")).isEmpty();
        List<CorrelationAlert> alerts = run(event("sum", 0, "host", "h", "bytes", 600),
                event("sum", 10, "host", "h", "bytes", "not a number"), event("sum", 20, "host", "h", "bytes", 500))
                .correlations("exfil");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value()).isEqualTo(1100.0);
        assertThat(alerts.get(0).matchCount()).isEqualTo(2);
    }

    @Test
    void valueAvg() {
        assertThat(run(event("avg", 0, "host", "h", "bytes", 400), event("avg", 1, "host", "h", "bytes", 500))
                .correlations("avgbytes")).isEmpty();
        List<CorrelationAlert> alerts = run(event("avg", 0, "host", "h", "bytes", 400),
                event("avg", 1, "host", "h", "bytes", 700)).correlations("avgbytes");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value()).isEqualTo(550.0);
    }

    @Test
    void valueMedian() {
        List<CorrelationAlert> alerts = run(event("med", 0, "host", "h", "bytes", 10),
                event("med", 1, "host", "h", "bytes", 90), event("med", 2, "host", "h", "bytes", 200),
                event("med", 3, "host", "h", "bytes", 300)).correlations("median");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value()).isEqualTo(145.0);
    }

    @Test
    void valuePercentile_ninetiethPercentile() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            events.add(event("pct", i, "host", "h", "bytes", 10));
        }
        assertThat(run(events.toArray(Event[]::new)).correlations("p90")).isEmpty();
        events.add(event("pct", 9, "host", "h", "bytes", 100_000));
        List<CorrelationAlert> alerts = run(events.toArray(Event[]::new)).correlations("p90");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value().doubleValue()).isCloseTo(10_009, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void valuePercentile_withoutPercentile_rareValueShare() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("rare", i, "host", "h", "image", "C:\\Windows\\explorer.exe"));
        }
        events.add(event("rare", 500, "host", "h", "image", "C:\\Users\\Public\\evil.exe"));
        List<CorrelationAlert> alerts = run(events.toArray(Event[]::new)).correlations("rarity");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value().doubleValue()).isCloseTo(100.0 / 201, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(alerts.get(0).matches()).hasSize(1);
        assertThat(alerts.get(0).window().length()).isEqualTo(Duration.ofHours(24));
    }

    // ---- upper bounds: decided when the window closes

    @Test
    void lt_decidedWhenTheWindowCloses() {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().allowedLateness(Duration.ZERO).onAlert(sink).open()) {
            s.accept(event("lt", 0, "task", "t1"));
            s.accept(event("lt", 10, "task", "t1"));
            s.flush();
            assertThat(sink.correlations("few")).isEmpty();
            s.advanceTo(T0.plusSeconds(301));
            assertThat(sink.correlations("few")).hasSize(1);
            CorrelationAlert a = sink.correlations("few").get(0);
            assertThat(a.value()).isEqualTo(2L);
            assertThat(a.window()).isEqualTo(new TimeWindow(T0, T0.plusSeconds(300)));
        }
        assertThat(run(event("lt", 0, "task", "t1"), event("lt", 1, "task", "t1"), event("lt", 2, "task", "t1"))
                .correlations("few")).isEmpty();
    }

    /**
     * A condition with a lower bound fires on the match that first makes it true, also with an upper bound
     * (a range, or eq as [n, n]); neq alone has no lower bound and is decided when the window closes
     * (correlation rules specification, "Condition"; decisions in docs/CORRELATION.md).
     */
    @Test
    void eq_neq_range() {
        List<CorrelationAlert> eq = run(event("eq", 0, "user", "u"), event("eq", 1, "user", "u"),
                event("eq", 2, "user", "u")).correlations("exactly");
        assertThat(eq).singleElement().satisfies(a -> {
            assertThat(a.value()).isEqualTo(2L);
            assertThat(a.window().end()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(run(event("eq", 0, "user", "u")).correlations("exactly")).isEmpty();
        assertThat(run(event("neq", 0, "user", "u"), event("neq", 1, "user", "u"), event("neq", 2, "user", "u"))
                .correlations("notthree")).isEmpty();
        assertThat(run(event("neq", 0, "user", "u")).correlations("notthree")).hasSize(1);
        assertThat(run(event("range", 0, "user", "u")).correlations("ranged")).isEmpty();
        List<CorrelationAlert> four = run(event("range", 0, "user", "u"), event("range", 1, "user", "u"),
                event("range", 2, "user", "u"), event("range", 3, "user", "u")).correlations("ranged");
        assertThat(four).as("gt 1, lte 3: true at the second match").singleElement()
                .satisfies(a -> assertThat(a.window().end()).isEqualTo(T0.plusSeconds(1)));
    }

    /** The example of issue 12: event_count, 1 h, gt 2 and lte 5, six matches in six seconds: one alert, at the third. */
    @Test
    void range_firesOnceAtTheMatchThatFirstSatisfiesIt() {
        Detector d = Detector.builder().addRule(rule("hit"))
                .addCorrelation(corr("burst", CorrelationType.EVENT_COUNT, Duration.ofHours(1), "hit").groupBy(List.of("user"))
                        .condition(CorrelationCondition.of(Map.of(Op.GT, 2, Op.LTE, 5))).build())
                .build();
        Sink sink = new Sink();
        try (DetectorSession s = d.newSession().onAlert(sink).open()) {
            for (int i = 0; i < 6; i++) {
                s.accept(event("hit", i, "user", "u"));
                s.flush();
                assertThat(sink.correlations("burst")).as("after match %d", i + 1).hasSize(i >= 2 ? 1 : 0);
            }
            s.finish();
        }
        assertThat(sink.correlations("burst")).singleElement().satisfies(a -> {
            assertThat(a.value()).isEqualTo(3L);
            assertThat(a.window()).isEqualTo(new TimeWindow(T0, T0.plusSeconds(2)));
        });
    }

    @Test
    void closingWindow_nextMatchAfterTheEnd_opensANewWindow() {
        List<CorrelationAlert> alerts = run(event("lt", 0, "task", "u"), event("lt", 100, "task", "u"),
                event("lt", 400, "task", "u"), event("lt", 450, "task", "u")).correlations("few");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1).window().start()).isEqualTo(T0.plusSeconds(400));
    }

    /**
     * Regression: Drools infers from {@code after[0, T]} that a match is needed for no time at all
     * (it assumes events come in time order) and expired matches of a lone window-closing
     * correlation as soon as the clock moved; Vigil declares its own expiration.
     */
    @Test
    void closingWindow_alone_keepsItsMatchesUntilTheWindowCloses() {
        Detector d = Detector.builder().addRule(rule("x"))
                .addCorrelation(corr("lone", CorrelationType.EVENT_COUNT, Duration.ofHours(1), "x")
                        .condition(CorrelationCondition.of(Op.LT, 5)).build())
                .build();
        Sink sink = new Sink();
        try (DetectorSession s = d.newSession().batchSize(1).allowedLateness(Duration.ZERO).onAlert(sink).open()) {
            s.accept(event("x", 0));
            s.accept(event("x", 600));
            s.accept(event("x", 1200));
            s.advanceTo(T0.plusSeconds(3601));
        }
        assertThat(sink.correlations("lone")).singleElement().satisfies(a -> assertThat(a.value()).isEqualTo(3L));
    }

    // ---- time: out of order, lateness

    @Test
    void outOfOrder_withinAllowedLateness_isCorrelated() {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().allowedLateness(Duration.ofSeconds(60)).onAlert(sink).open()) {
            s.accept(event("fail", 100, "user", "bob"));
            s.accept(event("fail", 50, "user", "bob"));
            s.accept(event("fail", 45, "user", "bob"));
            s.finish();
            assertThat(s.stats().late()).isZero();
        }
        assertThat(sink.correlations("brute")).hasSize(1);
    }

    @Test
    void outOfOrder_beyondAllowedLateness_isCountedAndDropped() {
        Sink sink = new Sink();
        List<Detection> late = new ArrayList<>();
        try (DetectorSession s = detector.newSession().allowedLateness(Duration.ofSeconds(30)).onLate(late::add).onAlert(sink).open()) {
            // the stream's time is the median of the latest match times, once 16 are known (StreamTime)
            s.accept(event("fail", 100, "user", "bob"));
            for (int i = 0; i < 15; i++) {
                s.accept(event("fail", 100, "user", "other" + i));
            }
            s.accept(event("fail", 50, "user", "bob"));
            s.accept(event("fail", 95, "user", "bob"));
            assertThat(s.watermark()).isEqualTo(T0.plusSeconds(70));
            s.finish();
            assertThat(s.stats().late()).isEqualTo(1);
        }
        assertThat(late).singleElement().satisfies(d -> assertThat(d.timestamp()).isEqualTo(T0.plusSeconds(50)));
        assertThat(sink.correlations("brute")).isEmpty();
    }

    @Test
    void outOfOrder_lateMatchCompletesAWindowEndingAtALaterMatch() {
        // windows end at each match: the late match at 40 completes the window ending at 200 (0..200 has 3 only with it)
        Sink sink = run(o -> o.allowedLateness(Duration.ofMinutes(10)), event("fail", 200, "user", "bob"),
                event("fail", 10, "user", "bob"), event("fail", 40, "user", "bob"));
        assertThat(sink.correlations("brute")).hasSize(1);
        assertThat(sink.correlations("brute").get(0).window().end()).isEqualTo(T0.plusSeconds(200));
    }

    @Test
    void realClock_windowsCloseAsTimePasses() {
        MutableClock clock = new MutableClock(T0);
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().clock(clock).allowedLateness(Duration.ZERO).onAlert(sink).open()) {
            s.accept(event("lt", 0, "task", "t9"));
            clock.now = T0.plusSeconds(299);
            s.tick();
            assertThat(sink.correlations("few")).isEmpty();
            clock.now = T0.plusSeconds(301);
            s.tick();
            assertThat(sink.correlations("few")).hasSize(1);
        }
    }

    @Test
    void realClock_eventWithoutTime_isStampedWithTheClock() {
        MutableClock clock = new MutableClock(T0.plusSeconds(42));
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().clock(clock).allowedLateness(Duration.ZERO).onAlert(sink).open()) {
            s.accept(Event.of(Map.of("type", "gcount")));
            s.accept(Event.of(Map.of("type", "gcount")));
            assertThat(s.stats().untimed()).isEqualTo(2);
        }
        assertThat(sink.correlations("global")).hasSize(1);
        assertThat(sink.correlations("global").get(0).window().end()).isEqualTo(T0.plusSeconds(42));
    }

    // ---- options

    @Test
    void suppression_repeatedAlertsOfTheSameGroupWithinThePeriod() {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().suppress(Duration.ofMinutes(10)).onAlert(sink).open()) {
            s.accept(event("sup", 0, "user", "u"));
            s.accept(event("sup", 60, "user", "u"));
            s.accept(event("sup", 70, "user", "v"));
            s.accept(event("sup", 601, "user", "u"));
            s.finish();
            assertThat(s.stats().suppressed()).isEqualTo(1);
        }
        assertThat(sink.correlations("suppressed")).extracting(a -> a.group().get("user") + "@"
                + a.window().end().getEpochSecond() % 1000).hasSize(3);
    }

    @Test
    void maxGroups_leastRecentlyUsedGroupIsEvictedAndCounted() {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().maxGroups(2).onAlert(sink).open()) {
            s.accept(event("fail", 0, "user", "a"));
            s.accept(event("fail", 1, "user", "a"));
            s.accept(event("fail", 2, "user", "b"));
            s.accept(event("fail", 3, "user", "c")); // evicts a
            s.accept(event("fail", 4, "user", "a"));
            s.flush();
            assertThat(s.stats().evictedGroups()).isEqualTo(2);
            assertThat(s.stats().liveGroups()).isEqualTo(2);
            s.finish();
        }
        assertThat(sink.correlations("brute")).isEmpty();
    }

    @Test
    void state_isDroppedOnceTheWatermarkPassesIt() {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().allowedLateness(Duration.ZERO).onAlert(sink).open()) {
            for (int i = 0; i < 2000; i++) {
                s.accept(event("fail", i * 60, "user", "u" + i));
            }
            s.flush();
            // the window (5 matches) and the stream's time trailing the latest match by half of the
            // latest 1,024 match times (StreamTime): 517 of 2,000
            assertThat(s.stats().liveMatches()).isLessThanOrEqualTo(520);
            assertThat(s.stats().liveGroups()).isLessThanOrEqualTo(520);
        }
    }

    @Test
    void generate_falseHidesTheReferencedRulesDetections_trueShowsThem() {
        Sink sink = run(event("gen", 0), event("nogen", 0));
        assertThat(sink.all).filteredOn(a -> a instanceof Detection).extracting(a -> a.metadata().id())
                .containsExactly("id-gen");
        assertThat(detector.reports(detector.rules().stream().filter(r -> "nogen".equals(r.name())).findFirst()
                .orElseThrow())).isFalse();
    }

    @Test
    void aliases_groupByFieldsNamedDifferentlyPerRule() {
        List<CorrelationAlert> alerts = run(
                event("err", 0, "destination.ip", "10.0.0.1", "source.ip", "192.0.2.7"),
                event("conn", 5, "source.ip", "10.0.0.1", "destination.ip", "192.0.2.7")).correlations("aliased");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).group()).containsExactly(Map.entry("internal_ip", "10.0.0.1"),
                Map.entry("remote_ip", "192.0.2.7"));
        assertThat(run(event("err", 0, "destination.ip", "10.0.0.1", "source.ip", "192.0.2.7"),
                event("conn", 5, "source.ip", "192.0.2.7", "destination.ip", "10.0.0.1")).correlations("aliased"))
                .isEmpty();
    }

    @Test
    void chaining_manyFailedLoginsThenASuccessfulLogin() {
        Sink sink = run(event("failx", 0, "user", "bob"), event("failx", 10, "user", "bob"),
                event("failx", 20, "user", "bob"), event("loginx", 30, "user", "bob"),
                event("loginx", 40, "user", "eve"));
        List<CorrelationAlert> alerts = sink.correlations("brute_success");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).matches()).extracting(MatchRef::ruleId).containsExactly("id-many_failed", "id-loginx");
        // the inner correlation only feeds the outer one (generate: false): not reported itself
        assertThat(sink.correlations("many_failed")).isEmpty();
    }

    @Test
    void chaining_successBeforeTheFailures_doesNotFire() {
        assertThat(run(event("loginx", 0, "user", "bob"), event("failx", 10, "user", "bob"),
                event("failx", 20, "user", "bob"), event("failx", 30, "user", "bob")).correlations("brute_success"))
                .isEmpty();
    }

    // ---- partitions

    @Test
    void partitions_resultsDoNotDependOnTheirNumber() {
        Random random = new Random(7);
        List<Event> events = new ArrayList<>();
        String[] types = {"fail", "vc", "ta", "tb", "tc", "oa", "ob", "oc", "sum", "eq", "failx", "loginx", "rare"};
        double t = 0;
        for (int i = 0; i < 3000; i++) {
            t += random.nextInt(20);
            events.add(event(types[random.nextInt(types.length)], t, "user", "u" + random.nextInt(15),
                    "host", "h" + random.nextInt(10), "bytes", random.nextInt(400), "image", "i" + random.nextInt(3)));
        }
        List<String> one = describe(run(o -> o.partitions(1).batchSize(64), events.toArray(Event[]::new)));
        assertThat(one).hasSizeGreaterThan(50);
        for (int n : new int[] {2, 3, 4}) {
            assertThat(describe(run(o -> o.partitions(n).batchSize(64), events.toArray(Event[]::new))))
                    .as("%d partitions", n).isEqualTo(one);
        }
    }

    private static List<String> describe(Sink sink) {
        List<String> out = new ArrayList<>();
        for (CorrelationAlert a : sink.correlations()) {
            out.add(a.rule().name() + " " + a.group() + " " + a.window() + " " + a.value() + " " + a.matches());
        }
        return out;
    }

    // ---- problems

    @Test
    void problems_unknownReferenceCycleAndImpossibleCondition_othersStillRun() {
        Detector d = Detector.builder().addRule(rule("x"))
                .addCorrelation(corr("unknown", CorrelationType.EVENT_COUNT, FIVE_MIN, "nope")
                        .condition(CorrelationCondition.atLeast(1)).build())
                .addCorrelation(corr("c1", CorrelationType.EVENT_COUNT, FIVE_MIN, "c2")
                        .condition(CorrelationCondition.atLeast(1)).build())
                .addCorrelation(corr("c2", CorrelationType.EVENT_COUNT, FIVE_MIN, "c1")
                        .condition(CorrelationCondition.atLeast(1)).build())
                .addCorrelation(corr("ord", CorrelationType.TEMPORAL_ORDERED, FIVE_MIN, "x", "c1")
                        .condition(CorrelationCondition.atLeast(1)).build())
                .addCorrelation(corr("good", CorrelationType.EVENT_COUNT, FIVE_MIN, "x")
                        .condition(CorrelationCondition.atLeast(1)).build())
                .build();
        assertThat(d.problems()).extracting(p -> p.message()).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).contains("'nope'"),
                m -> assertThat(m).contains("cycle"),
                m -> assertThat(m).contains("cycle"),
                m -> assertThat(m).contains("fewer than all"));
        assertThat(d.correlations()).extracting(CorrelationRule::name).containsExactly("good");
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
