package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shared helpers of the spec-driven tests: small Sigma rules as YAML text, loaded with
 * {@link LogsourceMode#IGNORE} so that no log source mapping is involved, and events as maps.
 *
 * <p>Sigma values are written into YAML single-quoted strings, where a backslash is an ordinary
 * character: the Java literal {@code "C:\\Windows"} is the Sigma text {@code C:\Windows}.
 */
final class SigmaTestSupport {

    /** The loader used unless a test is about log sources or placeholders. */
    static final SigmaLoader IGNORE = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();

    /** A rule that loads cleanly, to put beside a bad one in the same file. */
    static final String GOOD_RULE = """
            title: good
            logsource: {product: windows}
            detection:
              sel: {a: b}
              condition: sel
            """;

    private SigmaTestSupport() {
    }

    /** Bytes allocated by this thread while running {@code r}. */
    static long allocated(Runnable r) {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    /** A complete rule document around a {@code detection} body written without indentation. */
    static String ruleText(String detection) {
        return """
                title: Test rule
                id: 11111111-2222-3333-4444-555555555555
                logsource:
                    product: test
                detection:
                """ + indent(detection);
    }

    /** The one rule of a detection body; fails the test if it does not load cleanly. */
    static Rule rule(String detection) {
        return only(IGNORE, ruleText(detection));
    }

    /** The one rule of a detection body loaded by {@code loader}. */
    static Rule rule(SigmaLoader loader, String detection) {
        return only(loader, ruleText(detection));
    }

    /** A rule of one selection {@code key: 'value'} (value as Sigma text, single-quoted in YAML). */
    static Rule field(String key, String sigmaValue) {
        return rule("selection:\n    " + key + ": " + quote(sigmaValue) + "\ncondition: selection\n");
    }

    /** The one rule of a YAML text; fails the test if it has errors or not exactly one rule. */
    static Rule only(SigmaLoader loader, String yaml) {
        LoadResult result = loader.loadString(yaml, "test.yml");
        assertThat(result.errors()).as("load errors").isEmpty();
        assertThat(result.rules()).hasSize(1);
        return result.rules().get(0);
    }

    /** The one error a detection body is rejected with; fails the test if a rule loads. */
    static Problem rejected(String detection) {
        return rejected(IGNORE, ruleText(detection));
    }

    /** The one error a YAML text is rejected with. */
    static Problem rejected(SigmaLoader loader, String yaml) {
        LoadResult result = loader.loadString(yaml, "test.yml");
        assertThat(result.rules()).as("rules loaded").isEmpty();
        assertThat(result.errors()).hasSize(1);
        return result.errors().get(0);
    }

    /** The YAML single-quoted form of {@code s}. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** An event of alternating keys and values; values may be null, maps and lists. */
    static Event event(Object... keysAndValues) {
        return Event.of(map(keysAndValues));
    }

    /** A map of alternating keys and values, in order; values may be null. */
    static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append("    ").append(line);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
