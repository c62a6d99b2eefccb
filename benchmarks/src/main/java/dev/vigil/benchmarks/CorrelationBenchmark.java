package dev.vigil.benchmarks;

import dev.vigil.core.alert.Detection;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * Correlation throughput in matches per second: a stream of {@value #MATCHES} matches (one every
 * 10 ms of event time, over 10,000 group keys, 1-minute timespan) through a fresh
 * {@link DetectorSession}, for event_count, value_count and temporal_ordered, on 1 and 2 partitions.
 * The single-event engine is not involved: the matches are made up front.
 *
 * <p>Run from the repository root; it needs no shared data (six trials of 3 + 5 iterations of 5 s:
 * about 5 minutes):
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar CorrelationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class CorrelationBenchmark {

    static final int MATCHES = 200_000;

    @Param({"event_count", "value_count", "temporal_ordered"})
    public String type;

    @Param({"1", "2"})
    public int partitions;

    private Detector detector;
    private List<Detection> matches;

    @Setup(Level.Trial)
    public void setUp() {
        detector = CorrelationWorkload.detector(type, Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(42);
        matches = new ArrayList<>(MATCHES);
        for (int i = 0; i < MATCHES; i++) {
            matches.add(CorrelationWorkload.match(i, 10, 10_000, type.equals("temporal_ordered"), random));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MATCHES)
    public void correlate(Blackhole bh) {
        try (DetectorSession session = detector.newSession().partitions(partitions).batchSize(1024)
                .allowedLateness(Duration.ZERO).onAlert(bh::consume).open()) {
            for (Detection d : matches) {
                session.acceptMatch(d);
            }
            session.finish();
            bh.consume(session.stats());
        }
    }
}
