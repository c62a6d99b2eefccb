package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Correlation on Flink against the embedded {@code Detector}, alert id for alert id: every correlation
 * type and chains (one with the same group-by; one two deep whose group-bys differ, through an alias, so
 * that alerts are re-keyed between stages) over a random stream of 3,000 events that arrive out of order,
 * once with nothing late and once with matches beyond the allowed lateness, which must go to the late side
 * output.
 */
class CorrelationEquivalenceTest {

    @RegisterExtension
    static final MiniClusterExtension MINI = FlinkTestSupport.miniCluster();

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final RuleSet RULES = RuleSet.read("test-correlations", List.of(Path.of("src/test/resources/correlations")));

    /**
     * {@code n} events over the rules' types, users, hosts, byte counts and images, a few seconds apart;
     * about one in five swapped with one up to five places on, so they arrive out of order.
     */
    static List<Event> stream(long seed, int n) {
        Random random = new Random(seed);
        String[] types = {"fail", "vc", "ta", "tb", "tc", "oa", "ob", "oc", "sum", "failx", "loginx", "rare", "other"};
        List<Map<String, Object>> rows = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(20_000);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("product", "test");
            m.put("type", types[random.nextInt(types.length)]);
            m.put("@timestamp", T0.plusMillis(t).toString());
            m.put("user", "u" + random.nextInt(12));
            m.put("host", "h" + random.nextInt(8));
            m.put("bytes", random.nextInt(500));
            m.put("image", "i" + random.nextInt(random.nextInt(10) == 0 ? 40 : 3));
            rows.add(m);
        }
        for (int i = 0; i + 5 < n; i++) {
            if (random.nextInt(5) == 0) {
                int j = i + 1 + random.nextInt(5);
                Map<String, Object> a = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, a);
            }
        }
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(Event.of(rows.get(i), SourcePosition.of("stream-" + seed, i + 1), EventTime.defaults()));
        }
        return events;
    }

    @Test
    void everyCorrelationType_outOfOrder_sameAlertIdsAsTheEmbeddedDetector() throws Exception {
        assertThat(RULES.problems()).isEmpty();
        List<Event> events = stream(7, 3000);
        // no watermarks before the end: the chained correlations' stages take their inputs at the end
        List<Alert> expected = FlinkTestSupport.embedded(RULES, events, Integer.MAX_VALUE);

        // one source partition, so that each group's matches arrive in the stream's order; correlation at 2
        StreamExecutionEnvironment env = FlinkTestSupport.env(2);
        DataStream<Event> source = env.fromData(events, VigilTypes.event()).setParallelism(1);
        List<AlertRecord> actual = FlinkTestSupport.collect(VigilFlink.builder(RULES).apply(source).alerts());

        Set<String> correlations = expected.stream().filter(a -> a instanceof CorrelationAlert)
                .map(a -> a.metadata().name()).collect(Collectors.toSet());
        assertThat(correlations).as("correlations that fired")
                .contains("count_by_user", "few_by_host", "users_per_host", "temporal_host", "ordered_host",
                        "sum_bytes", "avg_bytes", "median_bytes", "p90_bytes", "rare_image", "brute_success",
                        "host_users_failing", "attack_then_login");
        assertThat(actual.stream().filter(a -> a.kind.equals("correlation"))).hasSizeGreaterThan(100);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(FlinkTestSupport.recordIds(actual)).isEqualTo(FlinkTestSupport.ids(expected));
    }

    @Test
    void lateMatches_goToTheSideOutput_andTheRestEqualTheEmbeddedDetectorOnTheSameWatermarks() throws Exception {
        List<Event> events = new ArrayList<>(stream(11, 2000));
        // every 40th event comes ten minutes after its time: beyond 10 s out of order plus 2 minutes lateness
        for (int i = 40; i + 30 < events.size(); i += 40) {
            events.add(i + 30, events.remove(i));
        }
        long bound = 10_000;
        Duration lateness = Duration.ofMinutes(2);

        // the embedded detector on a clock that is the watermark each match arrives at
        FlinkTestSupport.Reference reference = FlinkTestSupport.onWatermarks(RULES, events, bound, lateness);
        List<Alert> expected = reference.alerts().stream().filter(a -> a instanceof CorrelationAlert).toList();
        Set<String> expectedLate = reference.late();

        // correlation at parallelism 2: chained alerts from both instances of a stage meet in the next one
        StreamExecutionEnvironment env = FlinkTestSupport.env(2);
        DataStream<Event> source = env.fromData(events, VigilTypes.event()).setParallelism(1).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Event>forGenerator(c -> new EveryEvent(bound))
                        .withTimestampAssigner((e, ts) -> e.timestamp().toEpochMilli())).setParallelism(1);
        VigilFlink.Streams out = VigilFlink.builder(RULES).allowedLateness(lateness).apply(source);
        DataStream<AlertRecord> tagged = out.lateMatches().map(a -> {
            a.kind = "late";
            return a;
        }).returns(AlertRecord.class);
        List<AlertRecord> all = FlinkTestSupport.collect(out.alerts().union(tagged));

        Set<String> late = all.stream().filter(a -> a.kind.equals("late")).map(a -> a.id).collect(Collectors.toSet());
        List<AlertRecord> correlated = all.stream().filter(a -> a.kind.equals("correlation")).toList();
        assertThat(expectedLate).hasSizeGreaterThan(5);
        assertThat(late).isEqualTo(expectedLate);
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(correlated).extracting(a -> a.rule).as("chained across stages, re-keyed")
                .contains("10000000-0000-4000-8000-000000000013", "10000000-0000-4000-8000-000000000014");
        assertThat(correlated).hasSameSizeAs(expected);
        assertThat(FlinkTestSupport.recordIds(correlated)).isEqualTo(FlinkTestSupport.ids(expected));
    }

    /** A watermark after every event: the latest time seen less the bound. */
    static final class EveryEvent implements WatermarkGenerator<Event> {
        private final long bound;
        private long max = Long.MIN_VALUE;

        EveryEvent(long bound) {
            this.bound = bound;
        }

        @Override
        public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
            max = Math.max(max, eventTimestamp);
            output.emitWatermark(new Watermark(max - bound));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
