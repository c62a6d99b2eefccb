package dev.vigil.test;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import dev.vigil.rules.dsl.Correlation;
import dev.vigil.rules.dsl.DetectionRule;
import dev.vigil.rules.dsl.RuleSet;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry points of the test kit: AssertJ-style assertions that a detection rule matches an event or not, and
 * that correlations fire or not, for rules written with the DSL, in Sigma files, or already compiled.
 * Failures say why, from the rule's own selections and condition.
 *
 * <pre>{@code
 * RuleAssertions.assertThat(rule)
 *         .matches("{\"Image\": \"C:\\\\Windows\\\\System32\\\\whoami.exe\", \"CommandLine\": \"whoami /all\"}")
 *         .doesNotMatch(Map.of("Image", "C:\\Windows\\explorer.exe"));
 * RuleAssertions.assertThat(bruteForce).firesOn(failedLogon1, failedLogon2, failedLogon3);
 * }</pre>
 *
 * <p>Where AssertJ's {@code Assertions.assertThat} is imported too, call {@code RuleAssertions.assertThat} by its
 * class for a {@link Path}: both classes have one.
 */
public final class RuleAssertions {

    private RuleAssertions() {
    }

    /** Assertions on a rule written with the DSL, compiled (and explained) from its Sigma document. */
    public static RuleAssert assertThat(DetectionRule rule) {
        return new RuleAssert(rule, rule == null ? null
                : new RuleAssert.Subject(rule::compile, rule.toSigma(), rule.origin(), 0, false));
    }

    /**
     * Assertions on the one detection rule of a Sigma file; a file that does not load, or holds more or fewer
     * detection rules than one, fails the assertion with its problems.
     */
    public static RuleAssert assertThat(Path sigmaFile) {
        if (sigmaFile == null) {
            return new RuleAssert(null, null);
        }
        return new RuleAssert(sigmaFile, new RuleAssert.Subject(loader -> {
            LoadResult loaded = loader.load(List.of(sigmaFile));
            List<Problem> errors = loaded.errors();
            if (!errors.isEmpty()) {
                throw new AssertionError("the rule file does not load: " + errors);
            }
            if (loaded.rules().size() != 1) {
                throw new AssertionError(sigmaFile + " holds " + loaded.rules().size()
                        + " detection rules; assert on one of them with assertThat(Rule)");
            }
            return loaded.rules().get(0);
        }, read(sigmaFile), sigmaFile.toString(), 0, false));
    }

    /**
     * Assertions on a compiled rule; a failure is explained from the Sigma file the rule was loaded from, where
     * that file can still be read.
     */
    public static RuleAssert assertThat(Rule rule) {
        if (rule == null) {
            return new RuleAssert(null, null);
        }
        String file = rule.source().file();
        String yaml = null;
        if (file != null && Files.isRegularFile(Path.of(file))) {
            yaml = read(Path.of(file));
        }
        return new RuleAssert(rule, new RuleAssert.Subject(loader -> rule, yaml,
                file == null ? rule.key() : file, rule.source().line(), true));
    }

    /** Assertions on a correlation written with the DSL (run with the rules it refers to); only its alerts count. */
    public static CorrelationAssert assertThat(Correlation correlation) {
        return new CorrelationAssert(correlation, correlation == null ? null : RuleSet.of(correlation).load(),
                correlation == null ? null : correlation.compile().key());
    }

    /** Assertions on the correlations of a rule set; the alerts of every correlation in it count. */
    public static CorrelationAssert assertThat(RuleSet rules) {
        return new CorrelationAssert(rules, rules == null ? null : rules.load(), null);
    }

    /** Assertions on the correlations of loaded rules (a {@link SigmaLoader}'s result); every alert counts. */
    public static CorrelationAssert assertThat(LoadResult loaded) {
        return new CorrelationAssert(loaded, loaded, null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
