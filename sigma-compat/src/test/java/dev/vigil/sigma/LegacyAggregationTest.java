package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.correlation.CorrelationCondition.Op;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Sigma 1 aggregation syntax ({@code | count() by X > N}, {@code | near}) translated into correlations. */
class LegacyAggregationTest {

    static final SigmaLoader LOADER = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();

    static LoadResult load(String detection) {
        return LOADER.loadString("""
                title: Legacy
                id: 11111111-2222-3333-4444-555555555555
                level: high
                tags: [attack.t1110]
                logsource: {product: windows, service: security}
                detection:
                """ + detection.indent(4), "legacy.yml");
    }

    static CorrelationRule translated(String detection) {
        LoadResult r = load(detection);
        assertThat(r.errors()).isEmpty();
        assertThat(r.correlations()).hasSize(1);
        assertThat(r.documents()).isEqualTo(1);
        assertThat(r.loaded()).isEqualTo(1);
        return r.correlations().get(0);
    }

    static Problem rejected(String detection) {
        LoadResult r = load(detection);
        assertThat(r.correlations()).isEmpty();
        assertThat(r.rules()).isEmpty();
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    @DisplayName("count() by X > N becomes event_count grouped by X, with the rule's metadata")
    void countBy_eventCount() {
        LoadResult r = load("""
                selection: {EventID: 4625}
                filter: {TargetUserName: 'svc'}
                timeframe: 10m
                condition: selection and not filter | count() by IpAddress > 10
                """);
        CorrelationRule c = r.correlations().get(0);
        assertThat(c.type()).isEqualTo(CorrelationType.EVENT_COUNT);
        assertThat(c.id()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(c.title()).isEqualTo("Legacy");
        assertThat(c.level().label()).isEqualTo("high");
        assertThat(c.metadata().tags()).containsExactly("attack.t1110");
        assertThat(c.groupBy()).containsExactly("IpAddress");
        assertThat(c.timespan()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.condition()).isEqualTo(CorrelationCondition.of(Op.GT, 10));
        assertThat(c.generate()).isFalse();
        assertThat(r.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isNull();
            assertThat(c.rules()).containsExactly(rule.name());
            assertThat(rule.title()).isEqualTo("Legacy [selection and not filter]");
        });
    }

    @Test
    @DisplayName("count(Y) by X becomes value_count of Y; sum(Y) value_sum; avg(Y) value_avg; every operator")
    void otherFunctions() {
        CorrelationRule c = translated("selection: {EventID: 4625}\ntimeframe: 1h\ncondition: selection | count(TargetUserName) by IpAddress >= 3");
        assertThat(c.type()).isEqualTo(CorrelationType.VALUE_COUNT);
        assertThat(c.valueFields()).extracting(f -> f.name()).containsExactly("TargetUserName");
        assertThat(c.condition()).isEqualTo(CorrelationCondition.of(Op.GTE, 3));
        c = translated("selection: {EventID: 1}\ntimeframe: 1h\ncondition: selection | sum(bytes) by src_ip > 300000");
        assertThat(c.type()).isEqualTo(CorrelationType.VALUE_SUM);
        c = translated("selection: {EventID: 1}\ntimeframe: 1h\ncondition: selection | avg(bytes) by src_ip < 10");
        assertThat(c.type()).isEqualTo(CorrelationType.VALUE_AVG);
        assertThat(c.condition()).isEqualTo(CorrelationCondition.of(Op.LT, 10));
        assertThat(translated("s: {EventID: 1}\ntimeframe: 1h\ncondition: s | count() <= 2").condition())
                .isEqualTo(CorrelationCondition.of(Op.LTE, 2));
        assertThat(translated("s: {EventID: 1}\ntimeframe: 1h\ncondition: s | count() = 2").condition())
                .isEqualTo(CorrelationCondition.of(Op.EQ, 2));
        assertThat(translated("s: {EventID: 1}\ntimeframe: 1h\ncondition: s | count() != 2").condition())
                .isEqualTo(CorrelationCondition.of(Op.NEQ, 2));
        assertThat(translated("s: {EventID: 1}\ntimeframe: 1h\ncondition: s | count() > 5").groupBy()).isEmpty();
    }

    @Test
    @DisplayName("without timeframe: 24h, with a warning naming the field")
    void noTimeframe_defaultWithWarning() {
        LoadResult r = load("s: {EventID: 1}\ncondition: s | count() > 5");
        assertThat(r.correlations().get(0).timespan()).isEqualTo(Duration.ofDays(1));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.where().field()).isEqualTo("detection.timeframe");
        });
    }

    @Test
    @DisplayName("a | near b and c becomes temporal over a rule per search")
    void near_temporal() {
        LoadResult r = load("""
                a: {EventID: 1}
                b: {EventID: 2}
                c: {EventID: 3}
                timeframe: 30s
                condition: a | near b and c
                """);
        CorrelationRule corr = r.correlations().get(0);
        assertThat(corr.type()).isEqualTo(CorrelationType.TEMPORAL);
        assertThat(corr.rules()).hasSize(3);
        assertThat(r.rules()).extracting(x -> x.name()).containsExactlyElementsOf(corr.rules());
        assertThat(corr.timespan()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("rejected precisely: near ... and not, min()/max(), write ... to list")
    void noEquivalent_rejectedWithReason() {
        Problem p = rejected("a: {EventID: 1}\nb: {EventID: 2}\nx: {EventID: 3}\ntimeframe: 30s\ncondition: a | near b and not x");
        assertThat(p.message()).contains("absence");
        assertThat(p.where().field()).isEqualTo("detection.condition");
        assertThat(p.where().line()).isEqualTo(11);
        p = rejected("a: {EventID: 1}\ntimeframe: 1m\ncondition: a | max(bytes) by host > 5");
        assertThat(p.message()).contains("max() has no correlation equivalent");
        p = rejected("a: {EventID: 1}\ncondition: write Id from a to list %x%; then if a -> alert");
        assertThat(p.message()).contains("list");
    }

    @Test
    @DisplayName("Sigma 1 collections: action: global merged into the documents that follow")
    void collection_globalMerged() {
        LoadResult r = LOADER.loadString("""
                action: global
                title: Collected
                level: medium
                detection:
                    condition: selection
                ---
                id: 1
                logsource: {product: windows}
                detection:
                    selection: {EventID: 1}
                ---
                id: 2
                logsource: {product: windows}
                detection:
                    selection: {EventID: 2}
                """, "c.yml");
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(x -> x.title() + "/" + x.level().label()).containsExactly("Collected/medium",
                "Collected/medium");
        assertThat(r.documents()).isEqualTo(2);
    }

    @Test
    @DisplayName("the translated rule runs: detections of its search only feed the correlation")
    void translated_runs() {
        LoadResult r = load("s: {EventID: 4625}\ntimeframe: 5m\ncondition: s | count() by IpAddress > 2");
        var detector = dev.vigil.correlation.Detector.builder().addRules(r.rules())
                .addCorrelations(r.correlations()).build();
        List<dev.vigil.core.alert.Alert> out = new java.util.ArrayList<>();
        try (var s = detector.newSession().onAlert(out::add).open()) {
            for (int i = 0; i < 3; i++) {
                s.accept(SigmaTestSupport.event("EventID", 4625, "IpAddress", "198.51.100.9",
                        "@timestamp", "2026-03-02T08:00:0" + i + "Z"));
            }
            s.finish();
        }
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("correlation");
            assertThat(a.metadata().id()).isEqualTo("11111111-2222-3333-4444-555555555555");
        });
    }
}
