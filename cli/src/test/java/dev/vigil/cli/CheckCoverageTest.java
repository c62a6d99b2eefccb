package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLI.md, {@code vigil check --coverage}: the rules' log sources, the entries serving them, the fields left unmapped. */
class CheckCoverageTest {

    @TempDir
    Path dir;

    private void rule(String file, String logsource, String selection) throws IOException {
        Files.writeString(dir.resolve(file), "title: " + file + "\nlogsource:\n" + logsource.indent(2)
                + "detection:\n  selection:\n" + selection.indent(4) + "  condition: selection\n");
    }

    @Test
    void coverage_listsEntriesAndUnmappedFields_perLogsource() throws IOException {
        rule("whoami.yml", "product: windows\ncategory: process_creation\n",
                "CommandLine|contains: whoami\nUser|contains: admin\n");
        rule("cmd.yml", "product: windows\ncategory: process_creation\n", "Image|endswith: '\\cmd.exe'\n");
        rule("exclusion.yml", "product: windows\nservice: windefend\n",
                "EventID: 5007\nNewValue|contains: Exclusions\nPath: x\n");
        rule("billing.yml", "product: acme\nservice: billing\n", "type: refund\n");

        CliRun run = CliRun.of("check", "--rules", dir.toString(), "--coverage");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.outLines();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("LOGSOURCE")).findFirst().orElseThrow());
        assertThat(lines.get(header - 1)).isEqualTo("loaded 4 of 4 rules");
        assertThat(lines.get(header)).matches("LOGSOURCE +RULES +ENTRY +UNMAPPED FIELDS");
        assertThat(lines.subList(header + 1, lines.size())).satisfiesExactly(
                l -> assertThat(l).matches("acme/-/billing +1 +- +-"),
                l -> assertThat(l).matches("windows/-/windefend +1 +windefend +Path"),
                l -> assertThat(l).matches("windows/process_creation/- +2 +process_creation_sysmon +CommandLine, Image, User"),
                // Image is renamed to NewProcessName under Security 4688; User goes through as it is
                l -> assertThat(l).matches(" +process_creation_security +CommandLine, User"),
                l -> assertThat(l).isEqualTo("3 log sources, 1 without a mapping entry"));
    }

    @Test
    void coverage_userMappingEntry_servesItsLogsource_andItsRenamesCount() throws IOException {
        rule("billing.yml", "product: acme\nservice: billing\n", "refund_id: 7\nexe: /bin/sh\n");
        Path mapping = dir.resolve("m.yaml");
        Files.writeString(mapping, """
                logsources:
                  - id: my_billing
                    product: acme
                    service: billing
                    conditions:
                      source: billing
                    fields:
                      exe: process.executable
                """);

        CliRun run = CliRun.of("check", "--rules", dir.resolve("billing.yml").toString(), "--mapping", mapping.toString(),
                "--coverage");

        assertThat(run.outLines()).anySatisfy(l -> assertThat(l).matches("acme/-/billing +1 +my_billing +refund_id"));
        assertThat(run.lastOutLine()).isEqualTo("1 log sources, 0 without a mapping entry");
    }

    @Test
    void withoutCoverage_noTable() throws IOException {
        rule("cmd.yml", "product: windows\ncategory: process_creation\n", "Image|endswith: '\\cmd.exe'\n");
        CliRun run = CliRun.of("check", "--rules", dir.toString());
        assertThat(run.lastOutLine()).isEqualTo("loaded 1 of 1 rules");
        assertThat(run.out()).doesNotContain("LOGSOURCE");
    }

    @Test
    void coverage_sigmaHqRules_everyLogsourceHasAnEntry() {
        String property = System.getProperty("vigil.shared");
        Path rules = property == null ? null : Path.of(property).resolve("sigma/rules");
        assumeTrue(rules != null && Files.isDirectory(rules),
                "skipped: the shared test data (system property vigil.shared, default ../shared) is absent: " + property);

        CliRun run = CliRun.of("check", "--rules", rules.toString(), "--coverage");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).anySatisfy(l -> assertThat(l).startsWith("windows/process_creation/- ")
                .contains("process_creation_sysmon"));
        assertThat(run.outLines()).filteredOn(l -> l.startsWith("windows/")).isNotEmpty()
                .noneSatisfy(l -> assertThat(l).matches("windows/\\S+ +\\d+ +- .*"));
        assertThat(run.outLines()).noneSatisfy(l -> assertThat(l).matches("\\S+/\\S+/\\S+ +\\d+ +- .*"));
        assertThat(run.lastOutLine()).matches("\\d+ log sources, 0 without a mapping entry");
    }
}
