package dev.vigil.benchmarks;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.respond.AlertSelector;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponsePolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What responding costs the detection thread: {@code accept} of one alert by a {@link Responder} whose
 * policy sends it to 0, 1 or 3 actions (actions that do nothing, so that only the machinery is measured),
 * with room on the queue ({@code accept}); and the sustained rate of alerts through the whole machinery,
 * dispatch and delivery included ({@code endToEnd}). The goal is under 1 µs per alert on the detection
 * thread.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package -pl benchmarks -am} (about 2
 * minutes):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ResponderBenchmark
 * </pre>
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ResponderBenchmark {

    static final int BATCH = 10_000;

    @Param({"0", "1", "3"})
    public int actions;

    private Responder responder;
    private Alert[] alerts;

    /** A responder whose policy sends every alert to {@code n} actions that do nothing. */
    static Responder responder(int n, int capacity) throws IOException {
        Responder.Builder b = Responder.builder().queueCapacity(capacity);
        ResponsePolicy.Builder policy = ResponsePolicy.builder();
        for (int i = 0; i < n; i++) {
            String name = "noop" + i;
            b.action(new ResponseAction() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Outcome execute(Alert alert, ResponseContext context) {
                    return Outcome.done();
                }
            });
            policy.route(AlertSelector.builder().minLevel(Level.LOW).build(), name, Map.of());
        }
        return b.policy(policy.build()).build();
    }

    static Alert[] alerts(int n) {
        Rule rule = Rule.builder().id("bench").title("bench").level(Level.HIGH).condition(Condition.TRUE).build();
        Alert[] out = new Alert[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Detection(rule, Event.of(Map.of("n", i), SourcePosition.of("bench", i + 1), EventTime.defaults()));
        }
        return out;
    }

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp() {
        alerts = alerts(BATCH);
    }

    @Setup(org.openjdk.jmh.annotations.Level.Invocation)
    public void newResponder() throws IOException {
        responder = responder(actions, 2 * BATCH);
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Invocation)
    public void drain() throws InterruptedException {
        responder.awaitIdle(Duration.ofMinutes(1));
        responder.close();
    }

    /** {@code accept} of a batch of alerts with room on the queue: the detection thread's cost per alert. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(BATCH)
    public void accept() {
        for (Alert a : alerts) {
            responder.accept(a);
        }
    }

    /** A batch through the whole machinery, until every delivery is done: alerts per second sustained. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public boolean endToEnd() throws InterruptedException {
        for (Alert a : alerts) {
            responder.accept(a);
        }
        return responder.awaitIdle(Duration.ofMinutes(1));
    }
}
