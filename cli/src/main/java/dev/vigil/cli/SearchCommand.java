package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadStats;
import dev.vigil.core.rule.RegexShape;
import dev.vigil.core.rule.RuleLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Predicate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "search",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Searches event files for a text or a regular expression, as grep does, for the questions that follow "
                    + "a detection: where else does this host, hash, user or command line appear?",
            "Reads the same inputs as hunt (JSON, JSON Lines, evtx_dump output, .evtx, gzipped). Each event with a "
                    + "value that contains TEXT (case-insensitively, unless --cased) or matches --regex is printed "
                    + "with its file and line. Values are the event's leaf values (numbers by their text); field "
                    + "names are not searched."},
        footer = {"", "Exit codes: 0 at least one event matched, 1 none matched or no event could be read, "
                + "2 usage error (an invalid regular expression included)."})
final class SearchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many characters of a matching value the table shows. */
    static final int VALUE_WIDTH = 160;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Event files, or folders searched recursively for *.evtx, *.json, *.jsonl, *.ndjson and "
                    + "*.log files (each possibly .gz).")
    List<Path> events;

    @ArgGroup(exclusive = true)
    Kind kind = new Kind();

    static final class Kind {
        @Option(names = "--string", paramLabel = "TEXT", description = "Look for this plain text.")
        String string;

        @Option(names = "--regex", paramLabel = "REGEX", description = "Look for this regular expression (RE2 "
                + "syntax, matched in linear time, anywhere in the value unless anchored with ^ and $).")
        String regex;
    }

    @Option(names = {"-i", "--ignore-case"}, description = "With --regex: ignore case.")
    boolean ignoreCase;

    @Option(names = "--cased", description = "With a plain text: match case exactly.")
    boolean cased;

    @Option(names = "--field", arity = "1..*", paramLabel = "FIELD",
            description = "Search only these fields (names or dotted paths; a name is also looked for under "
                    + "Event.System and Event.EventData, as evtx_dump nests them).")
    List<String> fields;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "table (the default: time, computer, channel, event id, file:line and the value that "
                    + "matched) or jsonl (the whole event as JSON, with its file and line).")
    String format = "table";

    @Option(names = "--limit", paramLabel = "N",
            description = "Stop reading after N matching events. Default: no limit.")
    long limit = Long.MAX_VALUE;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT",
            description = "The plain text to look for, when neither --string nor --regex gives it; it comes before "
                    + "--events (or after --), which takes every path that follows it.")
    String text;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = TerminalText.writer(spec.commandLine().getErr());
        boolean jsonl = format.equalsIgnoreCase("jsonl");
        if (!jsonl && !format.equalsIgnoreCase("table")) {
            err.println("vigil search: --format is table or jsonl, not '" + TerminalText.escape(format) + "'");
            return 2;
        }
        if (limit < 1) {
            err.println("vigil search: --limit must be at least 1");
            return 2;
        }
        int given = (text != null ? 1 : 0) + (kind.string != null ? 1 : 0) + (kind.regex != null ? 1 : 0);
        if (given != 1) {
            err.println("vigil search: give what to look for once: TEXT, --string TEXT or --regex REGEX");
            return 2;
        }
        Predicate<String> test;
        try {
            test = predicate();
        } catch (PatternSyntaxException e) {
            err.println("vigil search: invalid regular expression: " + TerminalText.escape(e.getMessage()));
            return 2;
        }
        List<List<FieldPath>> paths = fields == null ? null : fields.stream().map(EventFields::paths).toList();
        long[] matched = {0};
        ProblemLines problems = new ProblemLines(err, Pipeline.MAX_PROBLEM_LINES);
        Consumer<Event> search = event -> {
            if (matched[0] >= limit) {
                return;
            }
            String hit = firstHit(event, paths, test);
            if (hit != null) {
                matched[0]++;
                out.println(jsonl ? json(event) : row(event, hit));
                out.flush();
            }
        };
        ReadStats stats = EventReader.builder().onProblem(problems).stopWhen(() -> matched[0] >= limit)
                .readAll(events, search);
        problems.finish();
        err.println("files read:       " + stats.files());
        err.println("events read:      " + stats.events());
        err.println("records skipped:  " + stats.skipped());
        err.println("matching events:  " + matched[0] + (matched[0] >= limit ? " (--limit reached: reading stopped)" : ""));
        err.flush();
        return matched[0] > 0 ? 0 : 1;
    }

    private Predicate<String> predicate() {
        if (kind.regex != null) {
            String problem = RegexShape.problem(kind.regex, RuleLimits.defaults());
            if (problem != null) {
                throw new PatternSyntaxException(problem, kind.regex);
            }
            Pattern p = Pattern.compile(kind.regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            return v -> p.matcher(v).find();
        }
        String plain = text != null ? text : kind.string;
        if (cased) {
            return v -> v.contains(plain);
        }
        String lower = plain.toLowerCase(Locale.ROOT);
        return v -> v.toLowerCase(Locale.ROOT).contains(lower);
    }

    /** The first value of the event (or of the fields asked for) that the test accepts, or null. */
    static String firstHit(Event event, List<List<FieldPath>> fields, Predicate<String> test) {
        String[] hit = {null};
        Consumer<Object> check = v -> {
            if (hit[0] == null && v != null && !(v instanceof Map) && !(v instanceof List) && test.test(v.toString())) {
                hit[0] = v.toString();
            }
        };
        if (fields == null) {
            event.forEachLeaf(check);
        } else {
            for (List<FieldPath> field : fields) {
                for (FieldPath path : field) {
                    event.values(path, v -> {
                        if (v instanceof Map || v instanceof List) {
                            Event.of(Map.of("v", v)).forEachLeaf(check);
                        } else {
                            check.accept(v);
                        }
                    });
                }
            }
        }
        return hit[0];
    }

    private static String row(Event event, String hit) {
        StringBuilder sb = new StringBuilder();
        sb.append(event.timestamp() == null ? "-" : TableWriter.TIME.format(event.timestamp())).append("  ");
        sb.append(TableWriter.orDash(EventFields.computer(event))).append("  ");
        sb.append(TableWriter.orDash(TableWriter.shortChannel(EventFields.channel(event)))).append("  ");
        sb.append(TableWriter.orDash(EventFields.eventId(event))).append("  ");
        sb.append(TableWriter.source(event.source())).append("  ");
        sb.append(EventFields.cut(hit.strip().replaceAll("\\s+", " "), VALUE_WIDTH));
        return TerminalText.escape(sb.toString());
    }

    private static String json(Event event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", event.source().file());
        out.put("line", event.source().line());
        out.put("timestamp", event.timestamp() == null ? null : event.timestamp().toString());
        out.put("event", event.fields());
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
