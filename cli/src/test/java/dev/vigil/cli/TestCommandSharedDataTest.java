package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vigil test} over SigmaHQ's regression pairs in {@code ../shared}, when it is there: 148 lines, 123
 * captures (the lines of a capture are one case), every one passing in both event shapes.
 */
class TestCommandSharedDataTest {

    @ParameterizedTest
    @ValueSource(strings = {"nested", "flat"})
    void sigmaHqRegressionPairs_allPass(String shape) {
        String property = System.getProperty("vigil.shared");
        Path shared = property == null ? null : Path.of(property);
        Path cases = shared == null ? null : shared.resolve("conformance/sigmahq-regression.jsonl");
        assumeTrue(cases != null && Files.isRegularFile(cases) && Files.isDirectory(shared.resolve("sigma/rules")),
                "skipped: the shared test data (system property vigil.shared, default ../shared) is absent: " + property);

        CliRun run = CliRun.of("test", "--rules", shared.resolve("sigma/rules").toString(), "--cases", cases.toString(),
                "--shape", shape);

        assertThat(run.lastOutLine()).as(run.err()).isEqualTo("123 cases: 123 passed, 0 failed");
        assertThat(run.outLines()).hasSize(125).filteredOn(l -> l.contains(" FAIL")).isEmpty();
        assertThat(run.exitCode()).isZero();
    }
}
