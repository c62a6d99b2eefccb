package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack (a third-party rule pack, or whoever names the event files): docs/RELIABILITY.md promises that in
 * stderr's problem and summary lines "each problem is one line, and no line can be forged". The stderr
 * writer ({@link TerminalText#writer}) escapes everything but line breaks, so the lines must escape their
 * values before printing; the "too late to correlate" line (Pipeline.session's onLate) does not: it prints
 * the rule's title and the match's file as they are. A rule title holding a line break writes a line of the
 * attacker's choosing into the run's stderr (here a fake summary line claiming nothing was detected).
 * {@code --stats} (HuntCommand.printHotRules) prints rule titles the same way.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: both lines escape titles and file names (TerminalText).
 */
class LateLineForgeryAttackTest {

    @TempDir
    Path dir;

    @Test
    void aRuleTitleWithALineBreak_cannotForgeALineInTheTooLateMessages() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("pack.yml"), """
                title: Brute force on an account
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50
                level: high
                correlation:
                  type: event_count
                  rules: [failed_logon]
                  group-by: [TargetUserName]
                  timespan: 5m
                  condition:
                    gte: 3
                ---
                title: "Failed logon\\ndetections:       0 (FORGED)"
                name: failed_logon
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a51
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: 4625}
                  condition: selection
                level: low
                """);
        Path events = Files.createDirectory(dir.resolve("events"));
        List<String> lines = new ArrayList<>();
        // 16 matches give the stream a time (the median of the latest ones), then one comes an hour late
        List<String> times = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            times.add(String.format("10:00:%02d", i));
        }
        times.add("09:00:00");
        for (String time : times) {
            lines.add("{\"@timestamp\":\"2024-05-01T" + time + "Z\",\"Channel\":\"Security\",\"EventID\":4625,"
                    + "\"TargetUserName\":\"u" + time + "\"}");
        }
        Files.write(events.resolve("security.jsonl"), lines);

        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(), "--lateness", "1m",
                "--format", "jsonl");

        assertThat(run.err()).contains("too late to correlate");
        assertThat(run.errLines()).as("stderr:%n%s", run.err()).noneMatch(l -> l.contains("(FORGED)") && !l.startsWith("too late"));
    }

    @Test
    void aRuleTitleWithALineBreak_cannotForgeALineInTheStatsList() throws IOException {
        Path rule = Files.writeString(dir.resolve("rule.yml"), """
                title: "Failed logon\\ndetections:       0 (FORGED)"
                id: 9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a51
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: 4625}
                  condition: selection
                level: low
                """);
        Path events = Files.writeString(dir.resolve("security.jsonl"),
                "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"EventID\":4625}\n");

        CliRun run = CliRun.of("hunt", "--rules", rule.toString(), "--events", events.toString(), "--logsource", "ignore",
                "--stats", "--format", "jsonl");

        assertThat(run.err()).contains("costliest rules");
        assertThat(run.errLines()).as("stderr:%n%s", run.err()).noneMatch(l -> l.startsWith("detections:       0 (FORGED)"));
    }
}
