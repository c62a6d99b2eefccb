package dev.vigil.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks what the build deployed to the staging repository against what Maven Central needs and what Vigil
 * promises: for every published jar module its jar (with an Automatic-Module-Name), -sources.jar, -javadoc.jar
 * (API packages only), a pom whose effective metadata has name, description, url, licences, developers and scm,
 * and its CycloneDX SBOM; vigil-bom's pom (no parent, Vigil's own artifacts only); the cli's shaded jar with
 * its embedded SBOM; checksums for every file; nothing of the unpublished modules.
 *
 * <p>Which modules are published is read from the reactor: the root pom's modules, less those that set
 * maven.deploy.skip. Runs in the release-check module, after every other module has deployed.
 */
class StagedArtifactsTest {

    static final Path ROOT = Path.of(System.getProperty("vigil.release.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("vigil.release.version", "");
    static final ObjectMapper JSON = new ObjectMapper();

    /** One module of the reactor, as its own pom describes it. */
    record Module(String dir, String artifactId, String packaging, boolean published, String moduleName) {

        boolean hasSources() {
            return Files.isDirectory(ROOT.resolve(dir).resolve("src/main/java"));
        }

        @Override
        public String toString() {
            return artifactId;
        }
    }

    static List<Module> modules() {
        List<Module> modules = new ArrayList<>();
        for (Xml m : Xml.parse(ROOT.resolve("pom.xml")).at("modules").orElseThrow().children("module")) {
            Xml pom = Xml.parse(ROOT.resolve(m.text()).resolve("pom.xml"));
            modules.add(new Module(
                    m.text(),
                    pom.text("artifactId").orElseThrow(),
                    pom.text("packaging").orElse("jar"),
                    !"true".equals(pom.text("properties", "maven.deploy.skip").orElse("false")),
                    pom.text("properties", "vigil.module.name").orElse("")));
        }
        return modules;
    }

    static Stream<Module> publishedJars() {
        return modules().stream().filter(m -> m.published() && m.packaging().equals("jar"));
    }

    private static StagingRepository staging;
    private static String skipped;

    @BeforeAll
    static void locateStaging() {
        String[] why = new String[1];
        Optional<StagingRepository> found = StagingRepository.locate(
                System.getProperty("vigil.release.repository"),
                Path.of(System.getProperty("vigil.release.workdir", ".")), VERSION, why);
        staging = found.orElse(null);
        skipped = why[0];
        if (staging == null) {
            System.err.println("release-check: the staged artifacts are not checked: " + skipped);
        }
    }

    static StagingRepository staging() {
        assumeTrue(staging != null, () -> skipped);
        return staging;
    }

    // --- which modules are published (needs no staging) ---

    @Test
    void publishedModules_areTheLibraryModulesTheCliAndTheBom() {
        List<String> published = modules().stream().filter(Module::published).map(Module::artifactId).toList();
        List<String> notPublished = modules().stream().filter(m -> !m.published()).map(Module::artifactId).toList();

        assertThat(published).contains("vigil-bom", "vigil-core", "vigil-correlation", "vigil-respond", "vigil-sigma-compat",
                "vigil-rules-dsl", "vigil-test", "vigil-flink", "vigil-cli");
        assertThat(notPublished).containsExactlyInAnyOrder("vigil-benchmarks", "vigil-examples", "vigil-release-check");
        assertThat(modules().get(modules().size() - 1).artifactId())
                .as("release-check must be the last module, after everything it checks has deployed")
                .isEqualTo("vigil-release-check");
    }

    // --- each published jar module ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedJars")
    void jar_hasItsAutomaticModuleName(Module module) throws IOException {
        Path jar = staging().file(module.artifactId(), "", "jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest mf = j.getManifest();
            assertThat(mf).as("manifest of %s", jar).isNotNull();
            assertThat(mf.getMainAttributes().getValue("Automatic-Module-Name"))
                    .as("Automatic-Module-Name of %s", jar).isEqualTo(module.moduleName()).isNotBlank();
            if (module.hasSources()) {
                assertThat(entries(j)).as("classes in %s", jar).anyMatch(n -> n.endsWith(".class"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedJars")
    void sourcesJar_holdsTheSources(Module module) throws IOException {
        Path jar = staging().file(module.artifactId(), "sources", "jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            if (module.hasSources()) {
                assertThat(entries(j)).as("sources in %s", jar).anyMatch(n -> n.endsWith(".java"));
            } else {
                assertThat(entries(j)).as("placeholder in %s", jar).anyMatch(n -> !n.startsWith("META-INF/"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedJars")
    void javadocJar_documentsTheApiOnly(Module module) throws IOException {
        Path jar = staging().file(module.artifactId(), "javadoc", "jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> entries = entries(j);
            assertThat(entries).as("entries of %s", jar).contains("index.html");
            assertThat(entries).as("non-API packages in %s", jar)
                    .noneMatch(n -> n.startsWith("dev/vigil/correlation/internal/") || n.startsWith("dev/vigil/cli/"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedJars")
    void pom_hasTheMetadataCentralRequires(Module module) {
        assertHasCentralMetadata(module.artifactId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedJars")
    void sbom_isCycloneDxOfThisModule(Module module) throws IOException {
        Path json = staging().file(module.artifactId(), "cyclonedx", "json");
        JsonNode bom = JSON.readTree(json.toFile());
        assertThat(bom.path("bomFormat").asText()).as("bomFormat of %s", json).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asText()).as("specVersion of %s", json).isNotBlank();
        JsonNode component = bom.path("metadata").path("component");
        assertThat(component.path("purl").asText()).as("the component %s describes", json)
                .startsWith("pkg:maven/dev.vigil/" + module.artifactId() + "@" + VERSION);
        assertThat(component.path("licenses").findValuesAsText("id")).as("licences of the component in %s", json)
                .contains("Apache-2.0");

        Path xml = staging().file(module.artifactId(), "cyclonedx", "xml");
        Xml x = Xml.parse(xml);
        assertThat(x.name()).as("root element of %s", xml).isEqualTo("bom");
        assertThat(x.namespace()).as("namespace of %s", xml).startsWith("http://cyclonedx.org/schema/bom/");
    }

    // --- the parent, the BOM, the command line ---

    @Test
    void parentPom_isStagedWithTheMetadata() {
        assertHasCentralMetadata("vigil-parent");
    }

    @Test
    void bom_managesExactlyThePublishedArtifacts_andInheritsNothing() {
        Xml bom = Xml.parse(staging().file("vigil-bom", "", "pom"));

        assertThat(bom.at("parent")).as("vigil-bom must not inherit vigil-parent's dependencyManagement").isEmpty();
        List<Xml> deps = bom.at("dependencyManagement", "dependencies").orElseThrow().children("dependency");
        assertThat(deps).allSatisfy(d -> {
            assertThat(d.text("groupId")).hasValue("dev.vigil");
            assertThat(d.text("version").orElseThrow()).isIn("${project.version}", VERSION);
            assertThat(d.text("scope")).isEmpty();
            assertThat(d.text("type")).isEmpty();
        });
        assertThat(deps.stream().map(d -> d.text("artifactId").orElseThrow()))
                .containsExactlyInAnyOrderElementsOf(publishedJars().map(Module::artifactId).toList());
        assertThat(bom.at("dependencies")).as("a BOM adds no dependencies").isEmpty();
        assertThat(bom.text("packaging")).hasValue("pom");

        // the metadata a BOM without a parent has to repeat: the same as the parent's
        assertHasCentralMetadata("vigil-bom");
        Map<String, String> parent = centralMetadata("vigil-parent");
        Map<String, String> own = centralMetadata("vigil-bom");
        for (String key : List.of("url", "license", "license url", "developer", "scm connection",
                "scm developerConnection", "scm url")) {
            assertThat(own.get(key)).as("%s of vigil-bom against vigil-parent's", key).isEqualTo(parent.get(key));
        }
    }

    @Test
    void cliShadedJar_isStaged_andCarriesThePublishedSbom() throws IOException {
        Path shaded = staging().file("vigil-cli", "shaded", "jar");
        byte[] published = Files.readAllBytes(staging().file("vigil-cli", "cyclonedx", "json"));
        try (JarFile j = new JarFile(shaded.toFile())) {
            var attributes = j.getManifest().getMainAttributes();
            assertThat(attributes.getValue("Main-Class")).isEqualTo("dev.vigil.cli.Main");
            String location = attributes.getValue("Sbom-Location");
            assertThat(location).as("Sbom-Location of %s", shaded).isNotBlank();
            ZipEntry sbom = j.getEntry(location);
            assertThat(sbom).as("%s in %s", location, shaded).isNotNull();
            try (InputStream in = j.getInputStream(sbom)) {
                assertThat(in.readAllBytes()).as("the SBOM in the shaded jar is the one published beside it")
                        .isEqualTo(published);
            }
            assertThat(entries(j)).as("the shaded jar holds its dependencies")
                    .contains("picocli/CommandLine.class", "dev/vigil/core/match/Engine.class");
        }
    }

    // --- the repository as a whole ---

    @Test
    void unpublishedModules_areNotStaged() {
        StagingRepository s = staging();
        assertThat(modules().stream().filter(m -> !m.published()))
                .allSatisfy(m -> assertThat(s.has(m.artifactId())).as("%s staged", m.artifactId()).isFalse());
    }

    @Test
    void everyStagedFile_hasMatchingChecksums() throws IOException {
        Path group = staging().root.resolve(StagingRepository.GROUP_PATH);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(group)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().matches(".*\\.(md5|sha1|sha256|sha512)"))
                    .toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(files).allSatisfy(f -> {
            assertThat(checksumFile(f, "sha1")).as("sha1 of %s", f).isEqualTo(digest(f, "SHA-1"));
            assertThat(checksumFile(f, "md5")).as("md5 of %s", f).isEqualTo(digest(f, "MD5"));
        });
    }

    // --- helpers ---

    /** Name, description, url, licences, developers and scm in the pom's effective model (parents included). */
    static void assertHasCentralMetadata(String artifactId) {
        Map<String, String> m = centralMetadata(artifactId);
        Xml root = Xml.parse(ROOT.resolve("pom.xml"));
        assertThat(m.get("name")).as("name of %s", artifactId).isNotBlank();
        assertThat(m.get("description")).as("description of %s", artifactId).isNotBlank();
        assertThat(m.get("url")).as("url of %s", artifactId).isEqualTo(root.text("url").orElseThrow());
        assertThat(m.get("license")).as("licence of %s", artifactId).isEqualTo("Apache License, Version 2.0");
        assertThat(m.get("license url")).as("licence url of %s", artifactId)
                .isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
        assertThat(m.get("developer")).as("developers of %s", artifactId).isNotBlank();
        assertThat(m.get("scm connection")).as("scm connection of %s", artifactId)
                .isEqualTo(root.text("scm", "connection").orElseThrow());
        assertThat(m.get("scm developerConnection")).as("scm developerConnection of %s", artifactId)
                .isEqualTo(root.text("scm", "developerConnection").orElseThrow());
        assertThat(m.get("scm url")).as("scm url of %s", artifactId).isEqualTo(root.text("scm", "url").orElseThrow());
    }

    /**
     * The metadata as a consumer of the staged pom sees it: the pom's own, else its parent's (from the same
     * repository). Inherited URLs count only where the parent stops Maven from appending the child's
     * artifactId to them (child.*.inherit.append.path="false").
     */
    static Map<String, String> centralMetadata(String artifactId) {
        List<Xml> chain = new ArrayList<>();
        Xml pom = Xml.parse(staging().file(artifactId, "", "pom"));
        chain.add(pom);
        while (pom.at("parent").isPresent()) {
            Xml parent = pom.at("parent").orElseThrow();
            assertThat(parent.text("groupId")).as("parent of %s", artifactId).hasValue("dev.vigil");
            pom = Xml.parse(staging().file(parent.text("artifactId").orElseThrow(), "", "pom"));
            chain.add(pom);
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", chain.get(0).text("name").orElse(""));
        m.put("description", chain.get(0).text("description").orElse(""));
        m.put("url", inherited(chain, "", "child.project.url.inherit.append.path", "url"));
        m.put("license", inherited(chain, null, null, "licenses", "license", "name"));
        m.put("license url", inherited(chain, null, null, "licenses", "license", "url"));
        m.put("developer", inherited(chain, null, null, "developers", "developer", "name"));
        m.put("scm connection", inherited(chain, "scm", "child.scm.connection.inherit.append.path", "scm", "connection"));
        m.put("scm developerConnection", inherited(chain, "scm",
                "child.scm.developerConnection.inherit.append.path", "scm", "developerConnection"));
        m.put("scm url", inherited(chain, "scm", "child.scm.url.inherit.append.path", "scm", "url"));
        return m;
    }

    private static String inherited(List<Xml> chain, String attributeOn, String appendAttribute, String... path) {
        for (int i = 0; i < chain.size(); i++) {
            Optional<String> value = chain.get(i).text(path);
            if (value.isPresent()) {
                if (i > 0 && appendAttribute != null) {
                    Xml holder = attributeOn.isEmpty() ? chain.get(i) : chain.get(i).at(attributeOn).orElseThrow();
                    if (!"false".equals(holder.attribute(appendAttribute))) {
                        return value.get() + "/<artifactId appended by Maven>";
                    }
                }
                return value.get();
            }
        }
        return "";
    }

    private static List<String> entries(JarFile j) {
        return j.stream().map(ZipEntry::getName).toList();
    }

    private static String checksumFile(Path f, String extension) {
        Path c = f.resolveSibling(f.getFileName() + "." + extension);
        try {
            return Files.isRegularFile(c) ? Files.readString(c).strip().split("\\s+")[0] : "(no " + c.getFileName() + ")";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(Path f, String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
