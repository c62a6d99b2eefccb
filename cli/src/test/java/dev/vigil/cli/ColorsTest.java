package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the table is coloured: never with --no-color, NO_COLOR (no-color.org) or TERM=dumb, nor into a pipe. */
class ColorsTest {

    @Test
    void noColorOption_orEnvironment_turnsColoursOff_evenOnATerminal() {
        assertThat(Colors.wanted(1, true, Map.of())).isFalse();
        assertThat(Colors.wanted(1, false, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Colors.wanted(1, false, Map.of("TERM", "dumb"))).isFalse();
    }

    @Test
    void aPipe_isNotATerminal() {
        // surefire runs tests with stdout and stderr piped to the build
        assertThat(Colors.isTerminal(1)).isFalse();
        assertThat(Colors.wanted(1, false, Map.of("NO_COLOR", ""))).isFalse();
    }

    @Test
    void colouredRows_resetAfterTheRuleTitle_andEveryLevelHasAColour() throws Exception {
        for (Level level : Level.values()) {
            assertThat(Colors.of(level)).as("%s", level).startsWith("\u001b[");
        }
        java.io.StringWriter out = new java.io.StringWriter();
        TableWriter table = new TableWriter(out, false, true, false);
        table.write(new dev.vigil.core.alert.Detection(dev.vigil.core.rule.Rule.builder().title("T").level(Level.CRITICAL)
                .condition(dev.vigil.core.rule.Condition.TRUE).build(), dev.vigil.core.event.Event.of(Map.of("a", "b"))));
        assertThat(out.toString()).contains(Colors.of(Level.CRITICAL) + "critical  T").contains("T" + Colors.RESET);
    }
}
