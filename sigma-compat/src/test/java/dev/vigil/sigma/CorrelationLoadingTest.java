package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Correlation documents (Sigma correlation rules specification 2.1): parsing, references, errors with positions. */
class CorrelationLoadingTest {

    static final SigmaLoader LOADER = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();

    static final String BASE = """
            title: failed
            name: failed_login
            id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4625}
                condition: selection
            ---
            title: success
            name: successful_login
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4624}
                condition: selection
            """;

    static LoadResult load(String yaml) {
        return LOADER.loadString(BASE + "---\n" + yaml, "test.yml");
    }

    static CorrelationRule only(String yaml) {
        LoadResult r = load(yaml);
        assertThat(r.errors()).isEmpty();
        assertThat(r.correlations()).hasSize(1);
        return r.correlations().get(0);
    }

    static Problem rejected(String yaml) {
        LoadResult r = load(yaml);
        assertThat(r.correlations()).isEmpty();
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    @DisplayName("correlation spec § Correlation section: every attribute is read")
    void allAttributes_read() {
        CorrelationRule c = only("""
                title: Many failed logins
                id: 0e95725d-7320-415d-80f7-004da920fc11
                name: many_failed
                status: test
                level: high
                tags: [attack.credential_access]
                falsepositives: [admins]
                generate: true
                correlation:
                    type: value_count
                    rules: [failed_login, 4d0a2c83-missing-is-fine-no]
                    group-by: [ComputerName, WorkstationName]
                    timespan: 90m
                    condition:
                        field: TargetUserName
                        gt: 100
                        lte: 200
                """.replace(", 4d0a2c83-missing-is-fine-no", ", successful_login"));
        assertThat(c.type()).isEqualTo(CorrelationType.VALUE_COUNT);
        assertThat(c.id()).isEqualTo("0e95725d-7320-415d-80f7-004da920fc11");
        assertThat(c.name()).isEqualTo("many_failed");
        assertThat(c.rules()).containsExactly("failed_login", "successful_login");
        assertThat(c.groupBy()).containsExactly("ComputerName", "WorkstationName");
        assertThat(c.timespan()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.condition()).isEqualTo(CorrelationCondition.of(Map.of(CorrelationCondition.Op.GT, 100,
                CorrelationCondition.Op.LTE, 200)));
        assertThat(c.valueFields()).extracting(f -> f.name()).containsExactly("TargetUserName");
        assertThat(c.generate()).isTrue();
        assertThat(c.level().label()).isEqualTo("high");
        assertThat(c.metadata().tags()).containsExactly("attack.credential_access");
        assertThat(c.source().file()).isEqualTo("test.yml");
        assertThat(c.source().line()).isEqualTo(16);
    }

    @Test
    @DisplayName("correlation spec § Time Selection: s, m, h, d, and w, M, y")
    void timespanUnits() {
        for (var e : Map.of("30s", Duration.ofSeconds(30), "5m", Duration.ofMinutes(5), "2h", Duration.ofHours(2),
                "1d", Duration.ofDays(1), "1w", Duration.ofDays(7), "1M", Duration.ofDays(30), "1y",
                Duration.ofDays(365)).entrySet()) {
            assertThat(only(corr("event_count", "timespan: " + e.getKey(), "condition: {gte: 2}")).timespan())
                    .isEqualTo(e.getValue());
        }
    }

    static String corr(String type, String... lines) {
        StringBuilder sb = new StringBuilder("title: c\ncorrelation:\n    type: " + type
                + "\n    rules: [failed_login]\n");
        for (String l : lines) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }

    @Test
    @DisplayName("correlation spec § Grouping: group-by absent means one group (decision: optional)")
    void groupBy_optional() {
        assertThat(only(corr("event_count", "timespan: 1h", "condition: {gte: 2}")).groupBy()).isEmpty();
    }

    @Test
    @DisplayName("correlation spec § Correlation type: the schema's types and value_median are accepted (decision)")
    void allTypes_accepted() {
        assertThat(only(corr("temporal", "timespan: 1h")).type()).isEqualTo(CorrelationType.TEMPORAL);
        assertThat(only(corr("temporal_ordered", "timespan: 1h")).condition()).isNull();
        for (String t : List.of("value_sum", "value_avg", "value_median", "value_percentile")) {
            assertThat(only(corr(t, "timespan: 1h", "condition: {field: bytes, gt: 5}")).type().label()).isEqualTo(t);
        }
        CorrelationRule p = only(corr("value_percentile", "timespan: 1h", "condition: {field: bytes, percentile: 95, gt: 5}"));
        assertThat(p.percentile()).isEqualTo(95.0);
    }

    @Test
    @DisplayName("correlation spec § Aliases: per-rule field names for a group-by alias")
    void aliases_read() {
        CorrelationRule c = only("""
                title: c
                correlation:
                    type: temporal
                    rules: [failed_login, successful_login]
                    group-by: [ip]
                    timespan: 10s
                    aliases:
                        ip:
                            failed_login: IpAddress
                            successful_login: SourceAddress
                """);
        assertThat(c.groupField("ip", "failed_login", null, "failed_login").name()).isEqualTo("IpAddress");
        assertThat(c.groupField("ip", "successful_login", null, "successful_login").name()).isEqualTo("SourceAddress");
    }

    @Test
    @DisplayName("correlation spec § Related rules: by id or by name; chaining over correlations")
    void references_byIdNameAndChained() {
        LoadResult r = load("""
                title: inner
                name: many_failed
                correlation:
                    type: event_count
                    rules: [53ba33fd-3a50-4468-a5ef-c583635cfa92]
                    group-by: [User]
                    timespan: 10m
                    condition: {gte: 10}
                ---
                title: outer
                correlation:
                    type: temporal_ordered
                    rules: [many_failed, successful_login]
                    group-by: [User]
                    timespan: 10m
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.correlations()).extracting(CorrelationRule::title).containsExactly("inner", "outer");
        assertThat(r.documents()).isEqualTo(4);
        assertThat(r.loaded()).isEqualTo(4);
    }

    @Test
    @DisplayName("an unknown reference is rejected at the position of the list item; the other correlations load")
    void unknownReference_rejectedAtItem_othersLoad() {
        LoadResult r = load("""
                title: bad
                correlation:
                    type: temporal
                    rules:
                        - failed_login
                        - no_such_rule
                    timespan: 10m
                ---
                title: good
                correlation:
                    type: temporal
                    rules: [failed_login, successful_login]
                    timespan: 10m
                """);
        assertThat(r.correlations()).extracting(CorrelationRule::title).containsExactly("good");
        Problem p = r.errors().get(0);
        assertThat(p.message()).contains("'no_such_rule'");
        assertThat(p.where().line()).isEqualTo(21);
        assertThat(p.where().column()).isEqualTo(11);
        assertThat(p.where().field()).isEqualTo("correlation.rules");
    }

    @Test
    void cycleOfCorrelations_rejectedNamingTheCycle() {
        LoadResult r = load("""
                title: a
                name: corr_a
                correlation: {type: temporal, rules: [corr_b, failed_login], timespan: 1h}
                ---
                title: b
                name: corr_b
                correlation: {type: temporal, rules: [corr_a], timespan: 1h}
                ---
                title: over the cycle
                correlation: {type: temporal, rules: [corr_a, failed_login], timespan: 1h}
                ---
                title: fine
                correlation: {type: temporal, rules: [failed_login, successful_login], timespan: 1h}
                """);
        assertThat(r.correlations()).extracting(CorrelationRule::title).containsExactly("fine");
        assertThat(r.errors()).extracting(Problem::message).containsExactly(
                "the correlation is part of a cycle: corr_a -> corr_b -> corr_a",
                "the correlation is part of a cycle: corr_b -> corr_a -> corr_b",
                "the correlation refers to 'corr_a', which was not loaded (see its own problem)");
        assertThat(r.errors().get(0).where().field()).isEqualTo("correlation.rules");
    }

    @Test
    void referenceToARejectedRule_saysSo() {
        LoadResult r = LOADER.loadString("""
                title: broken
                name: broken_rule
                logsource: {product: windows}
                detection:
                    condition: nothing
                ---
                title: c
                correlation:
                    type: event_count
                    rules: [broken_rule]
                    timespan: 10m
                    condition: {gte: 2}
                """, "t.yml");
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(1).message()).contains("'broken_rule'").contains("not loaded");
    }

    @Test
    void errors_namePositionAndField() {
        Problem p = rejected(corr("event_counter", "timespan: 1h", "condition: {gte: 2}"));
        assertThat(p.message()).contains("unknown correlation type 'event_counter'");
        assertThat(p.where().field()).isEqualTo("correlation.type");
        assertThat(p.where().line()).isEqualTo(18);

        p = rejected(corr("event_count", "timespan: 1 hour", "condition: {gte: 2}"));
        assertThat(p.message()).contains("timespan");
        assertThat(p.where().field()).isEqualTo("correlation.timespan");

        p = rejected(corr("event_count", "timespan: 1h"));
        assertThat(p.message()).contains("needs a condition");

        p = rejected(corr("event_count", "timespan: 1h", "condition: {more: 2}"));
        assertThat(p.message()).contains("unknown condition operator 'more'");
        assertThat(p.where().field()).isEqualTo("correlation.condition.more");

        p = rejected(corr("event_count", "timespan: 1h", "condition: {gte: many}"));
        assertThat(p.message()).contains("number");

        p = rejected(corr("value_count", "timespan: 1h", "condition: {gte: 2}"));
        assertThat(p.message()).contains("needs the field");

        p = rejected(corr("value_sum", "timespan: 1h", "condition: {field: [a, b], gte: 2}"));
        assertThat(p.message()).contains("one field");

        p = rejected(corr("event_count", "condition: {gte: 2}"));
        assertThat(p.message()).contains("no timespan");

        p = rejected("correlation:\n    type: temporal\n    rules: [failed_login]\n    timespan: 1h\n");
        assertThat(p.message()).contains("no title");

        p = rejected("title: c\ncorrelation:\n    type: temporal\n    rules: [failed_login, failed_login]\n    timespan: 1h\n");
        assertThat(p.message()).contains("named twice");

        p = rejected("title: c\ngenerate: maybe\ncorrelation:\n    type: temporal\n    rules: [failed_login]\n    timespan: 1h\n");
        assertThat(p.where().field()).isEqualTo("generate");
    }

    @Test
    void temporalConditions_countRules() {
        Problem p = rejected("title: c\ncorrelation:\n    type: temporal_ordered\n    rules: [failed_login, successful_login]"
                + "\n    timespan: 1h\n    condition: {gte: 1}\n");
        assertThat(p.message()).contains("needs all of its 2 rules");
        assertThat(p.where().field()).isEqualTo("correlation.condition");
        p = rejected("title: c\ncorrelation:\n    type: temporal\n    rules: [failed_login, successful_login]"
                + "\n    timespan: 1h\n    condition: {gt: 2}\n");
        assertThat(p.message()).contains("no number of the 2 rules");
        assertThat(only("title: c\ncorrelation:\n    type: temporal\n    rules: [failed_login, successful_login]"
                + "\n    timespan: 1h\n    condition: {gte: 1}\n").condition()).isNotNull();
    }

    @Test
    void unknownAttributes_warned() {
        LoadResult r = load(corr("event_count", "timespan: 1h", "condition: {gte: 2}", "groupby: [x]"));
        assertThat(r.correlations()).hasSize(1);
        assertThat(r.problems()).filteredOn(p -> !p.isError()).extracting(Problem::message)
                .anyMatch(m -> m.contains("'groupby'"));
    }
}
