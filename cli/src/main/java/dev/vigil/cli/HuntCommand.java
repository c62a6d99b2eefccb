package dev.vigil.cli;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadProgress;
import dev.vigil.core.event.read.ReadStats;
import dev.vigil.core.match.RuleStats;
import dev.vigil.correlation.CorrelationStats;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import dev.vigil.respond.incident.EventHistory;
import dev.vigil.respond.incident.Incident;
import dev.vigil.respond.incident.IncidentTracker;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hunt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Runs Sigma rules (detection and correlation rules) over event files and prints each detection "
                    + "and correlation alert as it is found.",
            "Events are Windows .evtx files, JSON Lines, JSON arrays or evtx_dump output, optionally gzipped. Detections go to "
                    + "stdout (or --output); rule problems, unreadable records and a summary go to stderr."},
        footer = {"", "Exit codes: 0 done (with or without detections; failed responses are reported, not "
                + "fatal), 1 no rule loaded, no event read (no event file found, or none with a readable record), "
                + "or a response policy with errors or naming actions that do not exist, or a --report or --navigator file "
                + "that cannot be written, 2 usage error."})
final class HuntCommand implements Callable<Integer> {

    /** How many unreadable-record lines are printed before the rest are only counted. */
    static final int MAX_PROBLEM_LINES = Pipeline.MAX_PROBLEM_LINES;

    private static final String NAME = "vigil hunt";

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Mixin
    RuleFilterOptions ruleFilter;

    @Option(names = "--events", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Event files, or folders searched recursively for *.json, *.jsonl, *.ndjson and "
                    + "*.log files (each possibly .gz).")
    List<Path> events;

    @Mixin
    TimeRangeOptions timeRange;

    @Mixin
    DetectionOptions detection;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write detections to FILE instead of stdout.")
    Path output;

    @Option(names = "--sort", paramLabel = "ORDER", converter = SortConverter.class,
            description = "time (the default): detections and correlation alerts in event-time order, those without "
                    + "a time last, printed when the hunt ends (sorted on disk beyond 16 M characters of output); "
                    + "none: as they are found, each printed at once, for streaming into another tool.")
    Sort sort = Sort.TIME;

    /** The orders of --sort. */
    enum Sort { TIME, NONE }

    static final class SortConverter implements picocli.CommandLine.ITypeConverter<Sort> {
        @Override
        public Sort convert(String text) {
            for (Sort s : Sort.values()) {
                if (s.name().equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not one of time, none");
        }
    }

    @Option(names = "--dedup", paramLabel = "PERIOD", converter = DetectionOptions.DurationConverter.class,
            description = "Print the detections of one rule on one host within one PERIOD (30s, 5m, 1h, 1d; fixed "
                    + "periods from 1970-01-01 UTC, or unbounded) as one row: the first, with the count and the last "
                    + "time. Correlation alerts and detections without a time are not folded; responses, incidents, the "
                    + "report and the counts see every detection. Needs --sort time.")
    Duration dedup;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar. The bar (files, MiB read, speed, time left, events/s) is shown on stderr "
                    + "only when stderr is a terminal.")
    boolean quiet;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that parse the chunks of a .evtx file at once (at most 64); events keep their "
                    + "file order. "
                    + "Default: the number of processors.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--lateness", paramLabel = "DURATION", converter = DetectionOptions.DurationConverter.class,
            description = "How far behind the latest event time a match may come and still be correlated (e.g. 30s, "
                    + "5m, 1h), or 'unbounded'. Later ones are counted and dropped. Default: unbounded (event files "
                    + "are rarely in time order across files); a bound lets state be dropped as the hunt goes.")
    Duration lateness = SessionBuilder.UNBOUNDED;

    @Option(names = "--stats",
            description = "After the summary, list the ten costliest rules (the hot rules of this hunt): "
                    + "evaluations, matches and time spent evaluating each.")
    boolean ruleStats;

    @Mixin
    ResponseOptions response;

    @Option(names = "--incidents", paramLabel = "FILE",
            description = "Also group the alerts printed into incidents (by the hosts, users, addresses and "
                    + "processes they share, within an hour) and write them to FILE at the end as JSON Lines, each "
                    + "with its timeline: its alerts and the events around them.")
    Path incidents;

    @Mixin
    ReportOptions report;

    /** How many rules --stats lists. */
    static final int HOT_RULES = 10;

    @Override
    public Integer call() {
        PrintWriter err = TerminalText.writer(spec.commandLine().getErr());
        String usage = response.usageError(incidents != null, "--incidents");
        if (usage == null && threads < 1) {
            usage = "--threads must be at least 1";
        }
        if (usage == null) {
            usage = timeRange.usageError();
        }
        if (usage == null && dedup != null) {
            usage = sort == Sort.NONE ? "--dedup needs --sort time: a fold's count is known only when the hunt ends"
                    : FoldingWriter.periodError(dedup);
        }
        if (usage == null && (detection.partitions < 1 || detection.maxGroups < 1 || detection.maxMatchesPerGroup < 1)) {
            usage = "--partitions, --max-groups and --max-matches-per-group must be at least 1";
        }
        if (usage != null) {
            err.println(NAME + ": " + usage);
            return 2;
        }
        IncidentTracker tracker = incidents == null ? null : IncidentTracker.builder().build();
        Responses responses = null;
        if (response.policy != null) {
            responses = Responses.start(response, tracker, err, NAME);
            if (responses == null) {
                return 1;
            }
        }
        try {
            return hunt(err, responses, tracker);
        } finally {
            if (responses != null) {
                responses.close();
            }
        }
    }

