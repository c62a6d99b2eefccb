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

/** Hostile inputs to vigil hunt: an event as deep as the reader allows, links in an events folder, damaged gzip. */
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

    /**
     * Every loss is said and counted: a damaged later gzip member and a broken link make "inputs failed: 2";
     * the first member's events are still matched; a key given twice matches a rule on either value.
     */
    @Test
    void damagedGzipAndBrokenLink_areCountedAsFailedInputs_andDuplicateKeysMatch() throws IOException {
        Path rules = Files.writeString(dir.resolve("x.yml"), RULE.replace("sel: {type: x}", "sel: {user: admin}"));
        Path logs = Files.createDirectory(dir.resolve("logs"));
        byte[] second = gzip("{\"user\":\"admin\"}\n".repeat(100));
        java.util.Arrays.fill(second, 12, second.length - 8, (byte) 0xff);
        Files.write(logs.resolve("a.jsonl.gz"), concat(gzip("{\"user\":\"alice\",\"user\":\"admin\"}\n"), second));
        Files.createSymbolicLink(logs.resolve("b.jsonl"), dir.resolve("gone.jsonl"));

        CliRun run = CliRun.of("hunt", "--rules", rules.toString(), "--events", logs.toString(),
                "--logsource", "ignore", "--format", "jsonl");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).singleElement().asString().contains("\"user\":[\"alice\",\"admin\"]");
        assertThat(run.errLines()).contains(
                "warning: " + logs.resolve("a.jsonl.gz") + ":1: duplicate key 'user': all its values kept, as a list",
                logs.resolve("b.jsonl") + ": cannot open: broken link",
                "files read:       1",
                "inputs failed:    2 (not opened, not listed or not read to the end; said above)",
                "events read:      1");
        assertThat(run.errLines()).anySatisfy(l -> assertThat(l)
                .startsWith(logs.resolve("a.jsonl.gz") + ":2: cannot read further: gzip member 2 at byte "));
    }

    private static byte[] gzip(String content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
