package dev.vigil.benchmarks;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One group fed {@value #MATCHES} matches (one a second, 1-hour timespan) oldest-first or newest-first
 * (as Windows exports its logs), in matches per second. event_count fires every 5 matches; value_count
 * sees one user only and never fires, so its group keeps every match: the case where a late match
 * would rescan its group. The two orders should run at the same speed.
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar CorrelationOrderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class CorrelationOrderBenchmark {

    static final int MATCHES = 20_000;

    @Param({"event_count", "value_count"})
    public String type;

    @Param({"oldest-first", "newest-first"})
    public String order;

    private Detector detector;
    private List<Detection> matches;

    @Setup(Level.Trial)
    public void setUp() {
        detector = CorrelationWorkload.detector(type, Duration.ofHours(1), 5);
        matches = new ArrayList<>(MATCHES);
        for (int i = 0; i < MATCHES; i++) {
            Event e = Event.of(Map.of("type", "a", "host", "dc01", "user", "svc",
                    "@timestamp", CorrelationWorkload.T0.toEpochMilli() + i * 1000L),
                    SourcePosition.of("order.jsonl", i + 1), EventTime.defaults());
            matches.add(new Detection(CorrelationWorkload.RULES.get(0), e));
        }
        if (order.equals("newest-first")) {
            Collections.reverse(matches);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MATCHES)
    public void correlate(Blackhole bh) {
        try (DetectorSession session = detector.newSession().onAlert(bh::consume).open()) {
            for (Detection d : matches) {
                session.acceptMatch(d);
            }
            session.finish();
            bh.consume(session.stats());
        }
    }
}
