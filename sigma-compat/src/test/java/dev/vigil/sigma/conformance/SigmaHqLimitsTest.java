package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default RuleLimits and the stricter YAML reading (a key set twice rejects a rule; aliases are
 * resolved) reject none of SigmaHQ's rules.
 */
class SigmaHqLimitsTest {

    @Test
    void noSigmaHqRuleMeetsALimit_setsAKeyTwice_orHasAnAliasFault() {
        Path rules = SharedData.require("sigma/rules");
        LoadResult r = SigmaLoader.builder().build().load(List.of(rules));
        assertThat(r.documents()).isGreaterThan(3_000);
        assertThat(r.problems()).extracting(Problem::message).noneMatch(m -> m.contains("RuleLimits.")
                || m.contains("is set twice") || m.contains("alias *") || m.contains("merge key"));
    }
}
