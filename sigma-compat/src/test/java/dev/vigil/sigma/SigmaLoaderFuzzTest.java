package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.Problem;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import java.util.List;
import java.util.Map;

/**
 * Any text as a rule file: loading never throws, every problem names the file, and whatever rules
 * load give the same detections in the optimized matcher as in the reference evaluator.
 *
 * <p>A normal build runs only the seeds in {@code SigmaLoaderFuzzTestInputs/}. To fuzz (five minutes;
 * new failing inputs are written next to the seeds):
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -o test -pl core,sigma-compat -Dtest=SigmaLoaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class SigmaLoaderFuzzTest {

    private static final List<Event> EVENTS = List.of(
            Event.of(Map.of("Image", "C:\\x.exe", "CommandLine", "run -a bxc", "User", "admin", "EventID", 4625,
                    "product", "windows", "category", "process_creation")),
            Event.of(Map.of("f", "10.1.2.3", "g", "10.1.2.3", "h", "YWJj", "i", "/x", "j", "", "t",
                    "2024-01-02T03:03:00Z", "message", "evil things")),
            Event.of(Map.of("Event", Map.of("EventData", Map.of("Image", "a.exe")), "k", List.of())));

    @FuzzTest(maxDuration = "5m")
    void loadsAnyText(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        for (LogsourceMode mode : LogsourceMode.values()) {
            LoadResult loaded = SigmaLoader.builder().logsourceMode(mode).build().loadString(text, "fuzz.yml");
            for (Problem p : loaded.problems()) {
                assertThat(p.where().file()).isEqualTo("fuzz.yml");
                assertThat(p.message()).isNotBlank();
            }
            if (loaded.rules().isEmpty()) {
                continue;
            }
            Engine optimized = Engine.builder().addRules(loaded.rules()).build();
            Engine reference = Engine.builder().addRules(loaded.rules()).reference(true).build();
            for (Event e : EVENTS) {
                assertThat(ids(optimized.match(e))).isEqualTo(ids(reference.match(e)));
            }
        }
    }

    private static List<String> ids(List<Detection> found) {
        return found.stream().map(d -> d.rule().key()).toList();
    }
}
