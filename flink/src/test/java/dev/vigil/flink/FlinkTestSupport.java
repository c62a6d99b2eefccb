package dev.vigil.flink;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.sigma.LoadResult;
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

    /** What {@code vigil hunt} reports for {@code events}: a session on event time, unbounded lateness, finished. */
    static List<Alert> embedded(RuleSet rules, List<Event> events) {
        LoadResult loaded = rules.load();
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        List<Alert> out = new ArrayList<>();
        try (DetectorSession session = detector.newSession().onAlert(out::add).open()) {
            events.forEach(session::accept);
            session.finish();
        }
        return out;
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
