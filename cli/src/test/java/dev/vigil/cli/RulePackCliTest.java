package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rules.dsl.PackJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --rules pack.jar}: a jar of DSL rules and bundled YAML is a rule source like a folder. */
class RulePackCliTest {

    @TempDir
    Path dir;

    private static final String PACK = """
            package corp.detections;

            import static dev.vigil.rules.dsl.RuleDsl.*;

            import dev.vigil.core.rule.Level;
            import dev.vigil.rules.dsl.RuleDocument;
            import dev.vigil.rules.dsl.RulePack;
            import java.util.List;

            public final class CorpPack implements RulePack {
                public String name() {
                    return "corp";
                }

                public List<RuleDocument> rules() {
                    return List.of(detection("Logon failure for a service account")
                            .name("svc_logon_failure").id("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee").level(Level.MEDIUM)
                            .logsource("windows", null, "security")
                            .condition(selection("sel").where(field("EventID").equalTo(4625),
                                    field("TargetUserName").startsWith("svc_")))
                            .build());
                }
            }
            """;

    @Test
    void checkAndHunt_readAPackJar_andAFolderCorrelationRefersToItsRule() throws IOException {
        Path jar = PackJars.build(dir.resolve("corp-pack.jar"), Map.of("corp.detections.CorpPack", PACK), Map.of(),
                "corp.detections.CorpPack");
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("svc_brute.yml"), """
                title: Service account brute force
                id: aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeef
                level: high
                correlation:
                    type: event_count
                    rules: [svc_logon_failure]
                    group-by: [TargetUserName]
                    timespan: 5m
                    condition: {gte: 3}
                generate: true
                """);
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            events.append("{\"@timestamp\":\"2026-03-02T08:00:0").append(i).append("Z\",\"Channel\":\"Security\",")
                    .append("\"EventID\":4625,\"TargetUserName\":\"svc_backup\"}\n");
        }
        Path log = Files.writeString(dir.resolve("security.jsonl"), events);

        CliRun check = CliRun.of("check", "--rules", jar.toString(), rules.toString());
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.outLines()).contains("loaded 2 of 2 rules");

        CliRun hunt = CliRun.of("hunt", "--rules", jar.toString(), rules.toString(), "--events", log.toString(),
                "--format", "jsonl");
        assertThat(hunt.exitCode()).as(hunt.err()).isZero();
        assertThat(hunt.outLines()).filteredOn(l -> l.contains("Logon failure for a service account")).hasSize(3);
        assertThat(hunt.outLines()).filteredOn(l -> l.contains("Service account brute force")).hasSize(1);
    }

    @Test
    void aBrokenJar_isReportedByName_andTheOtherRulesStillLoad() throws IOException {
        Path fake = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        Path rule = Files.writeString(dir.resolve("whoami.yml"), """
                title: Whoami
                logsource: {product: windows, category: process_creation}
                detection:
                    sel: {Image|endswith: '\\\\whoami.exe'}
                    condition: sel
                """);
        CliRun check = CliRun.of("check", "--rules", fake.toString(), rule.toString());
        assertThat(check.outLines()).anySatisfy(l -> assertThat(l).startsWith(fake + ":").contains("cannot read jar"));
        assertThat(check.outLines()).contains("loaded 1 of 2 rules");
        assertThat(check.exitCode()).isZero();
    }
}
