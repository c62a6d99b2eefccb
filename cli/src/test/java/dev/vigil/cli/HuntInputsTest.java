package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil hunt} on inputs that give no event: what it says, and its exit code. */
class HuntInputsTest {

    private static final String NO_EVENT = "vigil hunt: no event could be read from --events";
    private static final String NO_EVENT_FILES =
            ": no event files (looked for *.evtx, and *.json, *.jsonl, *.ndjson, *.log, optionally .gz)";
    private static final String EVENT = "{\"@timestamp\": \"2024-05-01T10:00:00Z\", \"EventID\": 1, "
            + "\"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"CommandLine\": \"whoami /all\"}\n";

    @TempDir
    Path dir;
    Path rules;

    @BeforeEach
    void writeRule() throws IOException {
        rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("whoami.yml"), """
                title: Whoami
                id: 5e0c3c52-0c1e-4b7a-9d53-2f0a41d7c001
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: whoami
                  condition: selection
                level: high
                """);
    }

    private CliRun hunt(Path... events) {
        List<String> args = new ArrayList<>(List.of("hunt", "--rules", rules.toString(), "--format", "jsonl",
                "--events"));
        for (Path p : events) {
            args.add(p.toString());
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void emptyFolder_saysSoAndExitsOne() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("logs"));

        CliRun run = hunt(folder);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).contains("warning: " + folder + NO_EVENT_FILES, "files read:       0", NO_EVENT);
        assertThat(run.errLines().get(run.errLines().size() - 1)).isEqualTo(NO_EVENT);
    }

    @Test
    void folderWithoutEventFileNames_saysSoAndExitsOne() throws IOException {
        write("logs/notes.txt", EVENT);
        write("logs/sub/events.csv", EVENT);
        write("logs/archive.tar.gz", EVENT);

        CliRun run = hunt(dir.resolve("logs"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains("warning: " + dir.resolve("logs") + NO_EVENT_FILES, NO_EVENT);
    }

    @Test
    void folderWhoseEventFilesCannotBeOpened_saysWhyAndExitsOne() throws IOException {
        Path file = write("logs/a.jsonl", EVENT);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "skipped: this user (root?) can read a file without permissions");

        CliRun run = hunt(dir.resolve("logs"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains(file + ": cannot open: permission denied", "files read:       0",
                NO_EVENT);
    }

    @Test
    void fileWithOnlyMalformedRecords_saysNoEventCouldBeReadAndExitsOne() throws IOException {
        Path file = write("bad.jsonl", "42\n{\"EventID\": 1, \"Channel\": broken}\n");

        CliRun run = hunt(file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).contains("warning: " + file + ": no event could be read (2 records skipped)",
                "files read:       1 (1 without events)", "records skipped:  2", NO_EVENT);
    }

    @Test
    void emptyFile_isANoRecordsWarningAndExitsOne() throws IOException {
        Path empty = write("empty.jsonl", "");
        Path blank = write("blank.json", "\n  \n");

        CliRun run = hunt(empty, blank);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).contains("warning: " + empty + ": no records",
                "warning: " + blank + ": no records", "files read:       2 (2 without events)", NO_EVENT);
    }

    @Test
    void someInputsWithEvents_exitsZero_andTheSummaryCountsTheFilesWithout() throws IOException {
        Path good = write("logs/a.jsonl", EVENT);
        Path empty = write("logs/b.jsonl", "");
        Path bad = write("logs/c.jsonl", "{broken\n");
        Path none = Files.createDirectory(dir.resolve("none"));

        CliRun run = hunt(dir.resolve("logs"), none);

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).singleElement().satisfies(l -> assertThat(l).contains(good.toString()));
        assertThat(run.errLines()).contains("warning: " + empty + ": no records",
                "warning: " + bad + ": no event could be read (1 record skipped)", "warning: " + none + NO_EVENT_FILES,
                "files read:       3 (2 without events)", "events read:      1")
                .doesNotContain(NO_EVENT);
    }

    @Test
    void manyBadRecords_doNotHideThatAnotherFileGaveNothing() throws IOException {
        StringBuilder bad = new StringBuilder(EVENT);
        for (int i = 0; i < HuntCommand.MAX_PROBLEM_LINES + 5; i++) {
            bad.append("{broken\n");
        }
        Path dirty = write("logs/a.jsonl", bad.toString());
        Path empty = write("logs/b.jsonl", "");

        CliRun run = hunt(dir.resolve("logs"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.errLines()).contains("warning: " + empty + ": no records", "... 5 more event problems",
                "files read:       2 (1 without events)");
        assertThat(run.errLines()).filteredOn(l -> l.startsWith(dirty + ":")).hasSize(HuntCommand.MAX_PROBLEM_LINES);
    }
}
