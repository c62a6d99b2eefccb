package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the commands on the third-party rules and events of {@code ../shared}, when it is there. */
class SharedDataTest {

    private Path shared;

    @BeforeEach
    void findShared() {
        String property = System.getProperty("vigil.shared");
        shared = property == null ? null : Path.of(property);
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("sigma/rules")),
                "skipped: the shared test data (system property vigil.shared, default ../shared) is absent: " + property);
    }

    @Test
    void check_sigmaHqRules_loadsAtLeast99Percent() {
        CliRun run = CliRun.of("check", "--rules", shared.resolve("sigma/rules").toString());

        Matcher m = Pattern.compile("loaded (\\d+) of (\\d+) rules").matcher(run.lastOutLine());
        assertThat(m.matches()).as(run.lastOutLine()).isTrue();
        int loaded = Integer.parseInt(m.group(1));
        int documents = Integer.parseInt(m.group(2));
        assertThat(documents).isPositive();
        assertThat(loaded).isGreaterThanOrEqualTo((int) Math.ceil(0.99 * documents));
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void hunt_sigmaHqRulesOverOtrfEvents_findsDetectionsAndSkipsNothing() {
        Path events = shared.resolve("events/otrf");
        assumeTrue(Files.isDirectory(events), "skipped: " + events + " is absent");

        CliRun run = CliRun.of("hunt", "--rules", shared.resolve("sigma/rules").toString(),
                "--events", events.toString(), "--format", "jsonl");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.errLines()).contains("records skipped:  0");
        assertThat(run.outLines()).isNotEmpty().allMatch(l -> l.startsWith("{\"kind\":\"detection\""));
    }
}
