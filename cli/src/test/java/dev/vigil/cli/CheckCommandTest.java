package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    static final String GOOD = """
            title: Whoami Run
            id: 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001
            status: test
            logsource:
              product: windows
              category: process_creation
            detection:
              selection:
                CommandLine|contains: whoami
              condition: selection
            level: low
            """;

    @TempDir
    Path dir;

    @Test
    void check_goodAndBadRules_printsOneLinePerRejectionAndLoadedLast() throws IOException {
        Files.writeString(dir.resolve("good.yml"), GOOD);
        Files.writeString(dir.resolve("bad.yml"), """
                title: Bad Condition
                logsource:
                  product: windows
                detection:
                  selection:
                    Image: x
                  condition: selection and nothere
                """);
        Files.writeString(dir.resolve("broken.yml"), "title: [unclosed\n");

        CliRun run = CliRun.of("check", "--rules", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.lastOutLine()).isEqualTo("loaded 1 of 3 rules");
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().subList(0, 2))
                .anySatisfy(l -> assertThat(l).startsWith(dir.resolve("bad.yml") + ":").contains("nothere"))
                .anySatisfy(l -> assertThat(l).startsWith(dir.resolve("broken.yml") + ":1:17: invalid YAML"));
        assertThat(run.err()).isEmpty();
    }

    /**
     * check builds what hunt runs, the correlation detector included: a correlation the loader accepts
     * but the detector leaves out (it names one rule twice, by name and by id) is reported by check, as
     * hunt reports it, and not counted as loaded.
     */
    @Test
    void check_buildsTheDetector_andReportsWhatHuntWouldLeaveOut() throws IOException {
        Files.writeString(dir.resolve("a_rule.yml"), GOOD.replace("level: low", "name: whoami\nlevel: low"));
        Files.writeString(dir.resolve("b_corr.yml"), """
                title: Twice
                correlation:
                  type: temporal
                  rules: [whoami, 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001]
                  timespan: 10m
                """);

        CliRun check = CliRun.of("check", "--rules", dir.toString());
        CliRun hunt = CliRun.of("hunt", "--rules", dir.toString(), "--events", writeEvents().toString());

        assertThat(check.outLines()).hasSize(2);
        assertThat(check.outLines().get(0)).contains("Twice").contains("the same rule twice");
        assertThat(check.lastOutLine()).isEqualTo("loaded 1 of 2 rules");
        assertThat(check.exitCode()).isZero();
        assertThat(hunt.err()).contains("the same rule twice");
    }

    /** A correlation with a timespan over 24.8 days (2^31 ms) once broke the detector's rule base in hunt. */
    @Test
    void check_aLongTimespan_buildsTheDetector() throws IOException {
        Files.writeString(dir.resolve("a_rule.yml"), GOOD.replace("level: low", "name: whoami\nlevel: low"));
        Files.writeString(dir.resolve("b_corr.yml"), """
                title: Monthly
                correlation:
                  type: event_count
                  rules: whoami
                  timespan: 30d
                  condition: {gte: 2}
                """);

        CliRun run = CliRun.of("check", "--rules", dir.toString());

        assertThat(run.outLines()).containsExactly("loaded 2 of 2 rules");
        assertThat(run.exitCode()).isZero();
    }

    private Path writeEvents() throws IOException {
        return Files.writeString(dir.resolve("events.jsonl"),
                "{\"CommandLine\": \"whoami\", \"@timestamp\": \"2024-01-01T00:00:00Z\"}\n");
    }

    @Test
    void check_unknownStatus_printsWarningPrefixed() throws IOException {
        Files.writeString(dir.resolve("odd.yml"), GOOD.replace("status: test", "status: shiny"));

        CliRun run = CliRun.of("check", "--rules", dir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "warning: " + dir.resolve("odd.yml") + ":3:1 (status): unknown status 'shiny'",
                "loaded 1 of 1 rules");
    }

    @Test
    void check_nothingLoaded_exitsOne() throws IOException {
        Path missing = dir.resolve("missing");

        CliRun run = CliRun.of("check", "--rules", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(missing + ": no such file or folder", "loaded 0 of 0 rules");
    }

    @Test
    void check_placeholderGiven_loadsExpandRule() throws IOException {
        Files.writeString(dir.resolve("expand.yml"), GOOD.replace("CommandLine|contains: whoami",
                "User|expand: '%admins%'"));

        CliRun without = CliRun.of("check", "--rules", dir.toString());
        CliRun with = CliRun.of("check", "--rules", dir.toString(), "--placeholder", "admins=root",
                "--placeholder", "admins=*admin*");

        assertThat(without.lastOutLine()).isEqualTo("loaded 0 of 1 rules");
        assertThat(without.exitCode()).isEqualTo(1);
        assertThat(with.outLines()).containsExactly("loaded 1 of 1 rules");
    }

    @Test
    void check_unreadableMapping_reportsOneLine() {
        CliRun run = CliRun.of("check", "--rules", dir.toString(), "--mapping", dir.resolve("nope.yml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly("cannot read mapping: " + dir.resolve("nope.yml") + ": no such file or folder");
    }
}
