package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpointed job that fails half-way, after a checkpoint, and restarts from it: at the file sink
 * (transactional: files are committed with checkpoints) every alert of the embedded detector is there
 * exactly once, correlation alerts whose matches span the failure included, so the correlation state
 * came back from the checkpoint, in every stage (the rules chain correlations two deep).
 */
class ExactlyOnceTest {

    @RegisterExtension
    static final MiniClusterExtension MINI = FlinkTestSupport.miniCluster();

    /** Shared with the operators: the MiniCluster runs them in this JVM. */
    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @Test
    void failureAfterACheckpoint_restartFromIt_everyAlertExactlyOnceAtTheSink(@TempDir Path out) throws Exception {
        List<Event> events = CorrelationEquivalenceTest.stream(3, 3000);
        // the source's watermarks are 30 s behind, after every event
        List<Alert> expected = FlinkTestSupport.onWatermarks(CorrelationEquivalenceTest.RULES, events, 30_000,
                Duration.ofMinutes(10)).alerts();

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
        StreamExecutionEnvironment env = FlinkTestSupport.env(2);
        env.configure(conf);
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);

        // watermarks 30 s behind, and a lateness that the stream's disorder stays within: windows are decided
        // while the job runs, so the restore must bring back decided windows as well as open ones
        DataStream<Event> source = env.fromData(events, VigilTypes.event()).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forGenerator(
                        c -> new CorrelationEquivalenceTest.EveryEvent(30_000))
                        .withTimestampAssigner((e, ts) -> e.timestamp().toEpochMilli())).setParallelism(1)
                .map(new FailOnceAfterACheckpoint(events.size() / 2)).returns(VigilTypes.event()).setParallelism(1);
        VigilFlink.builder(CorrelationEquivalenceTest.RULES).allowedLateness(Duration.ofMinutes(10)).apply(source).alerts()
                .map(a -> a.id).returns(String.class)
                .sinkTo(FileSink.forRowFormat(new org.apache.flink.core.fs.Path(out.toUri()),
                        new SimpleStringEncoder<String>()).build());
        env.execute("exactly-once");

        List<String> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                written.addAll(Files.readAllLines(f));
            }
        }
        assertThat(FAILED).as("the injected failure happened").isTrue();
        assertThat(expected).as("alerts of a chain re-keyed across two stages")
                .anyMatch(a -> a.metadata().key().equals("10000000-0000-4000-8000-000000000014"));
        assertThat(written).as("no alert twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(written)).isEqualTo(FlinkTestSupport.ids(expected));
    }

    /**
     * Passes events on, one a millisecond (so that checkpoints complete while they flow), and throws once,
     * at the first event from {@code at} on after a checkpoint has completed.
     */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<Event, Event> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final int at;
        private int seen;

        FailOnceAfterACheckpoint(int at) {
            this.at = at;
        }

        @Override
        public Event map(Event e) throws Exception {
            Thread.sleep(1);
            if (++seen >= at && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at event " + seen);
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
