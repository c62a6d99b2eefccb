package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rules spec § File Structure and § Yaml File: documents, files, folders and their problems. */
class RuleLoadingTest {

    private static final String WHOAMI = """
            title: Whoami Execution
            id: 6f3e2987-db24-4c78-a860-b4f4095a7095
            name: whoami_execution
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    Image|endswith: '\\whoami.exe'
                condition: selection
            level: high
            """;

    private static final String NET_USER = """
            title: Net User Add
            id: df0841c0-9846-4e9f-ad8a-7df91571771b
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    CommandLine|contains|all:
                        - 'net'
                        - ' user '
                        - ' /add'
                condition: selection
            level: medium
            """;

    @Test
    @DisplayName("rules spec § Yaml File: several rules in one file, separated by ---")
    void multiDocument_twoRules_bothLoadAndFire() {
        LoadResult result = IGNORE.loadString(WHOAMI + "---\n" + NET_USER, "two.yml");
        assertThat(result.errors()).isEmpty();
        assertThat(result.documents()).isEqualTo(2);
        assertThat(result.rules()).extracting(Rule::title).containsExactly("Whoami Execution", "Net User Add");
        Rule whoami = result.rules().get(0);
        Rule netUser = result.rules().get(1);
        assertThat(whoami.matches(event("Image", "C:\\Windows\\System32\\whoami.exe"))).isTrue();
        assertThat(netUser.matches(event("Image", "C:\\Windows\\System32\\whoami.exe"))).isFalse();
        assertThat(netUser.matches(event("CommandLine", "net user bob pw /add"))).isTrue();
        assertThat(netUser.source().line()).as("second document's line").isEqualTo(WHOAMI.split("\n").length + 2);
    }

    @Test
    @DisplayName("rules spec § Components: the metadata of a loaded rule")
    void metadata_loaded_kept() {
        Rule r = SigmaTestSupport.only(IGNORE, WHOAMI);
        assertThat(r.id()).isEqualTo("6f3e2987-db24-4c78-a860-b4f4095a7095");
        assertThat(r.name()).isEqualTo("whoami_execution");
        assertThat(r.logSource().category()).isEqualTo("process_creation");
        assertThat(r.level()).isEqualTo(Level.HIGH);
    }