    /**
     * The hunt; {@code responses}, when not null, gets every alert the writer gets, and {@code tracker}, when
     * not null, records them.
     */
    private int hunt(PrintWriter err, Responses responses, IncidentTracker tracker) {
        Pipeline pipeline = Pipeline.compile(rules, ruleFilter, err, NAME);
        if (pipeline == null) {
            return 1;
        }
        Writer sink;
        try {
            sink = output == null ? spec.commandLine().getOut()
                    : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("cannot write output: " + Errors.describe(e));
            return 1;
        }

        Summary summary = new Summary();
        TimeRange range = timeRange.range();
        summary.correlating = pipeline.correlating();
        ProblemLines problems = new ProblemLines(err, MAX_PROBLEM_LINES);
        EventHistory history = tracker == null ? null : EventHistory.builder(tracker).build();
        long readStart = System.nanoTime();
        ReadStats stats;
        CorrelationStats correlationStats;
        AlertSink alerts;
        HuntReport collected = report.collector(pipeline);
        FoldingWriter folding = null;
        try {
            DetectionWriter printed = DetectionWriter.of(detection, sink, output == null, sort == Sort.TIME,
                    dedup != null);
            folding = dedup == null ? null : new FoldingWriter(printed, dedup, FoldingWriter.MAX_OPEN_FOLDS);
            DetectionWriter writer = ReportOptions.feeding(folding == null ? printed : folding, collected);
            alerts = new AlertSink(writer, ruleFilter.minLevel, summary, responses, tracker);
            try (DetectorSession session = pipeline.session(detection, lateness, alerts, err, "the latest event time")
                    .open()) {
                Consumer<Event> matcher = pipeline.matcher(detection, alerts, session);
                Consumer<Event> reading = history == null ? matcher : event -> {
                    history.record(event);
                    matcher.accept(event);
                };
                ReadProgress progress = new ReadProgress();
                try (ProgressDisplay display = ProgressDisplay.start(progress, !quiet)) {
                    problems.beforePrint(() -> ProgressDisplay.clearLine(display));
                    Consumer<Event> observed = ReportOptions.observing(reading, collected);
                    stats = EventReader.builder().eventTime(detection.eventTime()).onProblem(problems)
                            .threads(threads).progress(progress)
                            .readAll(events, range == null ? observed : range.before(observed));
                }
                session.finish();
                correlationStats = session.stats();
                writer.finish();
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("cannot write output: " + Errors.describe(e));
            return 1;
        } finally {
            if (output != null) {
                closeQuietly(sink);
            }
        }
        long end = System.nanoTime();
        if (responses != null) {
            responses.finish(err); // waits for the deliveries under way, up to the drain timeout
        }
        problems.finish();
        String incidentsLine = null;
        if (tracker != null) {
            List<Incident> all = tracker.incidents();
            try {
                IncidentsFile.write(incidents, all, history);
            } catch (IOException | UncheckedIOException e) {
                err.println(NAME + ": cannot write the incidents: " + Errors.describe(e));
                return 1;
            }
            incidentsLine = Summary.incidentsLine(all, incidents.toString());
        }
        summary.rangeLine = range == null ? null : range.summaryLine();
        summary.foldLine = folding == null ? null : folding.summaryLine();
        summary.print(err, stats, correlationStats, incidentsLine, pipeline.loadNanos, pipeline.buildNanos,
                end - readStart);
        boolean reported = report.write(collected, pipeline, events, stats, err, NAME);
        if (responses != null) {
            err.println(responses.summaryLine());
        }
        if (ruleStats) {
            printHotRules(err, pipeline.engine.stats());
        }
        if (stats.events() == 0) {
            // the lines above say why, input by input: cannot open, no event files, no records, ...
            err.println("vigil hunt: no event could be read from --events");
        }
        err.flush();
        return stats.events() == 0 || !reported ? 1 : 0;
    }

    static void printHotRules(PrintWriter err, List<RuleStats> rules) {
        err.println("costliest rules (evaluations, matches, time):");
        for (RuleStats r : rules.subList(0, Math.min(HOT_RULES, rules.size()))) {
            err.printf(Locale.ROOT, "  %10d %8d %9.1f ms  %s (%s)%n", r.evaluations(), r.matches(), r.nanos() / 1e6,
                    TerminalText.escape(r.rule().title()), TerminalText.escape(String.valueOf(r.rule().source())));
        }
    }

    private static void closeQuietly(Writer w) {
        try {
            w.close();
        } catch (IOException ignored) {
            // what could be written has been flushed after each detection
        }
    }
}
