package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Level;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.RuleFilter;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link RuleFilter} over SigmaHQ's folders: the command line's default filter leaves out exactly the
 * documents whose status is deprecated or unsupported, counted by status; {@code minLevel} exactly those
 * below it. The expected numbers are counted here from the files' own {@code status:} and {@code level:}
 * lines, not from the loader.
 */
class SigmaHqFilterTest {

    /** How many files under {@code folder} have a top-level line {@code key: value}. */
    private static long filesWith(Path folder, String key, String value) throws IOException {
        Pattern line = Pattern.compile("(?m)^" + key + ":\\s*" + value + "\\s*(#.*)?$");
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(".yml")).filter(p -> {
                try {
                    return line.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).count();
        }
    }

    private static LoadResult load(RuleFilter filter, Path... paths) {
        return SigmaLoader.builder().filter(filter).build().load(List.of(paths));
    }

    @Test
    void defaults_skipTheDeprecatedFolder_byStatus() throws IOException {
        Path deprecated = SharedData.require("sigma/deprecated");
        long byStatus = filesWith(deprecated, "status", "deprecated");
        long unsupported = filesWith(deprecated, "status", "unsupported");
        assertThat(byStatus).isGreaterThan(100);

        LoadResult all = load(RuleFilter.all(), deprecated);
        LoadResult filtered = load(RuleFilter.defaults(), deprecated);

        assertThat(filtered.skipped()).containsOnly(Map.entry("status deprecated", (int) byStatus),
                Map.entry("status unsupported", (int) unsupported));
        assertThat(filtered.documents()).isEqualTo(all.documents());
        assertThat(filtered.loaded()).isLessThanOrEqualTo(all.loaded() - (int) (byStatus + unsupported) + all.errors().size());
        assertThat(filtered.rules()).allSatisfy(r -> assertThat(r.metadata().status()).isNotIn("deprecated", "unsupported"));
    }

    @Test
    void defaults_keepEveryRuleOfTheMainFolder() throws IOException {
        Path rules = SharedData.require("sigma/rules");
        assertThat(filesWith(rules, "status", "(deprecated|unsupported)")).isZero();

        LoadResult r = load(RuleFilter.defaults(), rules);

        assertThat(r.skippedCount()).isZero();
    }

    @Test
    void minLevelHigh_skipsExactlyTheRulesBelowHigh() throws IOException {
        Path rules = SharedData.require("sigma/rules");
        long below = filesWith(rules, "level", "(informational|low|medium)");

        LoadResult r = load(RuleFilter.minLevel(Level.HIGH), rules);

        assertThat(r.skipped()).containsOnly(Map.entry("level below high", (int) below));
        assertThat(r.rules()).allSatisfy(rule -> assertThat(rule.metadata().level()).isIn(Level.HIGH, Level.CRITICAL));
    }
}
