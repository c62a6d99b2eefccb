package dev.vigil.respond.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.respond.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The log action, through slf4j-simple (which writes to System.err, looked up on every line). */
class LogActionTest {

    private final LogAction action = new LogAction();

    /** What {@code call} writes to System.err. */
    private static String stderrOf(Callable<Outcome> call, Outcome expected) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(call.call()).isEqualTo(expected);
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDetection_isOneLine_atTheLevelAsked_withTitleIdAndSource() throws Exception {
        Detection d = TestAlerts.detection(Map.of("x", 1), "evil\nWARN forged line\r.jsonl", 42);
        String out = stderrOf(() -> action.execute(d, new TestAlerts.Context("k", Map.of("level", "warn"))), Outcome.done());
        assertThat(out.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("WARN " + LogAction.LOGGER + " - alert level=high rule=\"Suspicious thing\" id=" + d.id())
                .contains("source=evil\\u000aWARN forged line\\u000d.jsonl:42"));
    }

    @Test
    void aCorrelationAlert_namesItsGroup_atInfoByDefault() throws Exception {
        Map<String, String> group = new LinkedHashMap<>();
        group.put("user", "bob");
        group.put("host", "h1");
        CorrelationAlert c = TestAlerts.correlation(group);
        String out = stderrOf(() -> action.execute(c, new TestAlerts.Context("k", Map.of())), Outcome.done());
        assertThat(out.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("INFO " + LogAction.LOGGER + " - alert level=critical rule=\"Brute force\" id=" + c.id())
                .endsWith("group={user=bob, host=h1}"));
        stderrOf(() -> action.execute(c, new TestAlerts.Context("k", Map.of("level", "ERROR"))), Outcome.done());
    }

    @Test
    void anUnknownLevel_isAConfigurationError() throws Exception {
        assertThat(action.execute(TestAlerts.detection(1), new TestAlerts.Context("k", Map.of("level", "debug"))))
                .isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
    }
}
