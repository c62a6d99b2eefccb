package dev.vigil.rules.dsl;

import java.util.List;

/**
 * A jar of rules, found through {@link java.util.ServiceLoader}: rules written with the DSL, Sigma YAML
 * files bundled as resources, or both. A pack jar names its implementation in
 * {@code META-INF/services/dev.vigil.rules.dsl.RulePack}; {@code vigil check|hunt --rules pack.jar} and
 * {@link RulePacks#read} load it like a folder of rules. A pack is code: load only packs you trust, as
 * with any other dependency.
 */
public interface RulePack {

    /** The pack's name, for messages. */
    String name();

    /** The rules written with the DSL; the rules they refer to come with them. */
    default List<RuleDocument> rules() {
        return List.of();
    }

    /**
     * Sigma YAML files bundled in the pack's jar, as resource paths ({@code rules/brute_force.yml}).
     * Empty (the default): every {@code .yml} and {@code .yaml} file of the jar.
     */
    default List<String> sigmaResources() {
        return List.of();
    }
}
