package dev.vigil.cli;

import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Level;
import dev.vigil.correlation.SessionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options {@code hunt} and {@code watch} share: what is printed, and how events are timed and matches
 * correlated. The allowed lateness is not here: its default differs (unbounded on event time, one minute on
 * the clock).
 */
final class DetectionOptions {

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "table (the default: aligned, for reading), jsonl (one JSON object per detection, "
                    + "values exact) or csv (RFC 4180). In table and csv, control characters and bidirectional "
                    + "controls are escaped (\\x1b, \\u202e).")
    Format format = Format.TABLE;

    @Option(names = "--full",
            description = "In the table, print rule titles, computers, channels and details untrimmed.")
    boolean full;

    @Option(names = "--no-color",
            description = "No colours in the table. Colours are used only when the table goes to a terminal, and "
                    + "never when the NO_COLOR environment variable is set.")
    boolean noColor;

    @Option(names = "--csv-formula-guard",
            description = "With --format csv: prefix with ' every cell that starts with =, +, -, @, tab or CR, so "
                    + "that a spreadsheet shows it as text instead of running it as a formula (OWASP's advice). "
                    + "Off by default: it changes the data (a value -5 becomes '-5) that timeline tools import.")
    boolean csvFormulaGuard;

    @Option(names = "--time-field", arity = "1..*", split = ",", paramLabel = "FIELD",
            description = "Fields (names or dotted paths) holding the event time, tried in order. Default: "
                    + "@timestamp, Event.System.TimeCreated.#attributes.SystemTime, TimeCreated, UtcTime, ...")
    List<String> timeFields;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Correlation state spread over N Drools sessions, each on its own thread. Results do not "
                    + "depend on N. Default: 1.")
    int partitions = 1;

    @Option(names = "--suppress", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After a correlation alert for a group, suppress the same rule's alerts for that group "
                    + "within DURATION. Default: 0 (none).")
    Duration suppress = Duration.ZERO;

    @Option(names = "--max-groups", paramLabel = "N",
            description = "At most N groups with state per correlation rule; beyond, the least recently used group "
                    + "is evicted (and counted). Default: 100000.")
    int maxGroups = 100_000;

    @Option(names = "--max-matches-per-group", paramLabel = "N",
            description = "At most N live matches per correlation group; beyond, the group's oldest match is dropped "
                    + "(and counted). A count rule that needs more raises it. Default: 10000.")
    int maxMatchesPerGroup = 10_000;

    @Option(names = "--max-future-skew", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "An event time further ahead of the clock than DURATION cannot be true: it is counted and "
                    + "correlated as if the event had no time. 'unbounded' trusts every time. Default: 1d.")
    Duration maxFutureSkew = Duration.ofDays(1);

    @Option(names = "--show-all-detections",
            description = "Also print detections of rules that only correlations with 'generate: false' (the "
                    + "Sigma default) refer to. They are counted in the summary either way.")
    boolean showAllDetections;

    /** The output formats. */
    enum Format { TABLE, JSONL, CSV }

    EventTime eventTime() {
        return timeFields == null ? EventTime.defaults() : EventTime.fromFields(timeFields);
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
