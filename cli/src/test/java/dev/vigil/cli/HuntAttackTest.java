package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile inputs to vigil hunt: an event as deep as the reader allows, links in an events folder. */
class HuntAttackTest {

    @TempDir
    Path dir;

    private static final String RULE = """
            title: Any x
            id: 22222222-2222-2222-2222-222222222222
            logsource: {product: any}
            level: high
            detection:
              sel: {type: x}
              condition: sel
            """;

    /** A record as deep as ReadLimits allows is read, its alert written as JSON, and the hunt goes on. */
    @Test
    void jsonl_aRecordAtTheDepthLimit_isWrittenAndTheHuntGoesOn() throws IOException {
        Path rules = Files.writeString(dir.resolve("x.yml"), RULE);
        int depth = 1_000;
        String deep = "{\"type\":\"x\",\"a\":" + "[".repeat(depth - 2) + "{}" + "]".repeat(depth - 2) + "}";
        Path events = Files.writeString(dir.resolve("ev.jsonl"),
                "{\"type\":\"x\",\"n\":1}\n" + deep + "\n{\"type\":\"x\",\"n\":3}\n");
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", events.toString(),
                "--logsource", "ignore", "--format", "jsonl");
        assertThat(run.err()).doesNotContain("cannot write output");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(3);
    }

    /** Links to event files inside an --events folder are read like the files. */
    @Test
    void aFolderOfSymlinkedEventFiles_isRead() throws IOException {
        Path rules = Files.writeString(dir.resolve("x.yml"), RULE);
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.writeString(real.resolve("a.json"), "{\"type\":\"x\"}\n");
        Path links = Files.createDirectory(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("a.json"), real.resolve("a.json"));
        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", links.toString(),
                "--logsource", "ignore", "--format", "jsonl");
        assertThat(run.err()).doesNotContain("no event files");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(1);
    }
}