    @Test
    @DisplayName("rules spec § Yaml File: a bad document among good ones in one file leaves the others")
    void multiDocument_oneBad_othersLoad() {
        String bad = WHOAMI.replace("Whoami Execution", "Broken").replace("Image|endswith", "Image|endwith")
                .replace("6f3e2987", "00000000");
        LoadResult result = IGNORE.loadString(WHOAMI + "---\n" + bad + "---\n" + NET_USER, "three.yml");
        assertThat(result.rules()).extracting(Rule::title).containsExactly("Whoami Execution", "Net User Add");
        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().get(0).message()).contains("endwith");
        assertThat(result.documents()).isEqualTo(3);
    }

    @Test
    @DisplayName("rules spec § Yaml File: a bad rule in a folder; others load; the problem names file, line, field")
    void folder_oneBadRule_othersLoadAndProblemLocated(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_whoami.yml"), WHOAMI, StandardCharsets.UTF_8);
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("b_bad.yml"), """
                title: Bad Rule
                logsource:
                    product: windows
                detection:
                    selection:
                        Image: 'x'
                        CommandLine|containz: 'y'
                    condition: selection
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("c_net_user.yaml"), NET_USER, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.txt"), "not a rule", StandardCharsets.UTF_8);

        LoadResult result = IGNORE.load(List.of(dir));

        assertThat(result.rules()).extracting(Rule::title).containsExactlyInAnyOrder("Whoami Execution", "Net User Add");
        assertThat(result.documents()).isEqualTo(3);
        assertThat(result.errors()).hasSize(1);
        Problem p = result.errors().get(0);
        assertThat(p.where().file()).endsWith("b_bad.yml");
        assertThat(p.where().line()).isEqualTo(7);
        assertThat(p.where().field()).isEqualTo("CommandLine|containz");
        assertThat(p.message()).contains("containz");
        assertThat(p.toString()).contains("b_bad.yml:7");
    }

    @Test
    @DisplayName("rules spec § Yaml File: a YAML syntax error is reported with its line")
    void yamlSyntaxError_reportedWithLine() {
        Problem p = rejected(IGNORE, """
                title: Broken YAML
                logsource:
                    product: windows
                detection:
                    selection:
                        Image: 'unterminated
                    condition: selection
                """);
        assertThat(p.message()).contains("YAML");
        assertThat(p.where().file()).isEqualTo("test.yml");
        assertThat(p.where().line()).isBetween(6, 8);
    }

    @Test
    @DisplayName("rules spec § Yaml File: a YAML indentation error is reported with its line")
    void yamlIndentationError_reportedWithLine() {
        Problem p = rejected(IGNORE, """
                title: Broken YAML
                logsource:
                    product: windows
                detection:
                    selection:
                        Image: x
                      bad: y
                    condition: selection
                """);
        assertThat(p.message()).contains("YAML");
        assertThat(p.where().line()).isEqualTo(7);
    }

    @Test
    @DisplayName("rules spec § Yaml File: a YAML error in one file does not stop the other files")
    void folder_yamlErrorInOneFile_othersLoad(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yml"), "title: [unclosed\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.yml"), WHOAMI, StandardCharsets.UTF_8);
        LoadResult result = IGNORE.load(List.of(dir));
        assertThat(result.rules()).hasSize(1);
        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().get(0).where().file()).endsWith("a.yml");
        assertThat(result.errors().get(0).where().line()).isGreaterThan(0);
    }

    @Test
    @DisplayName("rules spec § Title: a rule without title is rejected naming the field")
    void missingTitle_rejectedNamingField() {
        Problem p = rejected(IGNORE, WHOAMI.replace("title: Whoami Execution\n", ""));
        assertThat(p.where().field()).isEqualTo("title");
        assertThat(p.message()).contains("title");
    }

    @Test
    @DisplayName("rules spec § LogSource: a rule without logsource is rejected naming the field")
    void missingLogsource_rejectedNamingField() {
        Problem p = rejected(IGNORE, WHOAMI.replace("""
                logsource:
                    category: process_creation
                    product: windows
                """, ""));
        assertThat(p.where().field()).isEqualTo("logsource");
        assertThat(p.message()).contains("logsource");
    }

    @Test
    @DisplayName("rules spec § Detection: a rule without detection is rejected naming the field")
    void missingDetection_rejectedNamingField() {
        Problem p = rejected(IGNORE, """
                title: No Detection
                logsource:
                    product: windows
                level: low
                """);
        assertThat(p.where().field()).isEqualTo("detection");
        assertThat(p.message()).contains("detection");
    }

    @Test
    @DisplayName("rules spec § Condition: a rule without condition is rejected naming the field")
    void missingCondition_rejectedNamingField() {
        Problem p = rejected(IGNORE, WHOAMI.replace("    condition: selection\n", ""));
        assertThat(p.where().field()).isEqualTo("detection.condition");
        assertThat(p.where().line()).isEqualTo(8);
    }

    @Test
    @DisplayName("rules spec § Level: an unknown level is rejected naming the field")
    void unknownLevel_rejectedNamingField() {
        Problem p = rejected(IGNORE, WHOAMI.replace("level: high", "level: severe"));
        assertThat(p.where().field()).isEqualTo("level");
        assertThat(p.message()).contains("severe");
    }

    @Test
    @DisplayName("rules spec § Yaml File: a document that is not a map is rejected")
    void nonMapDocument_rejected() {
        Problem p = rejected(IGNORE, "- just\n- a list\n");
        assertThat(p.message()).contains("map");
    }

    @Test
    @DisplayName("rules spec § Identification: a duplicate id is a warning; both rules load")
    void duplicateId_warnedBothLoaded() {
        LoadResult result = IGNORE.loadString(WHOAMI + "---\n" + WHOAMI.replace("Whoami Execution", "Copy"), "dup.yml");
        assertThat(result.rules()).hasSize(2);
        assertThat(result.errors()).isEmpty();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p.message()).contains("6f3e2987"));
    }
}
