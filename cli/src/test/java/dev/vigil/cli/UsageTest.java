package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageTest {

    @ParameterizedTest(name = "[{index}] vigil {0}")
    @CsvSource(delimiter = '|', textBlock = """
            hunt --rules r --events e --bogus          | vigil hunt: Unknown option: '--bogus'
            hunt --bogus                                | vigil hunt: Unknown option: '--bogus'
            hunt --events e                             | vigil hunt: Missing required option: '--rules=PATH'
            check                                       | vigil check: Missing required option: '--rules=PATH'
            hunt --rules r --events e --min-level loud  | vigil hunt: Invalid value for option '--min-level': 'loud' is not one of informational, low, medium, high, critical
            hunt --rules r --events e --format xml      | vigil hunt: Invalid value for option '--format': 'xml' is not one of table, jsonl, csv
            hunt --rules r --events e --logsource maybe | vigil hunt: Invalid value for option '--logsource': 'maybe' is not one of mapped, hints, ignore
            check --rules r --placeholder novalue       | vigil check: Invalid value for option '--placeholder' (NAME=VALUE): 'novalue' is not NAME=VALUE
            check --rules r --placeholder =x            | vigil check: Invalid value for option '--placeholder' (NAME=VALUE): '=x' is not NAME=VALUE
            frobnicate                                  | vigil: Unknown command: 'frobnicate'
            ''                                          | vigil: missing command: check, hunt, watch, bench, export, explain or test
            """)
    void usageError_exitsTwoWithOneLine(String args, String message) {
        CliRun run = CliRun.of(args.isEmpty() ? new String[0] : args.split(" +"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith(message).contains("--help");
    }

    @Test
    void version_printsVersionAndCommit() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        // vigil 0.1.0-SNAPSHOT (commit 4cbbbbc); "unknown" for a build outside git
        assertThat(run.out()).matches("vigil \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,}|unknown)\\)\\R");
    }

    @Test
    void version_namesTheCommitOfThisCheckout_whenBuiltInGit() throws Exception {
        // the test runs from cli/; outside a git checkout (a source tarball) there is nothing to compare with.
        // The build names the latest commit that is not a merge (git's "log -1 --no-merges", as Maven SCM's git
        // provider asks it): after a merge, the last commit made on either side.
        Process git = new ProcessBuilder("git", "log", "-1", "--no-merges", "--format=%H").redirectErrorStream(true)
                .start();
        String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(git.waitFor() == 0 && head.matches("[0-9a-f]{40}"), "not built in a git checkout");

        // seven digits, more only where seven would be ambiguous in the repository
        assertThat(VersionProvider.commit()).hasSizeGreaterThanOrEqualTo(7).satisfies(c -> assertThat(head).startsWith(c));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            0.1.0          | 4cbbbbc                | vigil 0.1.0 (commit 4cbbbbc)
            0.1.0-SNAPSHOT | ${buildNumber}          | vigil 0.1.0-SNAPSHOT (commit unknown)
            0.1.0          | null                   | vigil 0.1.0 (commit unknown)
            ${project.version} | ''                 | vigil unknown (commit unknown)
            """)
    void versionLine_reportsWhatTheBuildCouldNotTellAsUnknown(String version, String commit, String line) {
        assertThat(VersionProvider.line(version, commit)).isEqualTo(line);
    }

    @Test
    void help_listsSubcommands() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("check", "hunt", "Exit codes");
    }
}
