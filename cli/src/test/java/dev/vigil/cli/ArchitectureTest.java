package dev.vigil.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The house as drawn: which module and which package of core may depend on which. It lives in the
 * cli module because only here are all library modules (core, correlation, respond, sigma-compat) on the
 * classpath, and flink's classes as a test dependency (without Flink itself, which flink has as provided);
 * examples and benchmarks sit on top of everything and are not seen from here.
 *
 * <p>Classes are imported from {@code dev.vigil}, main code only ({@link ImportOption.DoNotIncludeTests}
 * keeps out every module's test classes, and with them the deliberately bad fixtures in
 * {@code dev.vigil.core.archfixture}, {@code dev.vigil.correlation.archfixture} and
 * {@code dev.vigil.respond.archfixture}), and only from Vigil's own class folders and {@code vigil-*.jar}s
 * ({@link OnlyVigilsOwnLocations}).
 *
 * <p>Each rule is defined once, here; {@link ArchitectureRulesCanFailTest} checks the same fields against
 * those fixtures to show that they do fail.
 */
@AnalyzeClasses(packages = "dev.vigil",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.OnlyVigilsOwnLocations.class})
class ArchitectureTest {

    /** Drools, KIE and MVEL (the expression language Drools compiles with). */
    static final String[] DROOLS = {"org.drools..", "org.kie..", "org.mvel2.."};

    /**
     * (a) core is the bottom of the house: no Sigma, no YAML, no Drools, no CLI, and no other Vigil
     * module (correlation, sigma-compat, cli, rules-dsl, examples, benchmarks, whatever their packages).
     */
    @ArchTest
    static final ArchRule CORE_KNOWS_NOTHING_ABOVE_IT = noClasses()
            .that().resideInAPackage("dev.vigil.core..")
            .should().dependOnClassesThat(
                    resideInAnyPackage(
                            "dev.vigil.sigma..", "dev.vigil.correlation..", "dev.vigil.cli..", "dev.vigil.flink..",
                            "org.drools..", "org.kie..", "org.mvel2..", "org.apache.flink..",
                            "picocli..",
                            "com.fasterxml.jackson.dataformat.yaml..", "org.yaml..")
                    .or(vigilOutsideOf("dev.vigil.core..")))
            .because("core depends only on Jackson core/databind, RE2J, SLF4J and the JDK");

    /**
     * (b) Inside core, the pipeline's direction: {@code dev.vigil.core} (Problem, SourcePosition) under
     * everything; event ← event.read; event ← rule ← rule.correlation; the rule model (rule and
     * rule.correlation), event ← alert; alert, the rule model, event ← match.
     *
     * <p>alert may use rule.correlation: a {@code CorrelationAlert} carries its {@code CorrelationRule}
     * and {@code AlertJson} writes its {@code CorrelationType}. "rule" as a dependency of alert and match
     * is the whole rule model, both packages; rule itself must not use rule.correlation.
     */
    @ArchTest
    static final ArchRule CORE_LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Basics").definedBy("dev.vigil.core")
            .layer("Event").definedBy("dev.vigil.core.event")
            .layer("Event reading").definedBy("dev.vigil.core.event.read")
            .layer("Rule").definedBy("dev.vigil.core.rule")
            .layer("Correlation rule").definedBy("dev.vigil.core.rule.correlation")
            .layer("Alert").definedBy("dev.vigil.core.alert")
            .layer("Match").definedBy("dev.vigil.core.match")
            .layer("Respond").definedBy("dev.vigil.core.respond")
            .whereLayer("Basics").mayNotAccessAnyLayer()
            .whereLayer("Event").mayOnlyAccessLayers("Basics")
            .whereLayer("Event reading").mayOnlyAccessLayers("Basics", "Event")
            .whereLayer("Rule").mayOnlyAccessLayers("Basics", "Event")
            .whereLayer("Correlation rule").mayOnlyAccessLayers("Basics", "Event", "Rule")
            .whereLayer("Alert").mayOnlyAccessLayers("Basics", "Event", "Rule", "Correlation rule")
            .whereLayer("Match").mayOnlyAccessLayers("Basics", "Event", "Rule", "Correlation rule", "Alert")
            .whereLayer("Respond").mayOnlyAccessLayers("Basics", "Event", "Rule", "Correlation rule", "Alert")
            .because("core reads as its pipeline: events, rules, alerts, matching");

    /** (b, guard) A new package in core must be placed in {@link #CORE_LAYERS}, or the layer rule would not see it. */
    @ArchTest
    static final ArchRule CORE_HAS_ONLY_THE_DRAWN_PACKAGES = classes()
            .that().resideInAPackage("dev.vigil.core..")
            .should().resideInAnyPackage(
                    "dev.vigil.core", "dev.vigil.core.event", "dev.vigil.core.event.read", "dev.vigil.core.rule",
                    "dev.vigil.core.rule.correlation", "dev.vigil.core.alert", "dev.vigil.core.match",
                    "dev.vigil.core.respond")
            .because("the layers of core are drawn per package (CORE_LAYERS); a new package needs its place there");

