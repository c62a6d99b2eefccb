package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Drools logs at INFO as it builds a rule base ("Start creation of KieBase"); a user of the command
 * line must not see that. Library logging (slf4j-simple, configured by simplelogger.properties) writes
 * to {@link System#err} as it is at log time, so capturing it here sees what a terminal would.
 */
class QuietDroolsTest {

    private static final Pattern LIBRARY_LOG = Pattern.compile("org\\.drools|org\\.kie|KieBase|KieContainer");
    private static final String PROBE = "vigil-test-probe: library logging reaches the captured System.err";

    @Test
    void hunt_withACorrelationRule_printsNoDroolsLogLines() {
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        CliRun run;
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            // a warning of a Drools logger is let through: it shows the capture sees library logging
            LoggerFactory.getLogger("org.drools.vigil.test").warn(PROBE);
            run = CliRun.of("hunt", "--rules", Examples.rules().toString(), "--events", Examples.events().toString(),
                    "--format", "jsonl");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String captured = systemErr.toString(StandardCharsets.UTF_8);
        assertThat(captured).as("slf4j-simple output is captured").contains(PROBE);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).as("the correlation ran (Drools was used)").contains("\"kind\":\"correlation\"");
        List<String> lines = Stream.of(run.out(), run.err(), systemOut.toString(StandardCharsets.UTF_8), captured)
                .flatMap(String::lines)
                .filter(l -> !l.contains(PROBE))
                .toList();
        assertThat(lines).noneMatch(l -> LIBRARY_LOG.matcher(l).find());
    }
}
