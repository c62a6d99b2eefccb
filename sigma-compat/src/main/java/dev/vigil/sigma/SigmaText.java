package dev.vigil.sigma;

import java.util.Objects;

/**
 * Sigma YAML that is not a file of its own: a resource in a rule pack's jar, or a rule written with the
 * DSL. {@code origin} names it in problems ({@code pack.jar!/rules/x.yml}, {@code MyRules.java:42}).
 */
public record SigmaText(String origin, String yaml) {

    public SigmaText {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(yaml, "yaml");
    }
}
