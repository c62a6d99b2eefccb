package dev.vigil.cli;

import dev.vigil.core.Detection;
import dev.vigil.core.Engine;
import dev.vigil.core.Event;
import dev.vigil.core.EventReader;
import dev.vigil.core.EventTime;
import dev.vigil.core.ReadStats;
import dev.vigil.core.rule.Level;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
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
            "Runs Sigma rules over event files and prints each detection as it is found.",
            "Events are JSON Lines, JSON arrays or evtx_dump output, optionally gzipped. Detections go to "
                    + "stdout (or --output); rule problems, unreadable records and a summary go to stderr."},
        footer = {"", "Exit codes: 0 done (with or without detections), 1 no rule loaded or no event file "
                + "read, 2 usage error."})
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

    /** The output formats. */
    enum Format { TABLE, JSONL, CSV }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
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
        Engine engine = Engine.builder().addRules(loaded.rules()).build();
        EventTime time = timeFields == null ? EventTime.defaults() : EventTime.fromFields(timeFields);

        Writer sink;
        try {
            sink = output == null ? spec.commandLine().getOut()
                    : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("cannot write output: " + Errors.describe(e));
            return 1;
        }

        Summary summary = new Summary();
        ProblemLines problems = new ProblemLines(err, MAX_PROBLEM_LINES);
        long readStart = System.nanoTime();
        ReadStats stats;
        try {
            DetectionWriter writer = switch (format) {
                case TABLE -> new TableWriter(sink);
                case JSONL -> new JsonlWriter(sink);
                case CSV -> new CsvWriter(sink);
            };
            Consumer<Event> matcher = event -> {
                for (Detection d : engine.match(event)) {
                    Level level = effectiveLevel(d);
                    if (level.compareTo(minLevel) < 0) {
                        summary.hidden++;
                        continue;
                    }
                    summary.count(level);
                    try {
                        writer.write(d);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            stats = EventReader.builder().eventTime(time).onProblem(problems).readAll(events, matcher);
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
        problems.finish();
        summary.print(err, stats, buildStart - start, readStart - buildStart, end - readStart);
        err.flush();
        return stats.files() == 0 ? 1 : 0;
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
