package dev.vigil.benchmarks;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.AutomatonProbe;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The library choice behind the prefilter: Vigil's own Aho-Corasick automaton against the double-array
 * trie of {@code com.hankcs:aho-corasick-double-array-trie}, on the literals of the workload's rules.
 * <ul>
 *   <li>{@code build*}: building an automaton of every substring, prefix and suffix literal of the
 *       3,132 SigmaHQ rules (lower-cased, distinct), in milliseconds;
 *   <li>{@code scan*}: searching every lower-cased string value of a lane for all of them (every
 *       occurrence reported), in values per second.
 * </ul>
 * The trial fails if the two report different numbers of occurrences. It reaches the package-private
 * automaton through {@link AutomatonProbe}, from core's test jar; the engine itself builds one automaton per field,
 * so the single large automaton here is the hardest case for both.
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package -pl benchmarks -am}
 * (four benchmarks on two lanes, 8 trials of 3 + 5 iterations of 3 s: about 4 minutes):
 *
 * <pre>
 * java -Dvigil.shared=../shared -jar benchmarks/target/benchmarks.jar AutomatonBenchmark -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AutomatonBenchmark {

    @Param({"raw_windows", "structured_windows"})
    public String lane;

    private List<String> literals;
    private TreeMap<String, Integer> literalMap;
    private String[] values;
    private AutomatonProbe ours;
    private AhoCorasickDoubleArrayTrie<Integer> doubleArray;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path shared = Path.of(System.getProperty("vigil.shared", "../shared"));
        Path rules = shared.resolve("bench/sigmahq-994da166/rules");
        Set<String> found = new LinkedHashSet<>();
        for (Rule r : SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build().load(List.of(rules)).rules()) {
            collect(r.condition(), found);
        }
        literals = List.copyOf(found);
        literalMap = new TreeMap<>();
        for (int i = 0; i < literals.size(); i++) {
            literalMap.put(literals.get(i), i);
        }
        values = laneValues(shared.resolve("bench/lanes/" + lane + ".ndjson.gz"));
        ours = buildOurs();
        doubleArray = buildDoubleArray();
        long chars = 0;
        for (String v : values) {
            chars += v.length();
        }
        long ourHits = scanOurs();
        long libraryHits = scanDoubleArray();
        System.out.printf("%n%d literals, %d values (%d characters) of %s; hits: ours %d, double-array %d%n",
                literals.size(), values.length, chars, lane, ourHits, libraryHits);
        if (ourHits != libraryHits) {
            throw new IllegalStateException("the automata disagree: " + ourHits + " against " + libraryHits + " hits");
        }
    }

    private static void collect(Condition c, Set<String> out) {
        if (c instanceof Condition.All a) {
            a.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Condition.Any a) {
            a.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Condition.Not n) {
            collect(n.condition(), out);
        } else if (c instanceof Condition.Match m && m.matcher() instanceof StringMatcher s) {
            add(s, out);
        } else if (c instanceof Condition.Keyword k && k.matcher() instanceof StringMatcher s) {
            add(s, out);
        }
    }

    private static void add(StringMatcher s, Set<String> out) {
        if (s.kind() != StringMatcher.Kind.EQUALS && s.kind() != StringMatcher.Kind.GLOB && !s.value().isEmpty()) {
            out.add(s.value().toLowerCase(Locale.ROOT));
        }
    }

    /** Every string value of the lane's events, lower-cased. */
    private static String[] laneValues(Path file) throws IOException {
        byte[] ndjson;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ndjson = in.readAllBytes();
        }
        List<String> out = new ArrayList<>();
        try (EventReader r = EventReader.builder().open(new ByteArrayInputStream(ndjson), file.toString())) {
            for (Event e : r) {
                for (Object v : e.fields().values()) {
                    if (v instanceof String s) {
                        out.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return out.toArray(new String[0]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AutomatonProbe buildOurs() {
        return AutomatonProbe.build(literals);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public AhoCorasickDoubleArrayTrie<Integer> buildDoubleArray() {
        AhoCorasickDoubleArrayTrie<Integer> t = new AhoCorasickDoubleArrayTrie<>();
        t.build(literalMap);
        return t;
    }

    /** One pass over every value (a pass per operation); returns the occurrences found. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long scanOurs() {
        return ours.countOccurrences(values);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long scanDoubleArray() {
        long[] hits = {0};
        AhoCorasickDoubleArrayTrie.IHit<Integer> count = (begin, end, value) -> hits[0]++;
        for (String v : values) {
            doubleArray.parseText(v, count);
        }
        return hits[0];
    }
}
