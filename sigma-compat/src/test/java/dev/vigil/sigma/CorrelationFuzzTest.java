package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import java.util.List;
import java.util.Map;

/**
 * Any text as correlation documents (Sigma correlation rules specification) beside three detection
 * rules: loading never throws and names the file in every problem, and whatever loads builds a
 * {@link Detector} (its Drools rule base included) that takes events to the end without an exception;
 * a correlation the loader accepts never breaks the Detector.
 *
 * <p>A normal build runs only the seeds in {@code CorrelationFuzzTestInputs/}. To fuzz:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -o test -pl core,correlation,sigma-compat -Dtest=CorrelationFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class CorrelationFuzzTest {

    private static final String RULES = """
            title: failed logon
            id: 1b1b1b1b-0000-0000-0000-000000000001
            name: failed
            logsource: {product: windows}
            detection: {sel: {EventID: 4625}, condition: sel}
            ---
            title: success
            name: success
            logsource: {product: windows}
            detection: {sel: {EventID: 4624}, condition: sel}
            ---
            title: process
            name: proc
            logsource: {product: windows}
            detection: {sel: {Image|endswith: '.exe'}, condition: sel}
            ---
            """;

    private static final List<Event> EVENTS = List.of(
            Event.of(Map.of("EventID", 4625, "TargetUserName", "bob", "Bytes", 10, "@timestamp", "2024-01-01T00:00:00Z")),
            Event.of(Map.of("EventID", 4624, "TargetUserName", "bob", "Bytes", "x", "@timestamp", "2024-01-01T00:01:00Z")),
            Event.of(Map.of("Image", "a.exe", "User", "bob", "Bytes", 1e300, "@timestamp", "2024-01-01T00:02:00Z")),
            Event.of(Map.of("EventID", 4625, "TargetUserName", "eve", "@timestamp", "2025-06-01T00:00:00Z")));

    @FuzzTest(maxDuration = "5m")
    void loadsAnyCorrelation(FuzzedDataProvider data) {
        String text = RULES + data.consumeRemainingAsString();
        LoadResult loaded = SigmaLoader.builder().build().loadString(text, "fuzz.yml");
        for (Problem p : loaded.problems()) {
            assertThat(p.where().file()).isEqualTo("fuzz.yml");
            assertThat(p.message()).isNotBlank();
        }
        if (loaded.correlations().isEmpty()) {
            return;
        }
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        try (DetectorSession session = detector.newSession().onAlert(a -> { }).open()) {
            for (Event e : EVENTS) {
                session.accept(e);
            }
            session.finish();
        }
    }
}
