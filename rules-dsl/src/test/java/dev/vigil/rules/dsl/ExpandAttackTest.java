package dev.vigil.rules.dsl;

import static dev.vigil.rules.dsl.RuleDsl.detection;
import static dev.vigil.rules.dsl.RuleDsl.field;
import static dev.vigil.rules.dsl.RuleDsl.selection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attack on {@link Field#expand()}: placeholders in DSL values.
 *
 * <p>Found by an attack on issue 11; kept as regression tests. Fixed: build() checks a rule with placeholders using a stand-in value for each (compile(loader) gives the real ones; compile() says it needs one); under expand a backslash before % is doubled.
 */
class ExpandAttackTest {

    private static final SigmaLoader WITH_PLACEHOLDERS = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE)
            .placeholder("share", List.of("files")).placeholder("Admins", List.of("root")).build();

    /**
     * Attack: a DSL rule using {@code expand()} with a placeholder, meant to be compiled later by a loader
     * that has the placeholder's values ({@code compile(loader)}, as the javadoc says). What goes wrong:
     * {@code build()} compiles the rule with the default loader, which has no placeholders, and throws
     * "placeholder %Admins% has no value": no DSL rule with a placeholder can be built at all, so
     * {@code expand()} is unusable. Expected: the rule builds (placeholders are resolved by the loader that
     * compiles it) and matches the expanded value.
     */
    @Test
    void aRuleWithAPlaceholderBuilds() {
        DetectionRule rule = detection("admin logon").id("00000000-0000-4000-8000-0000000000e1")
                .logsource("test", null, null)
                .condition(selection("sel").where(field("User").expand().equalTo("%Admins%")))
                .build();
        Rule compiled = rule.compile(WITH_PLACEHOLDERS);
        assertThat(compiled.matches(Event.of(Map.of("User", "root")))).isTrue();
    }

    /**
     * Attack: a literal backslash right before a placeholder, as in a UNC path
     * {@code field("Path").expand().equalTo("\\\\srv\\%share%")} (the text {@code \\srv\%share%}). What goes
     * wrong: {@link Field#escape} leaves {@code \%} alone, and the compiler's expand step reads {@code \%} as an
     * escaped percent sign: the backslash disappears and the placeholder is not expanded, so the rule matches
     * the text {@code \\srv%share%} and never {@code \\srv\files}. Expected: DSL values are literal except for
     * the placeholders, so the rule matches exactly {@code \\srv\files}.
     */
    @Test
    void aBackslashBeforeAPlaceholderStaysLiteral() {
        Selection sel = selection("sel").where(field("Path").expand().equalTo("\\\\srv\\%share%"));
        DetectionRule draft;
        try {
            draft = detection("unc").id("00000000-0000-4000-8000-0000000000e2").logsource("test", null, null)
                    .condition(sel).build();
        } catch (RuntimeException e) {
            throw new AssertionError("cannot even build (see aRuleWithAPlaceholderBuilds): " + e.getMessage(), e);
        }
        Rule compiled = draft.compile(WITH_PLACEHOLDERS);
        assertThat(compiled.matches(Event.of(Map.of("Path", "\\\\srv\\files")))).as("matches \\\\srv\\files").isTrue();
        assertThat(compiled.matches(Event.of(Map.of("Path", "\\\\srv%share%")))).as("matches \\\\srv%%share%%").isFalse();
    }

    /**
     * Same step without a placeholder: the literal {@code 50\%} (a backslash then a percent sign) with
     * {@code expand()}. What goes wrong: the compiled rule matches {@code 50%}, not the literal {@code 50\%}.
     */
    @Test
    void aLiteralBackslashPercentSurvivesExpand() {
        DetectionRule rule = detection("pct").id("00000000-0000-4000-8000-0000000000e3").logsource("test", null, null)
                .condition(selection("sel").where(field("V").expand().cased().equalTo("50\\%"))).build();
        Rule compiled = rule.compile(WITH_PLACEHOLDERS);
        assertThat(compiled.matches(Event.of(Map.of("V", "50\\%")))).as("matches the literal 50\\%%").isTrue();
        assertThat(compiled.matches(Event.of(Map.of("V", "50%")))).as("matches 50%%").isFalse();
    }
}
