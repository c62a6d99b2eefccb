package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.core.match.RuleStats;
import dev.vigil.sigma.LoadResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Measures how fast rules run over events on this machine: loads the rules (timed), reads the event "
                    + "files into memory, warms up (at least 3 s), then parses and matches them --repeat times and reports the "
                    + "median events/s beside the parse-only events/s measured in the same process.",
            "Also reports matches, matches per event, the retained heap of the compiled rules and the ten "
                    + "costliest rules."},
        footer = {"", "Exit codes: 0 done, 1 no rule loaded or no event read, 2 usage error."})
final class BenchCommand implements Callable<Integer> {

    /** How long the warm-up runs at least. */
    static final long WARM_UP_NANOS = 3_000_000_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Option(names = "--events", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Event files (Windows .evtx; JSON Lines, JSON array or evtx_dump output, optionally gzipped).")
    List<Path> events;

    @Option(names = "--threads", paramLabel = "N", description = "Threads matching at once, each over all "
            + "events. Default: 1.")
    int threads = 1;

    @Option(names = "--repeat", paramLabel = "K", description = "Timed runs over the events. Default: 5.")
    int repeat = 5;

    @Option(names = "--json", description = "Print one JSON object instead of a report.")
    boolean json;

    @Option(names = "--reference", description = "Measure the straightforward evaluator (every rule on every "
            + "event) instead of the optimized matcher.")
    boolean reference;

    /** The bytes of all inputs, as read from disk (an .evtx file's binary size, a JSON file's text). */
    private long inputBytes;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1 || repeat < 1) {
            err.println("vigil bench: --threads and --repeat must be at least 1");
            return 2;
        }
        List<byte[]> inputs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : events) {
            try {
                inputs.add(Files.readAllBytes(p));
                names.add(p.toString());
                inputBytes += inputs.get(inputs.size() - 1).length;
            } catch (IOException e) {
                err.println(p + ": cannot read: " + Errors.describe(e));
            }
        }
        if (inputs.isEmpty()) {
            err.println("vigil bench: no event file could be read");
            return 1;
        }

        long heapBefore = usedHeap();
        long loadStart = System.nanoTime();
        LoadResult loaded = RuleLoading.load(rules, json ? new PrintWriter(new StringWriter()) : err, 10);
        if (loaded == null || loaded.loaded() == 0) {
            err.println("vigil bench: no rule loaded");
            return 1;
        }
        Engine engine = Engine.builder().addRules(loaded.rules()).reference(reference).build();
        long loadNanos = System.nanoTime() - loadStart;
        long retained = Math.max(0, usedHeap() - heapBefore);

        // one pool for the whole measurement: its threads (and their per-thread matcher state) live
        // from the warm-up to the last run, as in an application
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        double[] matchRates = new double[repeat];
        double[] parseRates = new double[repeat];
        long matches = 0;
        long eventsPerPass;
        try {
            // warm-up: passes of each kind for a few seconds on every thread, so the timed runs see compiled code
            eventsPerPass = run(engine, inputs, names, false, null, 1)[0];
            if (eventsPerPass == 0) {
                err.println("vigil bench: no event read");
                return 1;
            }
            long warmUntil = System.nanoTime() + WARM_UP_NANOS;
            for (int pass = 0; pass < 2 || System.nanoTime() < warmUntil; pass++) {
                run(engine, inputs, names, false, pool, threads);
                run(engine, inputs, names, true, pool, threads);
            }
            for (int k = 0; k < repeat; k++) {
                long t0 = System.nanoTime();
                long[] r = run(engine, inputs, names, false, pool, threads);
                matchRates[k] = r[0] / ((System.nanoTime() - t0) / 1e9);
                matches = r[1] / threads;
                long t1 = System.nanoTime();
                long[] p = run(engine, inputs, names, true, pool, threads);
                parseRates[k] = p[0] / ((System.nanoTime() - t1) / 1e9);
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
        double eps = median(matchRates);
        double parseEps = median(parseRates);
        List<RuleStats> top = engine.stats().stream().limit(10).toList();

        if (json) {
            printJson(out, loaded, loadNanos, retained, eventsPerPass, matches, eps, parseEps, matchRates, top);
        } else {
            printReport(out, loaded, loadNanos, retained, eventsPerPass, matches, eps, parseEps, matchRates, top);
        }
        out.flush();
        return 0;
    }

    /** Input megabytes (10^6 bytes) parsed per second: a pass's bytes at the parse-only event rate. */
    private double parseMegabytes(long eventsPerPass, double parseEps) {
        return Math.round(parseEps * inputBytes / eventsPerPass / 1e5) / 10.0;
    }

    /**
     * One pass over all inputs on each of {@code n} threads of {@code pool} (or on this thread when
     * there is no pool), parsing and (unless {@code parseOnly}) matching. Returns {events, matches}
     * summed over threads.
     */
    private static long[] run(Engine engine, List<byte[]> inputs, List<String> names, boolean parseOnly,
                              ExecutorService pool, int n) throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicLong matches = new AtomicLong();
        Callable<Void> task = () -> {
            long e = 0;
            long m = 0;
            EventReader.Builder reader = EventReader.builder();
            for (int i = 0; i < inputs.size(); i++) {
                try (InputStream in = new ByteArrayInputStream(inputs.get(i));
                     EventReader r = reader.open(in, names.get(i))) {
                    for (Event ev : r) {
                        e++;
                        if (!parseOnly) {
                            m += engine.match(ev).size();
                        }
                    }
                }
            }
            events.addAndGet(e);
            matches.addAndGet(m);
            return null;
        };
        if (pool == null) {
            task.call();
        } else {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        }
        return new long[] {events.get(), matches.get()};
    }

    private static long usedHeap() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** A spread of runs (fastest less slowest, over the median) worth pointing out. */
    static final double NOTABLE_SPREAD = 0.10;

    /** (fastest - slowest) / median of the runs' rates; 0 for a single run. */
    static double spread(double[] runs) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double r : runs) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        double m = median(runs);
        return runs.length < 2 || m <= 0 ? 0 : (max - min) / m;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private void printReport(PrintWriter out, LoadResult loaded, long loadNanos, long retained, long events,
                             long matches, double eps, double parseEps, double[] runs, List<RuleStats> top) {
        out.printf(Locale.ROOT, "rules loaded:        %d of %d (%s load and compile: %.0f ms)%n", loaded.loaded(),
                loaded.documents(), reference ? "reference evaluator," : "optimized matcher,", loadNanos / 1e6);
        out.printf(Locale.ROOT, "retained heap:       %.1f MB (rules and compiled engine)%n", retained / 1e6);
        out.printf(Locale.ROOT, "events per run:      %d x %d thread(s), %d run(s)%n", events, threads, repeat);
        out.printf(Locale.ROOT, "events/s:            %,.0f (median; runs:", eps);
        for (double r : runs) {
            out.printf(Locale.ROOT, " %,.0f", r);
        }
        out.println(")");
        double spread = spread(runs);
        if (spread > NOTABLE_SPREAD) {
            out.printf(Locale.ROOT, "                     runs differ by %.0f%% of the median: compare the medians of a "
                    + "few invocations (compiled code and machine load vary between runs and JVMs)%n", 100 * spread);
        }
        out.printf(Locale.ROOT, "parse-only events/s: %,.0f (median, same process)%n", parseEps);
        out.printf(Locale.ROOT, "parse-only MB/s:     %,.1f (input bytes, all threads)%n", parseMegabytes(events, parseEps));
        out.printf(Locale.ROOT, "ratio:               %.1f%% of parse-only%n", 100 * eps / parseEps);
        out.printf(Locale.ROOT, "matches per run:     %d (%.3f per event)%n", matches, (double) matches / events);
        out.println("costliest rules (evaluations, matches, time):");
        for (RuleStats s : top) {
            out.printf(Locale.ROOT, "  %10d %8d %9.1f ms  %s%n", s.evaluations(), s.matches(), s.nanos() / 1e6,
                    s.rule().title());
        }
    }

    private void printJson(PrintWriter out, LoadResult loaded, long loadNanos, long retained, long events,
                           long matches, double eps, double parseEps, double[] runs, List<RuleStats> top)
            throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("events_per_sec", Math.round(eps));
            g.writeNumberField("parse_only_events_per_sec", Math.round(parseEps));
            g.writeNumberField("parse_only_mb_per_sec", parseMegabytes(events, parseEps));
            g.writeNumberField("ratio", eps / parseEps);
            g.writeNumberField("events", events);
            g.writeNumberField("matches", matches);
            g.writeNumberField("matches_per_event", (double) matches / events);
            g.writeNumberField("rules_loaded", loaded.loaded());
            g.writeNumberField("rules_seen", loaded.documents());
            g.writeNumberField("load_ms", Math.round(loadNanos / 1e6));
            g.writeNumberField("retained_heap_bytes", retained);
            g.writeNumberField("threads", threads);
            g.writeNumberField("repeat", repeat);
            g.writeStringField("matcher", reference ? "reference" : "optimized");
            g.writeArrayFieldStart("runs_events_per_sec");
            for (double r : runs) {
                g.writeNumber(Math.round(r));
            }
            g.writeEndArray();
            g.writeNumberField("runs_spread", spread(runs));
            g.writeArrayFieldStart("costliest_rules");
            for (RuleStats s : top) {
                g.writeStartObject();
                g.writeStringField("rule_id", s.rule().id());
                g.writeStringField("title", s.rule().title());
                g.writeNumberField("evaluations", s.evaluations());
                g.writeNumberField("matches", s.matches());
                g.writeNumberField("nanos", s.nanos());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }
}
