package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows the same rules in Sigma YAML and in the DSL ("Rules in Java"): they must be twins. */
class ReadmeDslTwinTest {

    @Test
    void theReadmesYamlAndDslRules_compileToTheSameRules() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Rules in Java");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        LoadResult fromYaml = SigmaLoader.builder().build().loadString(yaml, "README.md");
        LoadResult fromDsl = DslRules.load();
        assertThat(fromYaml.problems()).isEmpty();
        assertThat(fromDsl.problems()).isEmpty();

        assertThat(fromDsl.rules()).hasSameSizeAs(fromYaml.rules()).hasSize(2);
        for (Rule y : fromYaml.rules()) {
            Rule d = fromDsl.rules().stream().filter(r -> r.metadata().id().equals(y.metadata().id())).findFirst().orElseThrow();
            assertThat(d.condition().toString()).as(y.metadata().title()).isEqualTo(y.condition().toString());
            assertThat(d.metadata()).usingRecursiveComparison().ignoringFields("source").isEqualTo(y.metadata());
        }
        CorrelationRule y = fromYaml.correlations().get(0);
        CorrelationRule d = fromDsl.correlations().get(0);
        assertThat(fromDsl.correlations()).hasSize(1);
        assertThat(d).usingRecursiveComparison().ignoringFields("metadata.source").isEqualTo(y);
    }
}
