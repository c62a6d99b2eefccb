package dev.vigil.benchmarks;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.flink.RuleSet;
import dev.vigil.flink.VigilFlink;
import dev.vigil.flink.VigilTypes;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import dev.vigil.sigma.SigmaText;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.time.Duration;
import java.time.Instant;
import dev.vigil.flink.AlertRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Events per second of a Vigil job on Flink (a local MiniCluster) at parallelism 1 and 2, beside the
 * embedded detector in the same run, and the checkpointed correlation state per group.
 *
 * <p>Workload: the 3,132 SigmaHQ rules of {@code ../shared/bench} plus one correlation that every event
 * feeds ({@code event_count} of process creations per user and computer, which never fires), over the
 * structured_windows lane repeated to {@code events} events (each copy with its own line). A job's
 * time includes starting the MiniCluster and compiling the rules on every instance, so the rate is taken
 * from the first event made to the last alert seen (after a warm-up job of a tenth the size), and the
 * whole job's time is given beside it. Events are a millisecond apart in event time, watermarks follow
 * them, the allowed lateness is a minute (the embedded session's too). The embedded detector is timed
 * over twice {@code events}, after a warm-up round over {@code events}.
 *
 * <pre>{@code
 * ./mvnw -q -DskipTests package
 * java -Xmx4g -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/flink-classpath.txt)" \
 *      dev.vigil.benchmarks.FlinkJobBenchmark events=200000
 * }</pre>
 */
public final class FlinkJobBenchmark {

    private static final String CORRELATION = """
            title: every process creation
            id: 30000000-0000-4000-8000-000000000001
            name: bench_process
            logsource: {category: process_creation, product: windows}
            detection:
              selection: {EventID: 1}
              condition: selection
            level: informational
            ---
            title: many process creations by one user on one computer
            id: 30000000-0000-4000-8000-000000000002
            correlation:
              type: event_count
              rules: [bench_process]
              group-by: [User, Computer]
              timespan: 1m
              condition: {gte: 100000000}
            level: low
            """;

    /** Event time of the first event; the i-th is i milliseconds later. */
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    /** When the job's first event was made and its last alert seen (the job runs in this JVM). */
    static final AtomicLong FIRST_EVENT = new AtomicLong();
    static final AtomicLong LAST_ALERT = new AtomicLong();

