package dev.vigil.benchmarks;

import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Rule loading time, in milliseconds, for the 3,132 SigmaHQ rules of the workload:
 * <ul>
 *   <li>{@code loadCold}: read, parse and compile the YAML ({@link SigmaLoader}) and build the
 *       optimized engine, once, in a fresh JVM (single shot, no warm-up; each fork is one sample);
 *   <li>{@code loadWarm}: the same on a warm JVM (average time after warm-up iterations);
 *   <li>{@code buildEngine}: the build of the optimized engine alone from already compiled rules,
 *       warm.
 * </ul>
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package -pl benchmarks -am}
 * (the first command about 2 minutes; the second, cold loads only, 5 forks for each of the two modes,
 * about 1 minute):
 *
 * <pre>
 * java -Dvigil.shared=../shared -jar benchmarks/target/benchmarks.jar LoadBenchmark -p mode=hints
 * java -Dvigil.shared=../shared -jar benchmarks/target/benchmarks.jar 'LoadBenchmark.loadCold' -f 5
 * </pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoadBenchmark {

    @Param({"ignore", "hints"})
    public String mode;

    private Path rulesDir;

    /** Only finds the rules: anything loaded here would warm the JVM before {@link #loadCold()}. */
    @Setup(Level.Trial)
    public void setUp() {
        rulesDir = BenchData.rulesDir();
    }

    /** The rules loaded and compiled, for {@link #buildEngine}. */
    @State(Scope.Benchmark)
    public static class Compiled {
        List<Rule> rules;

        @Setup(Level.Trial)
        public void setUp(LoadBenchmark benchmark) {
            rules = BenchData.rules(benchmark.mode);
        }
    }

    /** Load, compile and build in a fresh JVM: the first call is the measurement. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 5, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    public Engine loadCold() {
        return loadAndBuild();
    }

    /** Load, compile and build, warm. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 5, time = 5)
    @Measurement(iterations = 5, time = 5)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    public Engine loadWarm() {
        return loadAndBuild();
    }

    /** The optimized engine's build from compiled rules, warm. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
    public Engine buildEngine(Compiled compiled) {
        return Engine.builder().addRules(compiled.rules).build();
    }

    private Engine loadAndBuild() {
        LoadResult loaded = SigmaLoader.builder().logsourceMode(BenchData.mode(mode)).build().load(List.of(rulesDir));
        return Engine.builder().addRules(loaded.rules()).build();
    }
}
