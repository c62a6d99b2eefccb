package dev.vigil.benchmarks;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The issue 4 workload, read from the shared folder: the 3,132 SigmaHQ rules rsigma benchmarked and
 * its generated event lanes. The folder is the system property {@code vigil.shared}, by default
 * {@code ../shared} relative to the working directory (the repository root); JMH passes the
 * property on to its forked JVMs.
 */
final class BenchData {

    /** Events per lane; every lane of the workload has exactly this many. */
    static final int LANE_EVENTS = 10_000;

    static final String RULES = "bench/sigmahq-994da166/rules";
    static final String LANES = "bench/lanes";

    private BenchData() {
    }

    /** The shared folder, checked to hold the workload; fails with what to do when it does not. */
    static Path shared() {
        String property = System.getProperty("vigil.shared", "../shared");
        Path dir = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve(RULES)) || !Files.isDirectory(dir.resolve(LANES))) {
            throw new IllegalStateException("benchmark workload not found: " + dir.resolve("bench")
                    + " must hold sigmahq-994da166/rules and lanes/*.ndjson.gz (see the shared folder's"
                    + " bench/README.md); run from the repository root or pass -Dvigil.shared=/path/to/shared");
        }
        return dir;
    }

    static Path rulesDir() {
        return shared().resolve(RULES);
    }

    /** The lane's events as uncompressed NDJSON bytes, so that the benchmarks time parsing, not gunzip. */
    static byte[] lane(String lane) {
        Path file = shared().resolve(LANES).resolve(lane + ".ndjson.gz");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no lane " + lane + ": " + file + " does not exist");
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The logsource mode a benchmark parameter names: ignore, hints or mapped. */
    static LogsourceMode mode(String name) {
        return LogsourceMode.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Loads and compiles the workload's rules in {@code mode}, saying on stderr how many were rejected. */
    static List<Rule> rules(String mode) {
        Path dir = rulesDir();
        LoadResult loaded = SigmaLoader.builder().logsourceMode(mode(mode)).build().load(List.of(dir));
        if (!loaded.errors().isEmpty()) {
            System.err.printf(Locale.ROOT, "%d of %d rule documents rejected, first: %s%n", loaded.errors().size(),
                    loaded.documents(), loaded.errors().get(0));
        }
        return loaded.rules();
    }

    /** Parses all of {@code ndjson} into memory, checking that it holds {@link #LANE_EVENTS} events. */
    static List<Event> events(byte[] ndjson, String origin) {
        List<Event> events = new ArrayList<>(LANE_EVENTS);
        try (EventReader reader = EventReader.builder().open(new ByteArrayInputStream(ndjson), origin)) {
            for (Event e : reader) {
                events.add(e);
            }
            if (!reader.problems().isEmpty()) {
                throw new IllegalStateException(origin + ": " + reader.problems().get(0));
            }
        }
        return events;
    }

    /** Checks that a lane holds the number of events the benchmarks divide by. */
    static void checkLane(String lane, byte[] ndjson) {
        int n = events(ndjson, lane).size();
        if (n != LANE_EVENTS) {
            throw new IllegalStateException("lane " + lane + " holds " + n + " events, the benchmarks expect "
                    + LANE_EVENTS);
        }
    }
}