    private FlinkJobBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 200_000;
        for (String a : args) {
            if (a.startsWith("events=")) {
                n = Integer.parseInt(a.substring(7));
            }
        }
        LoadResult sigma = SigmaLoader.builder().build().load(List.of(BenchData.rulesDir()));
        List<SigmaText> docs = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(BenchData.rulesDir())) {
            for (var f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                docs.add(new SigmaText(f.toString(), java.nio.file.Files.readString(f)));
            }
        }
        docs.add(new SigmaText("bench-correlation.yml", CORRELATION));
        RuleSet rules = RuleSet.of("bench", docs);
        System.out.printf("rules: %d SigmaHQ documents + 1 correlation; events: %d%n", docs.size() - 1, n);

        List<Event> lane = laneEvents();
        embedded(rules, lane, n);
        double embedded = embedded(rules, lane, 2 * n);
        System.out.printf("embedded detector, one session, one thread: %,.0f events/s%n", embedded);
        for (int p : new int[] {1, 2}) {
            job(rules, n / 10, p);   // warms up the JVM for this shape of job
            double whole = job(rules, n, p);
            double processing = (LAST_ALERT.get() - FIRST_EVENT.get()) / 1e9;
            System.out.printf("flink parallelism %d: %,.0f events/s from the first event to the last alert (%.1f s);"
                    + " whole job %,.0f events/s (%.1f s with start-up and rule compiling)%n",
                    p, n / processing, processing, n / whole, whole);
        }
        stateSize(lane.get(0));
        System.out.printf("(loaded %d rules in the embedded check)%n", sigma.rules().size());
    }

    static List<Event> laneEvents() {
        List<Event> events = new ArrayList<>();
        try (EventReader r = EventReader.builder().open(new ByteArrayInputStream(BenchData.lane("structured_windows")),
                "structured_windows")) {
            r.forEach(events::add);
        }
        return events;
    }

    /** The i-th event of the repeated lane: the lane's event {@code i mod size}, at line {@code i + 1}. */
    static Event nth(List<Event> lane, long i) {
        Event e = lane.get((int) (i % lane.size()));
        return Event.of(e.fields(), SourcePosition.of("structured_windows", (int) (i + 1)), T0.plusMillis(i));
    }

    static double embedded(RuleSet rules, List<Event> lane, int n) {
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(), rules.documents());
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        LongAdder alerts = new LongAdder();
        long start = System.nanoTime();
        try (DetectorSession s = detector.newSession().allowedLateness(Duration.ofMinutes(1))
                .onAlert((Alert a) -> alerts.increment()).open()) {
            for (long i = 0; i < n; i++) {
                s.accept(nth(lane, i));
            }
            s.finish();
            double rate = n / ((System.nanoTime() - start) / 1e9);
            System.out.printf("  embedded over %d events: %d alerts, %d matches correlated%n", n, alerts.sum(),
                    s.stats().matches());
            return rate;
        }
    }

    /** Seconds for a job over {@code n} events at parallelism {@code p}, start to end. */
    static double job(RuleSet rules, int n, int p) throws Exception {
        FIRST_EVENT.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p);
        DataStream<Event> events = env.fromSequence(0, n - 1).map(new LaneMap()).returns(VigilTypes.event())
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forMonotonousTimestamps()
                        .withTimestampAssigner((e, t) -> e.timestamp().toEpochMilli()));
        VigilFlink.detect(events, rules).map(a -> {
            LAST_ALERT.set(System.nanoTime());
            return a;
        }).returns(AlertRecord.class).sinkTo(new DiscardingSink<>());
        long start = System.nanoTime();
        env.execute("vigil-bench-" + n + "-p" + p);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Turns a sequence number into the repeated lane's event; the lane is read on each instance. */
    static final class LaneMap extends RichMapFunction<Long, Event> {
        private static final long serialVersionUID = 1L;
        private transient List<Event> lane;

        @Override
        public void open(OpenContext context) {
            lane = laneEvents();
        }

        @Override
        public Event map(Long i) {
            FIRST_EVENT.compareAndSet(0, System.nanoTime());
            return nth(lane, i);
        }
    }

    /**
     * The checkpointed bytes of one group holding one match, from the serializers the job uses: the
     * routed match (correlation key, group key, rule key, the event, arrival watermark and number), the
     * group's last match time, its expiry timer, and the key with each.
     */
    static void stateSize(Event event) throws Exception {
        TypeSerializer<Event> events = VigilTypes.event().createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        events.serialize(event, out);
        int eventBytes = out.length();
        String group = DetectorSessionKey.of(String.valueOf(event.fields().get("User")),
                String.valueOf(event.fields().get("Computer")));
        int keyBytes = group.getBytes(StandardCharsets.UTF_8).length + 2;
        int corrKey = "30000000-0000-4000-8000-000000000002".length() + 4;
        int ruleKey = "30000000-0000-4000-8000-000000000001".length() + 4;
        int routed = corrKey + (keyBytes + 2) + ruleKey + eventBytes + 16;
        int perGroup = (keyBytes + routed + 4) + (keyBytes + 9) + (keyBytes + 8);
        System.out.printf("state per group with one match: %,d bytes (event %,d, key %,d); per million groups: %,.0f MiB;"
                + " each further match of a group adds %,d bytes%n", perGroup, eventBytes, keyBytes,
                perGroup * 1e6 / (1 << 20), routed);
    }

    /** The group key as the correlator forms it for two values (each prefixed with its length). */
    static final class DetectorSessionKey {
        static String of(String... values) {
            StringBuilder sb = new StringBuilder();
            for (String v : values) {
                sb.append(v.length()).append(':').append(v);
            }
            return sb.toString();
        }
    }

    static {
        // Flink's own logging at INFO would drown the figures
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.flink", "warn");
    }
}
