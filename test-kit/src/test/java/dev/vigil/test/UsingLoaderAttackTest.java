package dev.vigil.test;

import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attack on {@link RuleAssert#usingLoader} with an already compiled {@link Rule}. *
 * <p>Found by an attack on issue 11; kept as regression tests. Fixed: usingLoader is refused for a compiled Rule, naming what to assert on instead.
 */
class UsingLoaderAttackTest {

    @TempDir
    Path dir;

    /**
     * Attack: {@code assertThat(rule).usingLoader(IGNORE).matches(event)} on a {@link Rule} loaded with the
     * default loader (log source checked), with an event that carries no log source fields, as the javadoc of
     * {@code usingLoader} suggests for testing "the detection alone". What goes wrong: a compiled rule is not
     * recompiled, so the loader is silently ignored for the decision, but it is used for the explanation: the
     * assertion fails, and its message explains with the IGNORE loader, under which the rule matched, so it
     * names no false cause ("but it did not, because of:" followed by nothing false). Expected: either the
     * loader applies (the assertion passes), or {@code usingLoader} on a compiled rule is refused with a
     * message saying so.
     */
    @Test
    void usingLoaderOnACompiledRule_isNotSilentlyIgnored() throws IOException {
        Path file = dir.resolve("r.yml");
        Files.writeString(file, """
                title: Whoami
                id: 00000000-0000-4000-8000-0000000000b1
                logsource: {product: windows, category: process_creation}
                detection:
                    sel: {CommandLine|contains: whoami}
                    condition: sel
                """);
        Rule rule = SigmaLoader.builder().build().load(List.of(file)).rules().get(0);
        SigmaLoader ignore = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();

        // it failed with "to match ... but it did not, because of: ✓ ... Explanation: ✓ rule 'Whoami' matched";
        // now the loader is refused for a compiled rule, saying what to assert on instead
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleAssertions.assertThat(rule).usingLoader(ignore)
                .matches(Map.of("CommandLine", "whoami /all")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("assertThat(Path)");
        RuleAssertions.assertThat(file).usingLoader(ignore).matches(Map.of("CommandLine", "whoami /all"));
    }
}
