package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.correlation.Detector;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SigmaHQ's {@code unsupported} folder: rules in the Sigma 1 aggregation syntax and collections. At
 * least 95% of its files load (as correlations where they aggregate), and each rejection says why.
 */
class UnsupportedFolderTest {

    @Test
    void atLeast95PercentOfTheFilesLoad_eachRejectionSaysWhy() throws IOException {
        Path folder = SharedData.require("sigma/unsupported");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.toString().endsWith(".yml")).toList();
        }
        LoadResult result = SigmaLoader.builder().build().load(List.of(folder));
        Set<String> rejected = new TreeSet<>();
        for (Problem p : result.errors()) {
            rejected.add(p.where().file());
            assertThat(p.where().line()).isPositive();
            assertThat(p.message()).doesNotContain("not supported");
        }
        double share = 1 - rejected.size() / (double) files.size();
        assertThat(share).as("files loaded; rejected: %s", rejected).isGreaterThanOrEqualTo(0.95);
        assertThat(result.correlations()).hasSizeGreaterThan(40);
        // what loads also compiles into a detector, every correlation usable
        Detector detector = Detector.builder().addRules(result.rules()).addCorrelations(result.correlations()).build();
        assertThat(detector.problems()).isEmpty();
    }
}
