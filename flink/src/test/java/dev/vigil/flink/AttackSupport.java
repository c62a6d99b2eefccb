package dev.vigil.flink;

import dev.vigil.core.event.Event;
import dev.vigil.sigma.SigmaText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/** Helpers for the attack tests: small rule sets, events, routed matches and operator harnesses. */
final class AttackSupport {

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    /** A rule named {@code fail} matching events of type {@code fail}, to correlate over. */
    static final String FAIL_RULE = """
            title: rule fail
            name: fail
            logsource: {product: test}
            detection:
              selection: {type: fail}
              condition: selection
            """;

    private AttackSupport() {
    }

    static RuleSet rules(String version, String yaml) {
        return RuleSet.of(version, List.of(new SigmaText(version + ".yml", yaml)));
    }

    /** An event of {@code type} for {@code host} and {@code user}, {@code seconds} after T0. */
    static Event event(String type, String host, String user, long seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product", "test");
        m.put("type", type);
        m.put("host", host);
        m.put("user", user);
        m.put("@timestamp", T0.plusSeconds(seconds).toString());
        return Event.of(m);
    }

    /** The routed matches the matching operator makes of {@code events} under {@code rules}, in order. */
    static List<RoutedMatch> routed(RuleSet rules, List<Event> events) {
        return routed(rules, rules, events);
    }

    /** The routed matches of {@code events} matched by {@code update} in a job that started with {@code initial}. */
    static List<RoutedMatch> routed(RuleSet initial, RuleSet update, List<Event> events) {
        CompiledRules compiled = CompiledRules.compile(update);
        CompiledRules correlating = initial == update ? compiled : CompiledRules.compile(initial);
        List<RoutedMatch> out = new ArrayList<>();
        Collector<AlertRecord> ignore = new Collector<>() {
            @Override
            public void collect(AlertRecord record) {
            }

            @Override
            public void close() {
            }
        };
        for (Event e : events) {
            MatchFunction.match(compiled, correlating, e, ignore, out::add);
        }
        return out;
    }

    static VigilFlink.Settings settings(Duration lateness, int maxGroups, int maxMatchesPerGroup) {
        return new VigilFlink.Settings(lateness, Duration.ZERO, maxGroups, maxMatchesPerGroup);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> harness(RuleSet rules,
            VigilFlink.Settings settings) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new CorrelationOperator(rules, settings, 0),
                RoutedMatch::group, Types.STRING);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, RoutedMatch, AlertRecord> harness(RuleSet rules,
            VigilFlink.Settings settings, int maxParallelism, int parallelism, int subtask) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new CorrelationOperator(rules, settings, 0),
                RoutedMatch::group, Types.STRING, maxParallelism, parallelism, subtask);
    }

    /** A watermark output that adds each watermark's time to {@code marks}. */
    static WatermarkOutput collecting(List<Long> marks) {
        return new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                marks.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
            }

            @Override
            public void markActive() {
            }
        };
    }

    static long millis(RoutedMatch m) {
        return m.event().timestamp().toEpochMilli();
    }

    static List<String> correlationIds(List<AlertRecord> alerts) {
        return alerts.stream().filter(a -> "correlation".equals(a.kind)).map(a -> a.id).toList();
    }
}
