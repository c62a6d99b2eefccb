package dev.vigil.flink;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.sigma.LoadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

/** A MiniCluster with Kryo turned off, and the embedded engine's answers to compare with. */
final class FlinkTestSupport {

    private FlinkTestSupport() {
    }

    /** One task manager, two slots: enough for parallelism 2. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());
    }

    /** An environment that fails the job if any type would go through Kryo ({@code pipeline.generic-types: false}). */
    static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    static List<AlertRecord> collect(DataStream<AlertRecord> stream) throws Exception {
        List<AlertRecord> out = new ArrayList<>();
        try (CloseableIterator<AlertRecord> it = stream.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** What {@code vigil hunt} reports for {@code events}: a session on event time, unbounded lateness, finished, batches of 256. */
    static List<Alert> embedded(RuleSet rules, List<Event> events) {
        return embedded(rules, events, 256);
    }

    /**
     * The same, correlating every {@code batch} events: a chained alert joins the matches of the correlation
     * it feeds after its batch's ({@link Integer#MAX_VALUE}: after all, as a job without watermarks, whose
     * later stages take their inputs at the end of the input).
     */
    static List<Alert> embedded(RuleSet rules, List<Event> events, int batch) {
        LoadResult loaded = rules.load();
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        List<Alert> out = new ArrayList<>();
        try (DetectorSession session = detector.newSession().batchSize(batch).onAlert(out::add).open()) {
            events.forEach(session::accept);
            session.finish();
        }
        return out;
    }

    /** The embedded session's alerts (detections included) and the ids of the matches it called late. */
    record Reference(List<Alert> alerts, Set<String> late) {
    }

    /**
     * The embedded detector on a clock that is the watermark a job with a watermark after every event has
     * (the latest time less {@code bound}): each match is taken at the watermark it comes after, and the
     * matches since the last advance of the watermark are correlated, with the chained alerts they raise,
     * when it advances, as every correlation stage of the job takes them.
     */
    static Reference onWatermarks(RuleSet rules, List<Event> events, long bound, Duration lateness) {
        LoadResult loaded = rules.load();
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        List<Alert> alerts = new ArrayList<>();
        Set<String> late = new HashSet<>();
        CorrelationOperator.WatermarkClock clock = new CorrelationOperator.WatermarkClock();
        try (DetectorSession session = detector.newSession().clock(clock).allowedLateness(lateness)
                .maxFutureSkew(Duration.ofDays(365L * 20_000)).batchSize(Integer.MAX_VALUE)
                .onAlert(alerts::add).onLate(d -> late.add(d.id())).open()) {
            long watermark = Long.MIN_VALUE;
            for (Event e : events) {
                session.accept(e);
                long next = e.timestamp().toEpochMilli() - bound;
                if (next > watermark) {
                    watermark = next;
                    clock.set(watermark);
                    session.tick();
                }
            }
            clock.set(Long.MAX_VALUE);
            session.finish();
        }
        return new Reference(alerts, late);
    }

    static Set<String> ids(List<? extends Alert> alerts) {
        Set<String> ids = new HashSet<>();
        alerts.forEach(a -> ids.add(a.id()));
        return ids;
    }

    static Set<String> recordIds(List<AlertRecord> alerts) {
        Set<String> ids = new HashSet<>();
        alerts.forEach(a -> ids.add(a.id));
        return ids;
    }
}
