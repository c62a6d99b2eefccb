package dev.vigil.benchmarks;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import java.io.ByteArrayInputStream;
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
 * The parse-only baseline, in events per second: {@link MatcherBenchmark} without the matching. One
 * invocation reads a whole lane (10,000 events of NDJSON held in memory, uncompressed) into
 * {@link Event}s with {@link EventReader} on one thread. The ratio of {@code MatcherBenchmark} to this
 * is the share of time left to parsing.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package -pl benchmarks -am}
 * (one trial of 3 + 5 iterations of 5 s: under 1 minute; without {@code -p lane} all four lanes, about
 * 3 minutes):
 *
 * <pre>
 * java -Dvigil.shared=../shared -jar benchmarks/target/benchmarks.jar ParseOnlyBenchmark \
 *      -p lane=structured_windows -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchData.LANE_EVENTS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ParseOnlyBenchmark {

    @Param({"structured_windows", "sysmon_file_event", "cisco_syslog", "raw_windows"})
    public String lane;

    private byte[] ndjson;
    private final EventReader.Builder reader = EventReader.builder();

    @Setup(Level.Trial)
    public void setUp() {
        ndjson = BenchData.lane(lane);
        BenchData.checkLane(lane, ndjson);
    }

    /** Parses the whole lane; returns the number of events. */
    @Benchmark
    public long parse(Blackhole bh) {
        return parse(reader, ndjson, lane, bh);
    }

    static long parse(EventReader.Builder reader, byte[] ndjson, String origin, Blackhole bh) {
        long n = 0;
        try (EventReader events = reader.open(new ByteArrayInputStream(ndjson), origin)) {
            for (Event event : events) {
                bh.consume(event);
                n++;
            }
        }
        return n;
    }
}
