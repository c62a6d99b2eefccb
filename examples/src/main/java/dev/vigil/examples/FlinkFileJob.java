package dev.vigil.examples;

import dev.vigil.core.event.Event;
import dev.vigil.flink.EventFileFormat;
import dev.vigil.flink.RuleSet;
import dev.vigil.flink.VigilFlink;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Vigil on Flink, file to file: Sigma rules and correlations over event files, alerts as JSON Lines,
 * exactly once (the file sink commits with checkpoints). Run locally from the repository root, after
 * {@code ./mvnw -q -DskipTests package}:
 * <pre>{@code
 * java -cp "examples/target/classes:$(cat examples/target/flink-classpath.txt)" dev.vigil.examples.FlinkFileJob
 * }</pre>
 * or with arguments {@code RULES EVENTS OUTPUT} (defaults: {@code examples/rules},
 * {@code examples/events/sample.jsonl}, {@code target/flink-alerts}); on a cluster, submit the same class
 * in a job jar with {@code flink run} (see docs/FLINK.md).
 */
public final class FlinkFileJob {

    private FlinkFileJob() {
    }

    public static void main(String[] args) throws Exception {
        String base = Files.isDirectory(java.nio.file.Path.of("examples/rules")) ? "examples/" : "";
        String rules = args.length > 0 ? args[0] : base + "rules";
        String events = args.length > 1 ? args[1] : base + "events/sample.jsonl";
        String output = args.length > 2 ? args[2] : "target/flink-alerts";
        build(StreamExecutionEnvironment.getExecutionEnvironment(), rules, events, output);
    }

    /** Builds and runs the job: events from files under {@code events}, alerts to part files under {@code output}. */
    static void build(StreamExecutionEnvironment env, String rules, String events, String output) throws Exception {
        // the rule texts are read here, on the client, and travel with the job
        RuleSet ruleSet = RuleSet.read("examples", List.of(java.nio.file.Path.of(rules)));
        env.enableCheckpointing(10_000);

        FileSource<Event> files = FileSource.forBulkFileFormat(new EventFileFormat(),
                new Path(java.nio.file.Path.of(events).toAbsolutePath().toUri())).build();
        // event time from the events, that forged times cannot move; files are rarely in order: an hour of disorder
        DataStream<Event> stream = env.fromSource(files, VigilFlink.watermarks(Duration.ofHours(1)), "events");

        VigilFlink.builder(ruleSet).allowedLateness(Duration.ofHours(1)).apply(stream).alerts()
                .map(a -> a.json).returns(String.class)
                .sinkTo(FileSink.forRowFormat(new Path(java.nio.file.Path.of(output).toAbsolutePath().toUri()),
                        new SimpleStringEncoder<String>()).build());
        env.execute("vigil-file-job");
    }
}
