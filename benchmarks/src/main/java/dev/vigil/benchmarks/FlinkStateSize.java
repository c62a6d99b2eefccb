package dev.vigil.benchmarks;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.flink.RuleSet;
import dev.vigil.flink.VigilFlink;
import dev.vigil.flink.VigilTypes;
import dev.vigil.sigma.SigmaText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The size of a real checkpoint of Vigil's correlation state: {@code groups} groups of one match each (a
 * logon of a distinct user, an {@code event_count} per user over an hour that is never reached), on the
 * hashmap state backend with full checkpoints to a local folder. After the groups' events the source
 * trickles unmatched events so that the job keeps checkpointing; the figure is the first completed
 * checkpoint after all groups' events whose size the next one confirms.
 *
 * <pre>{@code
 * ./mvnw -q -DskipTests package
 * java -Xmx6g -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/flink-classpath.txt)" \
 *      dev.vigil.benchmarks.FlinkStateSize groups=1000000
 * }</pre>
 */
public final class FlinkStateSize {

    private static final String RULES = """
            title: a logon
            id: 40000000-0000-4000-8000-000000000001
            name: logon
            logsource: {product: test}
            detection:
              selection: {kind: logon}
              condition: selection
            level: informational
            ---
            title: two logons of one user within an hour
            id: 40000000-0000-4000-8000-000000000002
            correlation:
              type: event_count
              rules: [logon]
              group-by: [User]
              timespan: 1h
              condition: {gte: 2}
            level: low
            """;

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final AtomicLong MADE = new AtomicLong();

    private FlinkStateSize() {
    }

    public static void main(String[] args) throws Exception {
        int groups = 1_000_000;
        for (String a : args) {
            if (a.startsWith("groups=")) {
                groups = Integer.parseInt(a.substring(7));
            }
        }
        Path dir = Files.createTempDirectory("vigil-flink-checkpoints");
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(3_000);

        RuleSet rules = RuleSet.of("state", List.of(new SigmaText("state.yml", RULES)));
        int n = groups;
        VigilFlink.builder(rules).allowedLateness(Duration.ofHours(1)).maxGroups(2 * groups)
                .apply(env.fromSequence(0, Long.MAX_VALUE - 1).map(new Logons(n)).returns(VigilTypes.event())
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forMonotonousTimestamps()
                                .withTimestampAssigner((e, t) -> e.timestamp().toEpochMilli())))
                .alerts().sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("vigil-state-size");
        long start = System.nanoTime();
        long previous = -1;
        try {
            while (true) {
                Thread.sleep(1_000);
                if (MADE.get() < groups + 100) {
                    continue;
                }
                long size = latestCheckpointSize(dir);
                if (size > 0 && previous > 0 && Math.abs(size - previous) < previous / 100) {
                    System.out.printf("groups: %,d; checkpoint: %,d bytes, %,.0f bytes per group, %,.0f MiB per million groups"
                            + " (%.0f s)%n", groups, size, (double) size / groups, size * 1e6 / groups / (1 << 20),
                            (System.nanoTime() - start) / 1e9);
                    return;
                }
                previous = size > 0 ? size : previous;
            }
        } finally {
            job.cancel().get();
        }
    }

    /** The size of the newest completed checkpoint (one with its metadata written), or 0. */
    static long latestCheckpointSize(Path dir) throws Exception {
        Path newest = null;
        long newestId = -1;
        try (Stream<Path> s = Files.walk(dir, 2)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("chk-")).toList()) {
                long id = Long.parseLong(p.getFileName().toString().substring(4));
                if (id > newestId && Files.exists(p.resolve("_metadata"))) {
                    newest = p;
                    newestId = id;
                }
            }
        }
        if (newest == null) {
            return 0;
        }
        long size = 0;
        try (Stream<Path> s = Files.walk(newest)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                size += Files.size(f);
            }
        }
        // a full checkpoint of the hashmap backend writes the keyed state under shared/ or the checkpoint itself
        try (Stream<Path> s = Files.walk(newest.getParent().resolve("shared"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                size += Files.size(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no shared state
        }
        return size;
    }

    /** A logon of user {@code i} for the first {@code groups} numbers, then one unmatched event every 50 ms. */
    static final class Logons implements MapFunction<Long, Event> {
        private static final long serialVersionUID = 1L;
        private final int groups;

        Logons(int groups) {
            this.groups = groups;
        }

        @Override
        public Event map(Long i) throws Exception {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("product", "test");
            if (i < groups) {
                m.put("kind", "logon");
                m.put("User", "user-" + i);
            } else {
                Thread.sleep(50);
                m.put("kind", "idle");
            }
            MADE.incrementAndGet();
            return Event.of(m, SourcePosition.of("logons", (int) (i + 1)), T0.plusMillis(i));
        }
    }
}
