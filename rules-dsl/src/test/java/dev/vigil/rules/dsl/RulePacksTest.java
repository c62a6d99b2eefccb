package dev.vigil.rules.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import dev.vigil.sigma.SigmaText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule packs found through ServiceLoader in real jars built by the test. */
class RulePacksTest {

    @TempDir
    Path dir;

    static final String PACK = """
            package acme.rules;

            import static dev.vigil.rules.dsl.RuleDsl.*;

            import dev.vigil.rules.dsl.RuleDocument;
            import dev.vigil.rules.dsl.RulePack;
            import java.time.Duration;
            import java.util.List;

            public final class AcmePack implements RulePack {
                static final dev.vigil.rules.dsl.DetectionRule FAILED = detection("Failed logon")
                        .name("acme_failed_logon").id("11111111-2222-4333-8444-555555555555")
                        .logsource("windows", null, "security")
                        .condition(selection("sel").where(field("EventID").equalTo(4625))).build();

                public String name() {
                    return "acme";
                }

                public List<RuleDocument> rules() {
                    return List.of(correlation("Acme brute force").id("11111111-2222-4333-8444-555555555556")
                            .eventCount(FAILED).groupBy("TargetUserName").timespan(Duration.ofMinutes(5)).gte(5).build());
                }

                public List<String> sigmaResources() {
                    return List.of("acme/rules/whoami.yml");
                }
            }
            """;

    static final String WHOAMI = """
            title: Whoami
            id: 11111111-2222-4333-8444-555555555557
            logsource: {product: windows, category: process_creation}
            detection:
                sel: {Image|endswith: '\\\\whoami.exe'}
                condition: sel
            """;

    @Test
    void aPackJar_givesItsDslRules_theRulesTheyReferTo_andItsYamlResources() throws IOException {
        Path jar = PackJars.build(dir.resolve("acme.jar"), Map.of("acme.rules.AcmePack", PACK),
                Map.of("acme/rules/whoami.yml", WHOAMI, "acme/rules/unlisted.yml", "title: not listed"),
                "acme.rules.AcmePack");
        List<Problem> problems = new ArrayList<>();
        List<SigmaText> texts = RulePacks.read(jar, problems::add);
        assertThat(problems).isEmpty();
        assertThat(texts).extracting(SigmaText::origin)
                .containsExactly(jar + "!acme.rules.AcmePack", jar + "!/acme/rules/whoami.yml");
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(), texts);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.rules()).extracting(r -> r.metadata().title()).containsExactlyInAnyOrder("Failed logon", "Whoami");
        assertThat(loaded.correlations()).extracting(c -> c.metadata().title()).containsExactly("Acme brute force");
    }

    @Test
    void aJarWithoutAPack_isAJarOfYamlFiles() throws IOException {
        Path jar = PackJars.build(dir.resolve("yaml-only.jar"), Map.of(),
                Map.of("rules/whoami.yml", WHOAMI, "META-INF/maven/x.yml", "not: a rule"), null);
        List<Problem> problems = new ArrayList<>();
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(), RulePacks.read(jar, problems::add));
        assertThat(problems).isEmpty();
        assertThat(loaded.rules()).extracting(r -> r.metadata().title()).containsExactly("Whoami");
        assertThat(loaded.rules().get(0).metadata().source().file()).isEqualTo(jar + "!/rules/whoami.yml");
    }

    @Test
    void aPackThatFails_orAMissingResource_isReportedNamingTheJar_andTheRestLoads() throws IOException {
        String broken = """
                package acme.rules;
                import dev.vigil.rules.dsl.RulePack;
                public final class Broken implements RulePack {
                    public String name() { return "broken"; }
                    public java.util.List<dev.vigil.rules.dsl.RuleDocument> rules() { throw new IllegalStateException("boom"); }
                }
                """;
        Path jar = PackJars.build(dir.resolve("broken.jar"), Map.of("acme.rules.Broken", broken),
                Map.of("rules/whoami.yml", WHOAMI), "acme.rules.Broken");
        List<Problem> problems = new ArrayList<>();
        RulePacks.read(jar, problems::add);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.where().file()).isEqualTo(jar + "!acme.rules.Broken");
            assertThat(p.message()).contains("rule pack 'broken' failed").contains("boom");
        });

        Path missing = PackJars.build(dir.resolve("missing.jar"), Map.of("acme.rules.AcmePack", PACK), Map.of(),
                "acme.rules.AcmePack");
        problems.clear();
        List<SigmaText> texts = RulePacks.read(missing, problems::add);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString())
                .contains(missing + "!/acme/rules/whoami.yml").contains("no such resource"));
        assertThat(texts).hasSize(1); // the DSL rules still come
    }

    @Test
    void notAJar_isReported() throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.jar"), "not a zip");
        List<Problem> problems = new ArrayList<>();
        assertThat(RulePacks.read(fake, problems::add)).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).startsWith("cannot read jar"));
    }
}
