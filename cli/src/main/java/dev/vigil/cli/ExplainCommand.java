package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.sigma.Explanation;
import dev.vigil.sigma.LogsourceMapping;
import dev.vigil.sigma.RuleExplainer;
import dev.vigil.sigma.SigmaLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "explain",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Says why Sigma rules did or did not match one event: the log source check, the condition with "
                    + "the truth value of each and/or/not and '1 of'/'all of' node, each selection, and each "
                    + "field item with the event's value for that field (✓ true, ✗ false)."},
        footer = {"", "Exit codes: 0 every rule explained matched, 1 one did not, 2 usage error "
                + "(or a rule or event that cannot be read)."})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @ArgGroup(exclusive = true, multiplicity = "1")
    EventSource event;

    static final class EventSource {
        @Option(names = "--event", paramLabel = "JSON",
                description = "The event: a JSON object, or @FILE for a file holding one.")
        String json;

        @ArgGroup(exclusive = false)
        InFile inFile;
    }

    static final class InFile {
        @Option(names = "--event-file", required = true, paramLabel = "FILE",
                description = "A file of events (JSON Lines, a JSON array, evtx_dump output); with --line.")
        Path file;

        @Option(names = "--line", required = true, paramLabel = "N",
                description = "The line of --event-file on which the event starts (1-based).")
        int line;
    }

    @Option(names = "--id", paramLabel = "ID",
            description = "Explain only the rule with this id (or title), where the files hold several.")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Event e = readEvent();
            RuleExplainer explainer = RuleExplainer.of(loader());
            List<Explanation> explanations = new ArrayList<>();
            for (Path file : ruleFiles()) {
                for (Explanation x : explainer.explain(file, e)) {
                    if (id == null || id.equals(x.id()) || id.equals(x.title())) {
                        explanations.add(x);
                    }
                }
            }
            if (explanations.isEmpty()) {
                throw new Unusable((id == null ? "no detection rule in " : "no rule with id or title '" + id + "' in ")
                        + rules.rules);
            }
            boolean all = true;
            for (Explanation x : explanations) {
                out.print(x.format(TerminalText::escape));
                all &= x.matched();
            }
            out.flush();
            return all ? 0 : 1;
        } catch (Unusable | IllegalArgumentException ex) {
            err.println(TerminalText.escape("vigil explain: " + Errors.firstLine(ex.getMessage())));
        } catch (IOException ex) {
            err.println(TerminalText.escape("vigil explain: " + Errors.describe(ex)));
        }
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /** An input that cannot be explained: a usage error, its message naming the input and the reason. */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private SigmaLoader loader() throws IOException {
        LogsourceMapping mapping = LogsourceMapping.defaults();
        if (rules.mapping != null) {
            mapping = mapping.extendedWith(rules.mapping);
        }
        return SigmaLoader.builder().mapping(mapping).logsourceMode(rules.logsourceMode)
                .placeholders(rules.placeholderValues()).build();
    }

    private List<Path> ruleFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : rules.rules) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yml") || n.endsWith(".yaml");
                    }).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private Event readEvent() throws IOException, Unusable {
        List<Problem> problems = new ArrayList<>();
        EventReader.Builder reader = EventReader.builder().onProblem(problems::add);
        if (event.inFile != null) {
            try (EventReader r = reader.open(event.inFile.file)) {
                for (Event e : r) {
                    if (e.source().line() == event.inFile.line) {
                        return e;
                    }
                }
            }
            for (Problem p : problems) {
                if (p.where().line() == event.inFile.line) {
                    throw new Unusable(p.toString());
                }
            }
            throw new Unusable(event.inFile.file + ": no event starts on line " + event.inFile.line);
        }
        String json = event.json;
        String origin = "--event";
        if (json.startsWith("@")) {
            Path file = Path.of(json.substring(1));
            json = Files.readString(file, StandardCharsets.UTF_8);
            origin = file.toString();
        }
        List<Event> events = new ArrayList<>();
        try (EventReader r = reader.open(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), origin)) {
            r.forEach(events::add);
        }
        if (!problems.isEmpty()) {
            throw new Unusable(problems.get(0).toString());
        }
        if (events.size() != 1) {
            throw new Unusable(origin + ": holds " + events.size() + " events, not one"
                    + (events.isEmpty() ? "" : " (pick one with --event-file FILE --line N)"));
        }
        return events.get(0);
    }
}
