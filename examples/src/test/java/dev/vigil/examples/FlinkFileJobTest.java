package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink example job writes what the embedded detector finds in the example events, each alert once. */
class FlinkFileJobTest {

    @Test
    void exampleJob_writesTheEmbeddedDetectorsAlerts_once(@TempDir Path out) throws Exception {
        Path events = Path.of("events/sample.jsonl").toAbsolutePath();
        FlinkFileJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), "rules", events.toString(), out.toString());

        List<String> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                for (String line : Files.readAllLines(f)) {
                    written.add(AlertJson.read(line).id());
                }
            }
        }
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(Path.of("rules")));
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        List<String> expected = new ArrayList<>();
        try (DetectorSession session = detector.newSession().onAlert((Alert a) -> expected.add(a.id())).open();
                EventReader reader = EventReader.builder().open(events)) {
            reader.forEach(session::accept);
            session.finish();
        }
        assertThat(expected).isNotEmpty();
        assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
    }
}