    /** (c) sigma-compat builds on core alone: not on correlation, cli or any other Vigil module. */
    @ArchTest
    static final ArchRule SIGMA_DEPENDS_ON_CORE_ONLY = noClasses()
            .that().resideInAPackage("dev.vigil.sigma..")
            .should().dependOnClassesThat(
                    resideInAnyPackage("dev.vigil.correlation..", "dev.vigil.cli..")
                    .or(vigilOutsideOf("dev.vigil.core..", "dev.vigil.sigma..")))
            .because("sigma-compat compiles Sigma into core's model; correlation and the CLI build on it, not under it");

    /**
     * (c) rules-dsl builds on sigma-compat and core: a DSL rule is a Sigma document written in Java, compiled
     * by the one Sigma compiler, so the two front ends cannot drift apart.
     */
    @ArchTest
    static final ArchRule RULES_DSL_DEPENDS_ON_SIGMA_AND_CORE_ONLY = noClasses()
            .that().resideInAPackage("dev.vigil.rules.dsl..")
            .should().dependOnClassesThat(
                    resideInAnyPackage("dev.vigil.correlation..", "dev.vigil.cli..", "dev.vigil.respond..")
                    .or(vigilOutsideOf("dev.vigil.core..", "dev.vigil.sigma..", "dev.vigil.rules.dsl..")))
            .because("the DSL compiles through the Sigma compiler into core's model");

    /** (c) correlation builds on core alone: not on sigma-compat, cli or any other Vigil module. */
    @ArchTest
    static final ArchRule CORRELATION_DEPENDS_ON_CORE_ONLY = noClasses()
            .that().resideInAPackage("dev.vigil.correlation..")
            .should().dependOnClassesThat(
                    resideInAnyPackage("dev.vigil.sigma..", "dev.vigil.cli..")
                    .or(vigilOutsideOf("dev.vigil.core..", "dev.vigil.correlation..")))
            .because("correlation runs core's correlation rules, from whatever front end they were compiled");

    /**
     * (c) respond builds on core alone: not on sigma-compat (it reads its policy YAML itself), correlation,
     * cli or any other Vigil module.
     */
    @ArchTest
    static final ArchRule RESPOND_DEPENDS_ON_CORE_ONLY = noClasses()
            .that().resideInAPackage("dev.vigil.respond..")
            .should().dependOnClassesThat(
                    resideInAnyPackage("dev.vigil.sigma..", "dev.vigil.correlation..", "dev.vigil.cli..")
                    .or(vigilOutsideOf("dev.vigil.core..", "dev.vigil.respond..")))
            .because("respond delivers core's alerts, whoever raised them; an embedder of it needs neither Sigma nor Drools");

    /**
     * (c) flink sits on top, like cli: it builds on core, sigma-compat and correlation, and nothing of
     * Vigil builds on it.
     */
    @ArchTest
    static final ArchRule FLINK_BUILDS_ON_THE_LIBRARY_ONLY = noClasses()
            .that().resideInAPackage("dev.vigil.flink..")
            .should().dependOnClassesThat(
                    resideInAnyPackage("dev.vigil.cli..", "dev.vigil.respond..", "dev.vigil.rules.dsl..")
                    .or(vigilOutsideOf("dev.vigil.core..", "dev.vigil.sigma..", "dev.vigil.correlation..",
                            "dev.vigil.flink..")))
            .because("vigil-flink runs the library's rules and correlations on Flink; it is no one's dependency");

