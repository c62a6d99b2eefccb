package dev.vigil.benchmarks;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import java.io.ByteArrayInputStream;
import java.util.List;
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
 * Single-event matching throughput in events per second, parse included, as rsigma measures it: one
 * invocation reads a whole lane (10,000 events of NDJSON held in memory, uncompressed) with
 * {@link EventReader} and matches every event against the 3,132 SigmaHQ rules of the workload, on one
 * thread. {@code matcher} is {@code optimized} ({@code Engine.builder().build()}) or {@code reference}
 * (the straightforward evaluator); {@code mode} is the logsource mode the rules were compiled in
 * ({@code ignore}: every rule on every event; {@code hints}: the event's product/category/service
 * select rules). Rules are loaded once per trial, outside the measurement.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package -pl benchmarks -am}
 * (one trial of 3 + 5 iterations of 5 s: about 1 minute):
 *
 * <pre>
 * java -Dvigil.shared=../shared -jar benchmarks/target/benchmarks.jar benchmarks.MatcherBenchmark \
 *      -p lane=structured_windows -p mode=hints -p matcher=optimized -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>The name is a regular expression: {@code benchmarks.MatcherBenchmark} leaves out
 * {@link DroolsMatcherBenchmark}, which plain {@code MatcherBenchmark} would also select.
 *
 * <p>Without {@code -p} options every lane, mode and matcher is run (16 trials; the reference
 * evaluator is slow, an iteration being one pass over a lane of 8 to 35 s, so allow about 25 minutes
 * with the defaults). Other lanes of the workload
 * ({@code match_heavy}, {@code low_match}, {@code no_match}, {@code mixed_schema}) can be given with
 * {@code -p lane=...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchData.LANE_EVENTS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MatcherBenchmark {

    @Param({"structured_windows", "sysmon_file_event", "cisco_syslog", "raw_windows"})
    public String lane;

    @Param({"ignore", "hints"})
    public String mode;

    @Param({"optimized", "reference"})
    public String matcher;

    private byte[] ndjson;
    private Engine engine;
    private final EventReader.Builder reader = EventReader.builder();

    @Setup(Level.Trial)
    public void setUp() {
        ndjson = BenchData.lane(lane);
        BenchData.checkLane(lane, ndjson);
        engine = Engine.builder().addRules(BenchData.rules(mode)).reference(switch (matcher) {
            case "optimized" -> false;
            case "reference" -> true;
            default -> throw new IllegalArgumentException("matcher is optimized or reference, not " + matcher);
        }).build();
    }

    /** Parses and matches the whole lane; returns the number of detections. */
    @Benchmark
    public long parseAndMatch(Blackhole bh) {
        return parseAndMatch(engine, reader, ndjson, lane, bh);
    }

    static long parseAndMatch(Engine engine, EventReader.Builder reader, byte[] ndjson, String origin, Blackhole bh) {
        long detections = 0;
        try (EventReader events = reader.open(new ByteArrayInputStream(ndjson), origin)) {
            for (Event event : events) {
                List<Detection> found = engine.match(event);
                detections += found.size();
                bh.consume(found);
            }
        }
        return detections;
    }
}
