package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadStats;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled rules fire on the bundled events where they should, and only there. */
class EmbeddingExampleTest {

    private static final Path RULES = Path.of("rules");
    private static final Path EVENTS = Path.of("events");
    private static final String SAMPLE = EVENTS.resolve("sample.jsonl").toString();
    private static final String EVTX = EVENTS.resolve("sample-evtx.json").toString();

    @Test
    void bundledRules_allLoad() {
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(RULES));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.rules()).hasSizeBetween(5, 8);
        assertThat(loaded.correlations()).hasSize(1);
        assertThat(loaded.loaded()).isEqualTo(loaded.documents()).isEqualTo(loaded.rules().size() + 1);
    }

    @Test
    void detect_sampleEvents_firesExpectedRulesOnExpectedLines() throws IOException {
        List<Detection> detections = EmbeddingExample.detect(RULES, EVENTS.resolve("sample.jsonl"));

        assertThat(detections).extracting(d -> d.rule().title(), d -> d.source().file(), d -> d.source().line())
                .containsExactly(
                        tuple("Certutil Fetching a File From a URL", null, 0),
                        tuple("PowerShell Started With a Long Encoded Command", SAMPLE, 18),
                        tuple("Certutil Fetching a File From a URL", SAMPLE, 20),
                        tuple("Rundll32 Connecting To a Public Address", SAMPLE, 23),
                        tuple("Scheduled Task Created To Run As SYSTEM At Logon", SAMPLE, 24),
                        tuple("Credential Dumping Commands On a Command Line", SAMPLE, 25),
                        tuple("Failed Remote Desktop Logon", SAMPLE, 26),
                        tuple("Failed Remote Desktop Logon", SAMPLE, 27),
                        tuple("Security Audit Log Cleared", SAMPLE, 31));
    }

    @Test
    void detect_evtxDumpEvents_firesOnNestedEvents() throws IOException {
        List<Detection> detections = EmbeddingExample.detect(RULES, EVENTS.resolve("sample-evtx.json"));

        assertThat(detections.subList(1, detections.size()))
                .extracting(d -> d.rule().title(), d -> d.source().file(), d -> d.source().line())
                .containsExactly(
                        tuple("Certutil Fetching a File From a URL", EVTX, 69),
                        tuple("Failed Remote Desktop Logon", EVTX, 198));
        assertThat(detections.get(2).timestamp()).hasToString("2026-03-02T09:20:13.455871Z");
    }

    @Test
    void bundledEvents_readWithoutProblems() {
        List<Object> events = new ArrayList<>();
        ReadStats stats = EventReader.builder().readAll(List.of(EVENTS), events::add);

        assertThat(stats.problems()).isEmpty();
        assertThat(stats.skipped()).isZero();
        assertThat(stats.files()).isEqualTo(2);
        assertThat(events).hasSize(45);
    }
}