    /** (c) Flink's types stay in the flink module: an embedder who does not run Flink never needs them. */
    @ArchTest
    static final ArchRule ONLY_FLINK_KNOWS_FLINK = noClasses()
            .that().resideOutsideOfPackage("dev.vigil.flink..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
            .because("Flink is provided to vigil-flink by the cluster and must not leak into the other modules");

    /** (d) No cycles between any two packages of Vigil. */
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.vigil.(**)")
            .should().beFreeOfCycles();

    /** (e) The Drools facts are correlation's own business. */
    @ArchTest
    static final ArchRule DROOLS_FACTS_STAY_IN_CORRELATION = noClasses()
            .that().resideOutsideOfPackages("dev.vigil.correlation", "dev.vigil.correlation.internal..")
            .should().dependOnClassesThat().resideInAPackage("dev.vigil.correlation.internal..")
            .because("dev.vigil.correlation.internal holds the facts of the generated Drools rules; it is not API");

    /**
     * (f) Drools stays an implementation detail of correlation: no Drools, KIE or MVEL type in the public
     * or protected signature (superclass, interfaces, type parameters, fields, constructors, methods:
     * parameters, return types, type arguments, throws clauses) of an exported class of
     * {@code dev.vigil.correlation..}, except in the internal package of facts that Drools must see.
     */
    @ArchTest
    static final ArchRule NO_DROOLS_IN_CORRELATION_API = classes()
            .that().resideInAPackage("dev.vigil.correlation..")
            .and().resideOutsideOfPackage("dev.vigil.correlation.internal..")
            .and(areExported())
            .should(exposeNoTypeFrom(DROOLS))
            .because("a user of vigil-correlation must not need to know Drools");

    /** The import is what the rules above are meant to see: every library module, main code only. */
    @ArchTest
    static void importsEveryModuleAndNoTestClass(JavaClasses classes) {
        assertThat(classes.contain("dev.vigil.core.Problem")).as("core").isTrue();
        assertThat(classes.contain("dev.vigil.core.match.Engine")).as("core").isTrue();
        assertThat(classes.contain("dev.vigil.correlation.Detector")).as("correlation").isTrue();
        assertThat(classes.contain("dev.vigil.correlation.internal.Hit")).as("correlation").isTrue();
        assertThat(classes.contain("dev.vigil.sigma.SigmaLoader")).as("sigma-compat").isTrue();
        assertThat(classes.contain("dev.vigil.rules.dsl.RuleDsl")).as("rules-dsl").isTrue();
        assertThat(classes.contain("dev.vigil.respond.Responder")).as("respond").isTrue();
        assertThat(classes.contain("dev.vigil.respond.ResponsePolicyLoader")).as("respond").isTrue();
        assertThat(classes.contain("dev.vigil.cli.Main")).as("cli").isTrue();
        assertThat(classes.contain("dev.vigil.flink.VigilFlink")).as("flink").isTrue();
        assertThat(classes.contain(ArchitectureTest.class)).as("this test").isFalse();
        assertThat(classes.stream().map(JavaClass::getPackageName).filter(p -> p.contains(".archfixture")))
                .as("the bad fixtures of ArchitectureRulesCanFailTest").isEmpty();
        assertThat(classes.stream().map(JavaClass::getName).filter(n -> !n.startsWith("dev.vigil.")))
                .as("classes outside dev.vigil").isEmpty();
    }

    /** A class folder (a module's target/classes), or a jar of Vigil's own, not its test jar. */
    public static final class OnlyVigilsOwnLocations implements ImportOption {

        private static final Pattern VIGIL_JAR = Pattern.compile(".*/vigil-[^/!]*\\.jar(!/.*)?");
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar(!/.*)?");

        public OnlyVigilsOwnLocations() {
        }

        @Override
        public boolean includes(Location location) {
            if (!location.isArchive()) {
                return true;
            }
            return location.matches(VIGIL_JAR) && !location.matches(TEST_JAR);
        }
    }

    /** Classes in a {@code dev.vigil} package outside the given ones. */
    static DescribedPredicate<JavaClass> vigilOutsideOf(String... packages) {
        return resideInAPackage("dev.vigil..").and(resideOutsideOfPackages(packages))
                .as("reside in a Vigil package outside %s", String.join(", ", packages));
    }

    /** Classes that code outside their package can name: public, and nested only in such classes. */
    static DescribedPredicate<JavaClass> areExported() {
        return DescribedPredicate.describe("are visible outside their package", ArchitectureTest::isExported);
    }

    private static boolean isExported(JavaClass c) {
        Set<JavaModifier> modifiers = c.getModifiers();
        boolean visible = modifiers.contains(JavaModifier.PUBLIC)
                || (!c.isTopLevelClass() && modifiers.contains(JavaModifier.PROTECTED));
        return visible && c.getEnclosingClass().map(ArchitectureTest::isExported).orElse(true);
    }

    private static boolean isApi(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    /** The condition of {@link #NO_DROOLS_IN_CORRELATION_API}: one violation per class, field or code unit. */
    static ArchCondition<JavaClass> exposeNoTypeFrom(String... packages) {
        DescribedPredicate<JavaClass> forbidden = resideInAnyPackage(packages);
        return new ArchCondition<>("expose no type from " + String.join(", ", packages)
                + " in a public or protected signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<JavaType> own = new ArrayList<>(c.getTypeParameters());
                c.getSuperclass().ifPresent(own::add);
                own.addAll(c.getInterfaces());
                report(c, c.getDescription() + " (its type parameters, superclass and interfaces)",
                        c.getSourceCodeLocation().toString(), own, forbidden, events);

                for (JavaField field : c.getFields()) {
                    if (isApi(field)) {
                        report(c, field.getDescription(), field.getSourceCodeLocation().toString(),
                                List.of(field.getType()), forbidden, events);
                    }
                }
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    if (isApi(unit)) {
                        List<JavaType> types = new ArrayList<>(unit.getTypeParameters());
                        types.addAll(unit.getParameterTypes());
                        types.add(unit.getReturnType());
                        types.addAll(unit.getThrowsClause().getTypes());
                        report(c, unit.getDescription(), unit.getSourceCodeLocation().toString(),
                                types, forbidden, events);
                    }
                }
            }
        };
    }

    private static void report(JavaClass owner, String what, String where, Collection<? extends JavaType> types,
            DescribedPredicate<JavaClass> forbidden, ConditionEvents events) {
        Set<String> found = new TreeSet<>();
        for (JavaType type : types) {
            for (JavaClass raw : type.getAllInvolvedRawTypes()) {
                if (forbidden.test(raw)) {
                    found.add(raw.getName());
                }
            }
        }
        if (!found.isEmpty()) {
            events.add(SimpleConditionEvent.violated(owner,
                    what + " exposes " + String.join(", ", found) + " in " + where));
        }
    }
}
