package dev.vigil.benchmarks;

import dev.vigil.benchmarks.drools.DroolsMatcher;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The design alternative: the workload's Sigma rules translated one-to-one into Drools DRL rules
 * ({@link dev.vigil.benchmarks.drools.DrlTranslator}) and evaluated by Drools 10 (Phreak), in events
 * per second, parse included, on one thread. Each event is read with {@link EventReader}, flattened
 * into facts (one per field value), inserted into one reused stateful session, the rules fired and
 * the facts deleted. {@code engine=vigil} runs Vigil's optimized matcher on exactly the rules Drools
 * got (the translatable subset) for a like-for-like ratio.
 *
 * <p>The trial setup prints how many rules were translated and why others were not and the KieBase
 * build time; with {@code engine=drools} it checks on the first {@value #CHECKED_EVENTS} events of
 * the lane that Drools and Vigil report the same rules for every event (and fails the trial
 * otherwise). Drools is slow on the Windows lanes (an invocation, 10,000 events, can take minutes on
 * a loaded machine), hence the few, long iterations.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package -pl benchmarks -am}
 * (two trials, {@code drools} and {@code vigil}, each building the KieBase, then 2 + 3 iterations of
 * 10 s: about 2.5 minutes; without {@code -p} options 16 trials, at least 20 minutes):
 *
 * <pre>
 * java -Dvigil.shared=../shared -jar benchmarks/target/benchmarks.jar DroolsMatcherBenchmark \
 *      -p lane=cisco_syslog -p mode=hints -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(BenchData.LANE_EVENTS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class DroolsMatcherBenchmark {

    /** Events of the lane on which the setup checks that Drools and Vigil agree (Drools is slow). */
    static final int CHECKED_EVENTS = 2_000;

    @Param({"structured_windows", "sysmon_file_event", "cisco_syslog", "raw_windows"})
    public String lane;

    @Param({"ignore", "hints"})
    public String mode;

    @Param({"drools", "vigil"})
    public String engine;

    private byte[] ndjson;
    private DroolsMatcher drools;
    private DroolsMatcher.Session session;
    private Engine vigil;
    private final EventReader.Builder reader = EventReader.builder();

    @Setup(Level.Trial)
    public void setUp() {
        ndjson = BenchData.lane(lane);
        BenchData.checkLane(lane, ndjson);
        List<Rule> all = BenchData.rules(mode);
        long start = System.nanoTime();
        drools = DroolsMatcher.build(all);
        System.out.printf(Locale.ROOT, "%nDrools: %d of %d rules translated and built in %.1f s%n",
                drools.rules().size(), all.size(), (System.nanoTime() - start) / 1e9);
        Map<String, Integer> reasons = new TreeMap<>();
        drools.skipped().values().forEach(r -> reasons.merge(r, 1, Integer::sum));
        reasons.forEach((r, n) -> System.out.printf(Locale.ROOT, "  not translated: %d %s%n", n, r));
        vigil = Engine.builder().addRules(drools.rules()).build();
        session = drools.newSession();
        if (engine.equals("drools")) {
            List<Event> events = BenchData.events(ndjson, lane);
            long[] agreed = agree(drools, session, vigil, events.subList(0, CHECKED_EVENTS));
            System.out.printf(Locale.ROOT, "  %s: Drools and Vigil agree on the first %d events (%d detections)%n",
                    lane, agreed[0], agreed[1]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
    }

    /** Parses and matches the whole lane; returns the number of detections. */
    @Benchmark
    public long parseAndMatch(Blackhole bh) {
        if (engine.equals("vigil")) {
            return MatcherBenchmark.parseAndMatch(vigil, reader, ndjson, lane, bh);
        }
        long detections = 0;
        try (EventReader events = reader.open(new ByteArrayInputStream(ndjson), lane)) {
            for (Event event : events) {
                detections += session.match(event);
                bh.consume(session);
            }
        }
        return detections;
    }

    /**
     * Checks that Drools and Vigil report the same rules for each event; returns {events, detections}.
     *
     * @throws IllegalStateException naming the first event where they differ
     */
    static long[] agree(DroolsMatcher drools, DroolsMatcher.Session session, Engine vigil, List<Event> events) {
        Map<Rule, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < drools.rules().size(); i++) {
            index.put(drools.rules().get(i), i);
        }
        long detections = 0;
        for (Event e : events) {
            session.match(e);
            int[] byDrools = session.matched();
            List<Detection> found = vigil.match(e);
            int[] byVigil = found.stream().mapToInt(d -> index.get(d.rule())).sorted().toArray();
            if (!Arrays.equals(byDrools, byVigil)) {
                throw new IllegalStateException("Drools and Vigil differ on " + e.source() + ": Drools "
                        + titles(drools, byDrools) + ", Vigil " + titles(drools, byVigil) + "; event " + e.fields());
            }
            detections += byVigil.length;
        }
        return new long[] {events.size(), detections};
    }

    private static List<String> titles(DroolsMatcher drools, int[] rules) {
        return Arrays.stream(rules).mapToObj(i -> drools.rules().get(i).title()).toList();
    }
}
