package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.LogSource;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMapping;
import dev.vigil.sigma.MappingCoverage;
import dev.vigil.sigma.SigmaLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, field mapping completeness: the log sources of SigmaHQ's rules ({@code ../shared}) that the
 * bundled mapping serves. Every Windows log source (and the product-less {@code antivirus} category,
 * served by Defender) must resolve to an entry; the others are printed, for the report.
 */
class SigmaHqLogsourceCoverageTest {

    @Test
    void everyWindowsLogsourceOfSigmaHq_resolvesToABundledEntry() {
        Path rules = SharedData.require("sigma/rules");
        LoadResult r = SigmaLoader.builder().build().load(List.of(rules));
        List<MappingCoverage.Source> sources = MappingCoverage.of(r.rules(), LogsourceMapping.defaults());
        assertThat(sources).hasSizeGreaterThan(50);
        List<MappingCoverage.Source> unresolved = sources.stream().filter(s -> s.entries().isEmpty()).toList();
        unresolved.forEach(s -> System.out.println("no bundled entry: " + s.logSource() + " (" + s.rules() + " rules)"));
        assertThat(unresolved).extracting(MappingCoverage.Source::logSource)
                .noneMatch(ls -> "windows".equals(ls.product()))
                .doesNotContain(new LogSource(null, "antivirus", null),
                        new LogSource("kubernetes", null, "audit"), new LogSource("kubernetes", "application", "audit"));
        MappingCoverage.Source windefend = sources.stream()
                .filter(s -> new LogSource("windows", null, "windefend").equals(s.logSource())).findFirst().orElseThrow();
        assertThat(windefend.entries()).singleElement().satisfies(e -> assertThat(e.unmapped())
                .as("Defender's multi-word names are respelled").doesNotContain("NewValue", "ProcessName", "SourceName"));
    }
}
