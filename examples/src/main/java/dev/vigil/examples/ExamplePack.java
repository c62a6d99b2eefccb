package dev.vigil.examples;

import dev.vigil.rules.dsl.RuleDocument;
import dev.vigil.rules.dsl.RulePack;
import java.util.List;

/**
 * The examples as a rule pack: the rules written with the DSL ({@link DslRules}) and the Sigma YAML of
 * {@code examples/rules}, bundled in this module's jar under {@code rules/}. Give the jar to
 * {@code vigil hunt --rules examples/target/vigil-examples-0.1.0-SNAPSHOT.jar}, as a folder of rules.
 */
public final class ExamplePack implements RulePack {

    @Override
    public String name() {
        return "vigil-examples";
    }

    @Override
    public List<RuleDocument> rules() {
        return List.of(DslRules.OFFICE_SHELL, DslRules.BRUTE_FORCE);
    }
}
