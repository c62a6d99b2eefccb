package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.vigil.core.archfixture.UsesDrools;
import dev.vigil.core.archfixture.UsesDroolsFact;
import dev.vigil.core.archfixture.UsesEventOnly;
import dev.vigil.core.archfixture.UsesSigma;
import dev.vigil.correlation.archfixture.LeaksKie;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest}, the same fields, checked against deliberately bad fixture classes
 * (in {@code dev.vigil.core.archfixture}, {@code dev.vigil.correlation.archfixture} and
 * {@code dev.vigil.respond.archfixture}, test sources of this module): a rule that cannot fail holds
 * nothing. Each check asserts on the dependency reported, so that a rule failing for another reason (say,
 * on an empty import) does not pass for a working one.
 */
class ArchitectureRulesCanFailTest {

    @Test
    void coreRule_reportsCoreUsingSigma() {
        JavaClasses bad = new ClassFileImporter().importClasses(UsesSigma.class);

        assertThatThrownBy(() -> ArchitectureTest.CORE_KNOWS_NOTHING_ABOVE_IT.check(bad))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.vigil.core.archfixture.UsesSigma")
                .hasMessageContaining("dev.vigil.sigma.SigmaLoader");
    }

    @Test
    void coreRule_reportsCoreUsingDrools() {
        List<String> details = violations(ArchitectureTest.CORE_KNOWS_NOTHING_ABOVE_IT, UsesDrools.class);

        assertThat(details).isNotEmpty().allMatch(d -> d.contains("org.drools.core.ClockType"));
    }

    @Test
    void coreRule_passesCoreUsingCoreAndJackson() {
        EvaluationResult result = ArchitectureTest.CORE_KNOWS_NOTHING_ABOVE_IT
                .evaluate(new ClassFileImporter().importClasses(UsesEventOnly.class));

        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void respondRule_reportsRespondUsingSigma() {
        List<String> details = violations(ArchitectureTest.RESPOND_DEPENDS_ON_CORE_ONLY,
                dev.vigil.respond.archfixture.UsesSigma.class);

        assertThat(details).isNotEmpty().allMatch(d -> d.contains("dev.vigil.respond.archfixture.UsesSigma")
                && d.contains("dev.vigil.sigma.LoadResult"));
    }

    @Test
    void factsRule_reportsUseOfDroolsFactsOutsideCorrelation() {
        List<String> details = violations(ArchitectureTest.DROOLS_FACTS_STAY_IN_CORRELATION, UsesDroolsFact.class);

        assertThat(details).isNotEmpty()
                .allMatch(d -> d.contains("UsesDroolsFact") && d.contains("dev.vigil.correlation.internal.Hit"));
        assertThat(violations(ArchitectureTest.CORE_KNOWS_NOTHING_ABOVE_IT, UsesDroolsFact.class)).isNotEmpty();
    }

    @Test
    void apiRule_reportsEveryPublicOrProtectedSignatureWithDroolsAndNothingElse() throws Exception {
        Class<?> hiddenNested = Class.forName("dev.vigil.correlation.archfixture.LeaksKie$Hidden");
        Class<?> hiddenClass = Class.forName("dev.vigil.correlation.archfixture.HiddenKie");
        List<String> details = violations(ArchitectureTest.NO_DROOLS_IN_CORRELATION_API,
                LeaksKie.class, LeaksKie.Clocks.class, hiddenNested, hiddenClass);

        assertThat(details).hasSize(6);
        assertThat(details).anySatisfy(d -> assertThat(d)
                .startsWith("Field <dev.vigil.correlation.archfixture.LeaksKie.session>")
                .contains("org.kie.api.runtime.KieSession"));
        assertThat(details).anySatisfy(d -> assertThat(d)
                .startsWith("Constructor <dev.vigil.correlation.archfixture.LeaksKie.<init>(org.kie.api.KieBase)>"));
        assertThat(details).anySatisfy(d -> assertThat(d)
                .startsWith("Method <dev.vigil.correlation.archfixture.LeaksKie.sessions()>")
                .contains("org.kie.api.runtime.KieSession"));
        assertThat(details).anySatisfy(d -> assertThat(d)
                .startsWith("Method <dev.vigil.correlation.archfixture.LeaksKie.retract(java.util.Map)>")
                .contains("org.kie.api.runtime.rule.FactHandle"));
        assertThat(details).anySatisfy(d -> assertThat(d)
                .startsWith("Method <dev.vigil.correlation.archfixture.LeaksKie.base(java.lang.Class)>")
                .contains("org.kie.api.KieBase"));
        assertThat(details).anySatisfy(d -> assertThat(d)
                .startsWith("Method <dev.vigil.correlation.archfixture.LeaksKie$Clocks.clocks()>")
                .contains("org.drools.core.ClockType"));
        assertThat(details).noneMatch(d -> d.contains("hidden()") || d.contains("Hidden") || d.contains("name()"));
    }

    private static List<String> violations(ArchRule rule, Class<?>... fixtures) {
        return rule.evaluate(new ClassFileImporter().importClasses(fixtures)).getFailureReport().getDetails();
    }
}
