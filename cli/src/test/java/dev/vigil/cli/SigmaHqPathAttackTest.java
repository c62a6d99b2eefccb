package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on {@code vigil test} over SigmaHQ's regression layout. *
 * <p>Found by an attack on issue 11; kept as regression tests. Fixed: test paths must be relative without "..", resolved inside the repository (nearest folder with .git, else the folder above --rules), links resolved; match_count 0 means must not match.
 */
class SigmaHqPathAttackTest {

    @TempDir
    Path top;

    private Path repoWithTest(String testPath, String matchCount) throws IOException {
        Path repo = Files.createDirectories(top.resolve("repo"));
        Path rule = repo.resolve("rules/windows/whoami.yml");
        Files.createDirectories(rule.getParent());
        Files.writeString(rule, CheckCommandTest.GOOD.replace("level: low",
                "level: low\nregression_tests_path: regression_data/whoami/info.yml"));
        Path info = repo.resolve("regression_data/whoami/info.yml");
        Files.createDirectories(info.getParent());
        Files.writeString(info, "regression_tests_info:\n    - {name: t, type: json, match_count: " + matchCount
                + ", path: '" + testPath + "'}\n");
        return repo;
    }

    /**
     * Attack: a rule repository (say, a pull request run in CI) whose info.yml names a test file outside the
     * repository: {@code path: ../../../outside/events.json} (or an absolute path). What goes wrong: paths
     * are tried "in the rule's folder or any folder above it", all the way to the file system root, and
     * absolute paths are taken as they are, so the case reads a file outside the repository (here it even
     * PASSes on it). Expected: a regression test path resolves inside the repository, or the case fails saying
     * the path leaves it.
     */
    @Test
    void aTestPathOutsideTheRepository_isNotRead() throws IOException {
        Path outside = Files.createDirectories(top.resolve("outside")).resolve("events.json");
        Files.writeString(outside, TestCommandSigmaHqTest.evtxDump("whoami /all"));
        for (String path : new String[] {"../../../outside/events.json", outside.toAbsolutePath().toString()}) {
            Path repo = repoWithTest(path, "1");

            CliRun run = CliRun.of("test", "--rules", repo.resolve("rules").toString());

            assertThat(run.out()).as("test path %s%n%s", path, run.out()).doesNotContain("PASS");
            assertThat(run.exitCode()).as("test path %s", path).isNotZero();
        }
    }

    /**
     * Attack: {@code match_count: 0}, a test that says the rule must not match its events, on events the rule
     * does match. What goes wrong: SigmaHQ counts are read as "at least", so {@code >= 0} is met by any count:
     * the case PASSes whatever the rule does (a vacuous test in the table). Expected: {@code match_count: 0}
     * fails when the rule matches (or is refused as a test that cannot fail).
     */
    @Test
    void matchCountZero_onAMatchingEvent_fails() throws IOException {
        Path repo = repoWithTest("regression_data/whoami/events.json", "0");
        Files.writeString(repo.resolve("regression_data/whoami/events.json"),
                TestCommandSigmaHqTest.evtxDump("whoami /all"));

        CliRun run = CliRun.of("test", "--rules", repo.resolve("rules").toString());

        assertThat(run.out()).as(run.out()).doesNotContain("PASS");
        assertThat(run.exitCode()).as(run.out()).isNotZero();
    }
    /**
     * Attack: the same escape, aimed at a file that is not JSON ({@code path: /etc/passwd}, a credentials file,
     * {@code /proc/self/environ}). What goes wrong: the case fails, but its reason quotes the file's first line
     * ("expected a JSON object, found: root:x:0:0:...") on stdout and stderr: a rule repository's pull request
     * prints the first line of any file readable by the CI runner into the CI log. Expected: the path is
     * refused, and no content of a file outside the repository is printed.
     */
    @Test
    void aTestPathOutsideTheRepository_doesNotPrintItsContent() throws IOException {
        Path secret = Files.createDirectories(top.resolve("outside")).resolve("token.txt");
        Files.writeString(secret, "SECRET-TOKEN-0123456789\n");
        Path repo = repoWithTest(secret.toAbsolutePath().toString(), "1");

        CliRun run = CliRun.of("test", "--rules", repo.resolve("rules").toString());

        assertThat(run.out() + run.err()).doesNotContain("SECRET-TOKEN");
    }
}
