package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.dsl.PackJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil export}: rules from folders and packs written as Sigma YAML that loads back the same. */
class ExportCommandTest {

    @TempDir
    Path dir;

    private static final String PACK = """
            package corp.detections;

            import static dev.vigil.rules.dsl.RuleDsl.*;

            import dev.vigil.rules.dsl.RuleDocument;
            import dev.vigil.rules.dsl.RulePack;
            import java.util.List;

            public final class ExportedPack implements RulePack {
                public String name() {
                    return "exported";
                }

                public List<RuleDocument> rules() {
                    return List.of(detection("Whoami from a service")
                            .id("abcdefab-1111-4222-8333-444455556666")
                            .logsource("windows", "process_creation", null)
                            .condition(selection("sel").where(field("Image").endsWith("\\\\whoami.exe"),
                                    field("User").contains("svc_"))).build());
                }

                public List<String> sigmaResources() {
                    return List.of("../../escape.yml");
                }
            }
            """;

    @Test
    void foldersAndPacks_areExported_andLoadBackTheSame_insideTheOutputFolderOnly() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("corp-rules/windows"));
        Files.writeString(rules.resolve("legacy.yml"), """
                title: Many failed logons
                id: abcdefab-1111-4222-8333-444455556667
                logsource: {product: windows, service: security}
                detection:
                    selection: {EventID: 4625}
                    timeframe: 5m
                    condition: selection | count() by TargetUserName > 10
                """);
        Files.writeString(rules.resolve("quoted.yml"), """
                title: Quoted and numbers
                id: abcdefab-1111-4222-8333-444455556668
                logsource: {product: windows, service: security}
                detection:
                    a: {EventID: 4688, Code: '0042', Flag: yes, Enabled: TRUE}
                    b: {CommandLine|contains|all: ['-nop', "it's"]}
                    condition: a or b
                """);
        Path jar = PackJars.build(dir.resolve("corp-pack.jar"), Map.of("corp.detections.ExportedPack", PACK),
                Map.of("../../escape.yml", "title: Escaping\nlogsource: {product: windows}\ndetection: {s: {A: 1}, condition: s}\n"),
                "corp.detections.ExportedPack");
        Path out = dir.resolve("out");

        CliRun export = CliRun.of("export", "--rules", dir.resolve("corp-rules").toString(), jar.toString(),
                "--output", out.toString());
        assertThat(export.exitCode()).as(export.out()).isZero();
        assertThat(export.outLines()).anySatisfy(l -> assertThat(l).contains("legacy.yml").contains("Sigma 1 aggregation"));
        assertThat(export.outLines()).last().isEqualTo("exported 4 files to " + out);
        assertThat(out.resolve("corp-rules/windows/quoted.yml")).exists();
        assertThat(out.resolve("corp-pack.jar/escape.yml")).as("a '..' in a pack's resource stays inside").exists();
        assertThat(dir.resolve("escape.yml")).doesNotExist();

        CliRun before = CliRun.of("check", "--rules", dir.resolve("corp-rules").toString(), jar.toString());
        CliRun after = CliRun.of("check", "--rules", out.toString());
        assertThat(after.outLines()).last().isEqualTo(before.outLines().get(before.outLines().size() - 1));

        String quoted = Files.readString(out.resolve("corp-rules/windows/quoted.yml"));
        assertThat(quoted).contains("\"EventID\": 4688").contains("\"Code\": \"0042\"").contains("\"Flag\": \"yes\"").contains("\"Enabled\": true");
    }
}
