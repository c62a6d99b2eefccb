package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadStats;
import dev.vigil.core.match.Engine;
import dev.vigil.core.match.RuleStats;
import dev.vigil.core.rule.Level;
import dev.vigil.correlation.CorrelationStats;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import dev.vigil.sigma.LoadResult;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "hunt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Runs Sigma rules (detection and correlation rules) over event files and prints each detection "
                    + "and correlation alert as it is found.",
            "Events are JSON Lines, JSON arrays or evtx_dump output, optionally gzipped. Detections go to "
                    + "stdout (or --output); rule problems, unreadable records and a summary go to stderr."},
        footer = {"", "Exit codes: 0 done (with or without detections; failed responses are reported, not "
                + "fatal), 1 no rule loaded, no event read (no event file found, or none with a readable record), "
                + "or a response policy with errors or naming actions that do not exist, 2 usage error."})
final class HuntCommand implements Callable<Integer> {

    /** How many unreadable-record lines are printed before the rest are only counted. */
    static final int MAX_PROBLEM_LINES = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Option(names = "--events", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Event files, or folders searched recursively for *.json, *.jsonl, *.ndjson and "
                    + "*.log files (each possibly .gz).")
    List<Path> events;

    @Option(names = "--min-level", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "Print only detections of rules at or above LEVEL: informational, low, medium, high "
                    + "or critical. Rules without a level count as informational. Default: informational.")
    Level minLevel = Level.INFORMATIONAL;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "table (the default: aligned, for reading), jsonl (one JSON object per detection) "
                    + "or csv (RFC 4180).")
    Format format = Format.TABLE;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write detections to FILE instead of stdout.")
    Path output;

    @Option(names = "--time-field", arity = "1..*", split = ",", paramLabel = "FIELD",
            description = "Fields (names or dotted paths) holding the event time, tried in order. Default: "
                    + "@timestamp, Event.System.TimeCreated.#attributes.SystemTime, TimeCreated, UtcTime, ...")
    List<String> timeFields;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Correlation state spread over N Drools sessions, each on its own thread. Results do not "
                    + "depend on N. Default: 1.")
    int partitions = 1;

    @Option(names = "--lateness", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How far behind the latest event time a match may come and still be correlated (e.g. 30s, "
                    + "5m, 1h), or 'unbounded'. Later ones are counted and dropped. Default: unbounded (event files "
                    + "are rarely in time order across files); a bound lets state be dropped as the hunt goes.")
    Duration lateness = SessionBuilder.UNBOUNDED;

    @Option(names = "--suppress", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After a correlation alert for a group, suppress the same rule's alerts for that group "
                    + "within DURATION. Default: 0 (none).")
    Duration suppress = Duration.ZERO;

    @Option(names = "--max-groups", paramLabel = "N",
            description = "At most N groups with state per correlation rule; beyond, the least recently used group "
                    + "is evicted (and counted). Default: 100000.")
    int maxGroups = 100_000;

    @Option(names = "--show-all-detections",
            description = "Also print detections of rules that only correlations with 'generate: false' (the "
                    + "Sigma default) refer to. They are counted in the summary either way.")
    boolean showAllDetections;

    @Option(names = "--stats",
            description = "After the summary, list the ten costliest rules (the hot rules of this hunt): "
                    + "evaluations, matches and time spent evaluating each.")
    boolean ruleStats;

    @Option(names = "--respond", paramLabel = "POLICY",
            description = "Deliver every alert printed (after --min-level) to the response actions the policy POLICY "
                    + "(YAML) routes it to; actions are found on the class path. A policy with errors, or naming an "
                    + "action that does not exist, stops the hunt before any event is read. See docs/RESPONSE.md.")
    Path respondPolicy;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "With --respond: append one JSON line per delivery attempt to FILE.")
    Path audit;

    /** How many rules --stats lists. */
    static final int HOT_RULES = 10;

    /** The output formats. */
    enum Format { TABLE, JSONL, CSV }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (audit != null && respondPolicy == null) {
            err.println("vigil hunt: --audit needs --respond");
            return 2;
        }
        Responses responses = null;
        if (respondPolicy != null) {
            responses = Responses.start(respondPolicy, audit, err);
            if (responses == null) {
                return 1;
            }
        }
        try {
            return hunt(err, responses);
        } finally {
            if (responses != null) {
                responses.close();
            }
        }
    }

    /** The hunt; {@code responses}, when not null, gets every alert the writer gets. */
    private int hunt(PrintWriter err, Responses responses) {
        long start = System.nanoTime();
        LoadResult loaded = RuleLoading.load(rules, err, MAX_PROBLEM_LINES);
        if (loaded == null) {
            return 1;
        }
        if (loaded.loaded() == 0) {
            err.println("vigil hunt: no rule loaded, nothing to do");
            return 1;
        }
        long buildStart = System.nanoTime();
        quietDrools();
        Engine engine = Engine.builder().addRules(loaded.rules()).build();
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations())
                .engine(engine).build();
        for (Problem p : detector.problems()) {
            err.println(RuleLoading.line(p));
        }
        EventTime time = timeFields == null ? EventTime.defaults() : EventTime.fromFields(timeFields);
        if (partitions < 1 || maxGroups < 1) {
            err.println("vigil hunt: --partitions and --max-groups must be at least 1");
            return 2;
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
        summary.correlating = !detector.correlations().isEmpty();
        ProblemLines problems = new ProblemLines(err, MAX_PROBLEM_LINES);
        long readStart = System.nanoTime();
        ReadStats stats;
        CorrelationStats correlationStats = null;
        long[] lateShown = new long[1];
        DetectionWriter writer;
        try {
            writer = switch (format) {
                case TABLE -> new TableWriter(sink);
                case JSONL -> new JsonlWriter(sink);
                case CSV -> new CsvWriter(sink);
            };
        } catch (IOException e) {
            err.println("cannot write output: " + Errors.describe(e));
            return 1;
        }
        Consumer<Alert> alerts = alert -> {
            Level level = alert.metadata().level() == null ? Level.INFORMATIONAL : alert.metadata().level();
            if (level.compareTo(minLevel) < 0) {
                summary.hidden++;
                return;
            }
            if (alert instanceof CorrelationAlert) {
                summary.countCorrelation(level);
            } else {
                summary.count(level);
            }
            try {
                writer.write(alert);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (responses != null) {
                responses.accept(alert);
            }
        };
        try (DetectorSession session = detector.newSession().partitions(partitions).allowedLateness(lateness)
                .suppress(suppress).maxGroups(maxGroups).onAlert(alerts).onLate(d -> {
                    if (lateShown[0]++ < MAX_PROBLEM_LINES) {
                        err.println("too late to correlate: " + d.source() + " '" + d.rule().title() + "' at "
                                + d.timestamp() + " (more than --lateness " + lateness + " behind the latest event time)");
                    }
                }).open()) {
            Consumer<Event> matcher = event -> {
                for (Detection d : engine.match(event)) {
                    if (showAllDetections || detector.reports(d.rule())) {
                        alerts.accept(d);
                    } else {
                        summary.referencedOnly++;
                    }
                    session.acceptMatch(d);
                }
            };
            stats = EventReader.builder().eventTime(time).onProblem(problems).readAll(events, matcher);
            session.finish();
            correlationStats = session.stats();
            writer.finish();
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
        summary.print(err, stats, correlationStats, buildStart - start, readStart - buildStart, end - readStart);
        if (responses != null) {
            err.println(responses.summaryLine());
        }
        if (ruleStats) {
            printHotRules(err, engine.stats());
        }
        if (stats.events() == 0) {
            // the lines above say why, input by input: cannot open, no event files, no records, ...
            err.println("vigil hunt: no event could be read from --events");
        }
        err.flush();
        return stats.events() == 0 ? 1 : 0;
    }

    static void printHotRules(PrintWriter err, List<RuleStats> rules) {
        err.println("costliest rules (evaluations, matches, time):");
        for (RuleStats r : rules.subList(0, Math.min(HOT_RULES, rules.size()))) {
            err.printf(Locale.ROOT, "  %10d %8d %9.1f ms  %s (%s)%n", r.evaluations(), r.matches(), r.nanos() / 1e6,
                    r.rule().title(), r.rule().source());
        }
    }

    /** Drools logs its rule base builds at INFO; the summary says what matters. */
    static void quietDrools() {
        for (String logger : List.of("org.drools", "org.kie")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    static Level effectiveLevel(Detection d) {
        Level level = d.rule().level();
        return level == null ? Level.INFORMATIONAL : level;
    }

    private static void closeQuietly(Writer w) {
        try {
            w.close();
        } catch (IOException ignored) {
            // what could be written has been flushed after each detection
        }
    }

    static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String text) {
            Level level = Level.parse(text);
            if (level == null) {
                throw new TypeConversionException("'" + text + "' is not one of informational, low, medium, high, critical");
            }
            return level;
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 0} or {@code unbounded}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

        @Override
        public Duration convert(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("unbounded")) {
                return SessionBuilder.UNBOUNDED;
            }
            Matcher m = DURATION.matcher(t);
            if (!m.matches() || (m.group(2) == null && !m.group(1).equals("0"))) {
                throw new TypeConversionException("'" + text + "' is not a duration such as 30s, 5m, 1h, 2d or unbounded");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String text) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + text + "' is not one of table, jsonl, csv");
        }
    }
}
