package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * The optimized matcher and the reference evaluator ({@code Engine.builder().reference(true)}) return
 * the same detections, in the same order, on real rules and events:
 *
 * <ul>
 *   <li>rsigma's benchmark rule set ({@code bench/sigmahq-994da166/rules}) in {@link LogsourceMode#IGNORE}
 *       and {@link LogsourceMode#HINTS}, over every lane of {@code bench/lanes/*.ndjson.gz};</li>
 *   <li>the SigmaHQ rules ({@code sigma/rules}) in {@link LogsourceMode#MAPPED}, over the OTRF events
 *       ({@code events/otrf/*.jsonl}) and over both shapes ({@code event}, {@code flat_event}) of the
 *       SigmaHQ regression events ({@code conformance/sigmahq-regression.jsonl}).</li>
 * </ul>
 *
 * <p>The reference evaluator runs every rule on every event (a few hundred events a second and core
 * with three thousand rules; nested events in MAPPED mode far fewer), so by default each file is
 * sampled: every {@value #STRIDE}th event until {@value #MAX_SAMPLED} are taken, and every
 * {@value #REGRESSION_STRIDE}nd regression event. The class then costs about 25 s of processor time,
 * loading the three rule sets included, spread over both cores. Run every event of every file with
 * {@code -Dvigil.equivalence=full}: 188,432 events, about 12 minutes of processor time:
 *
 * <pre>{@code
 * mvn -o test -pl core,sigma-compat -Dtest=EngineEquivalenceCorpusTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dvigil.equivalence=full
 * }</pre>
 *
 * <p>Each file is one dynamic test, skipped with a message where {@code ../shared} is absent. Each
 * prints how many events it compared.
 */
class EngineEquivalenceCorpusTest {

    static final int STRIDE = 10;
    /** The regression events are few but slow to evaluate (nested, mapped): every other one by default. */
    static final int REGRESSION_STRIDE = 2;
    static final int MAX_SAMPLED = 30;
    /** Mismatches listed in a failure message; all are counted. */
    static final int MAX_LISTED = 10;

    private static final boolean FULL = "full".equals(System.getProperty("vigil.equivalence"));
    private static final Map<LogsourceMode, Engines> BENCH = new EnumMap<>(LogsourceMode.class);
    private static Engines sigmaHq;

    /** The two engines over one rule set. */
    private record Engines(String name, Engine indexed, Engine reference) {
        /** Loads the engines when a test first needs them. */
        interface Source {
            Engines get();
        }

        static Engines of(String name, Path rules, LogsourceMode mode) {
            LoadResult loaded = SigmaLoader.builder().logsourceMode(mode).build().load(List.of(rules));
            List<Rule> rs = loaded.rules();
            assertThat(rs).as("rules loaded from %s", rules).hasSizeGreaterThan(1000);
            return new Engines(name + " (" + rs.size() + " rules, " + mode + ")",
                    Engine.builder().addRules(rs).build(), Engine.builder().addRules(rs).reference(true).build());
        }
    }

    /** Compares the engines on {@code events} (on both cores), prints the tally and fails on any mismatch. */
    private static void compare(Engines engines, String what, List<Event> events) {
        AtomicLong detections = new AtomicLong();
        List<String> mismatches = events.parallelStream().map(event -> {
            List<Detection> expected = engines.reference().match(event);
            List<Detection> actual = engines.indexed().match(event);
            detections.addAndGet(expected.size());
            return sameRules(expected, actual) ? null
                    : event.source() + ": reference " + titles(expected) + ", indexed " + titles(actual);
        }).filter(Objects::nonNull).toList();
        System.out.printf("engine equivalence: %s on %s: %d events compared%s, %d detections, %d mismatches%n",
                engines.name(), what, events.size(), FULL ? "" : " (sampled)", detections.get(), mismatches.size());
        assertThat(events).as("events compared in %s", what).isNotEmpty();
        assertThat(mismatches.subList(0, Math.min(MAX_LISTED, mismatches.size())))
                .as("%s: %d events where the engines differ, the first %d listed", what, mismatches.size(), MAX_LISTED)
                .isEmpty();
    }

    private static boolean sameRules(List<Detection> a, List<Detection> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).rule() != b.get(i).rule()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> titles(List<Detection> ds) {
        return ds.stream().map(d -> d.rule().title() + " [" + d.rule().id() + "]").toList();
    }

    private static synchronized Engines bench(LogsourceMode mode) {
        return BENCH.computeIfAbsent(mode,
                m -> Engines.of("bench rules", SharedData.require("bench/sigmahq-994da166/rules"), m));
    }

    private static synchronized Engines sigmaHq() {
        if (sigmaHq == null) {
            sigmaHq = Engines.of("SigmaHQ rules", SharedData.require("sigma/rules"), LogsourceMode.MAPPED);
        }
        return sigmaHq;
    }

    /**
     * One dynamic test per file of a shared folder ending with {@code suffix}; where the folder is
     * absent, one test that is skipped with the reason (an aborted factory is not reported at all).
     */
    private static Stream<DynamicTest> perFile(String folder, String suffix, Engines.Source engines) {
        List<Path> files;
        try {
            Path dir = SharedData.require(folder);
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            }
        } catch (TestAbortedException | IOException e) {
            return Stream.of(DynamicTest.dynamicTest(folder, () -> {
                throw e;
            }));
        }
        assertThat(files).as("%s files in %s", suffix, folder).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> compareFile(engines.get(), file)));
    }

    /** Compares the engines on the events of one file: all of them, or a sample by default. */
    private static void compareFile(Engines engines, Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.builder().open(file)) {
            long index = 0;
            for (Event event : reader) {
                if (!FULL && events.size() == MAX_SAMPLED) {
                    break;
                }
                if (FULL || index % STRIDE == 0) {
                    events.add(event);
                }
                index++;
            }
            assertThat(reader.problems()).as("records of %s that could not be read", file).isEmpty();
        }
        compare(engines, file.getFileName().toString(), events);
    }

    @TestFactory
    Stream<DynamicTest> benchRules_onEveryLane_ignoringLogsources() {
        return perFile("bench/lanes", ".ndjson.gz", () -> bench(LogsourceMode.IGNORE));
    }

    @TestFactory
    Stream<DynamicTest> benchRules_onEveryLane_routedByLogsourceHints() {
        return perFile("bench/lanes", ".ndjson.gz", () -> bench(LogsourceMode.HINTS));
    }

    @TestFactory
    Stream<DynamicTest> sigmaHqRules_onTheOtrfEvents() {
        return perFile("events/otrf", ".jsonl", EngineEquivalenceCorpusTest::sigmaHq);
    }

    @TestFactory
    Stream<DynamicTest> sigmaHqRules_onTheRegressionEvents_inBothShapes() {
        return Stream.of("event", "flat_event").map(shape -> DynamicTest.dynamicTest(shape, () -> {
            Path file = SharedData.require("conformance/sigmahq-regression.jsonl");
            List<Event> events = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                int number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = json.readValue(line, Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = (Map<String, Object>) row.get(shape);
                    if (FULL || number % REGRESSION_STRIDE == 1) {
                        events.add(Event.of(fields, new SourcePosition(file.toString(), number, 1, shape),
                                EventTime.defaults()));
                    }
                }
            }
            compare(sigmaHq(), file.getFileName() + " (" + shape + ")", events);
        }));
    }
}
