package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attackers write the values Vigil prints: terminal escape sequences and other control characters in event
 * values, rule titles and file names are escaped in the table, CSV and stderr lines, and exact in JSON.
 */
class HuntOutputEscapingTest {

    /** ESC CSI (colour, clear screen, title), BEL, backspace, CR, NUL, DEL, C1 CSI, line and paragraph separators, bidi. */
    private static final String HOSTILE = "\u001b[31mred\u001b[2J\u001b]0;title\u0007 back\b\b cr\r nul\u0000 del\u007f "
            + "c1\u009b31m ls\u2028ps\u2029 rlo\u202etxt.exe lri\u2066x\u2069";

    @TempDir
    Path dir;
    Path rules;
    Path events;

    @BeforeEach
    void write() throws IOException {
        rules = Files.writeString(dir.resolve("rule.yml"), """
                title: "Evil \\e[5mtitle\\a"
                id: 33333333-3333-3333-3333-333333333333
                logsource: {product: any}
                level: high
                detection:
                  sel: {CommandLine|contains: red}
                  condition: sel
                """);
        ObjectMapper json = new ObjectMapper();
        String event = json.writeValueAsString(java.util.Map.of("CommandLine", HOSTILE, "User", "x\u001b[8m",
                "Computer", "h\u001b[8m"));
        Path folder = Files.createDirectory(dir.resolve("logs"));
        events = Files.writeString(folder.resolve("ev\u001b[32m\u202e.jsonl"), event + "\n{bad\u001b[1m}\n");
    }

    private CliRun hunt(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("hunt", "--rules", rules.toString(), "--events",
                events.getParent().toString(), "--logsource", "ignore"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertNoControlCharacters(String text, boolean newlines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = newlines && (c == '\n' || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
            if (!allowed) {
                assertThat(c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029
                        || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069)
                        .as("character U+%04X at %d in %s", (int) c, i, text).isFalse();
            }
        }
    }

    @Test
    void table_escapesEventValuesRuleTitlesAndFileNames() {
        CliRun run = hunt("--full");

        assertThat(run.exitCode()).isZero();
        assertNoControlCharacters(run.out(), true);
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.outLines().get(1)).contains("Evil \\x1b[5mtitle\\x07").contains("ev\\x1b[32m\\u202e.jsonl:1")
                .contains("h\\x1b[8m").contains("CommandLine=\\x1b[31mred\\x1b[2J\\x1b]0;title\\x07 back\\x08\\x08");
    }

    @Test
    void stderr_problemAndSummaryLines_areEscaped() {
        CliRun run = hunt();

        assertNoControlCharacters(run.err(), true);
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l).startsWith(
                events.getParent() + "/ev\\x1b[32m\\u202e.jsonl:2:2: "));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void csv_escapesControlCharacters_andGuardsFormulasOnlyWhenAsked(boolean guard) throws IOException {
        Files.writeString(rules, Files.readString(rules).replace("Evil ", "=HYPERLINK(\\\"http://x\\\") Evil "));
        CliRun run = guard ? hunt("--format", "csv", "--csv-formula-guard") : hunt("--format", "csv");

        assertThat(run.exitCode()).isZero();
        assertNoControlCharacters(run.out(), true);
        assertThat(run.outLines()).hasSize(2);
        String title = "=HYPERLINK(\"\"http://x\"\") Evil \\x1b[5mtitle\\x07";
        assertThat(run.outLines().get(1)).contains(guard ? ",\"'" + title + "\"," : ",\"" + title + "\",")
                .contains("ev\\x1b[32m\\u202e.jsonl");
    }

    @Test
    void jsonl_keepsTheValuesExact() throws IOException {
        CliRun run = hunt("--format", "jsonl");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("\u001b");
        JsonNode alert = new ObjectMapper().readTree(run.outLines().get(0));
        assertThat(alert.toString()).contains("\\u001B[31mred");
        assertThat(alert.findValue("CommandLine").asText()).isEqualTo(HOSTILE);
        assertThat(alert.findValue("rule_title").asText()).isEqualTo("Evil \u001b[5mtitle\u0007");
    }
}
