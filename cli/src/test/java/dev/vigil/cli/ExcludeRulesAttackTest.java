package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile {@code --exclude-rules} files: third parties publish false-positive lists, and hunts pull them in. */
class ExcludeRulesAttackTest {

    @TempDir
    Path dir;

    /**
     * Attack: an exclude list within {@link ExcludedRules#MAX_FILE_BYTES} (16 MiB) that is all bad lines:
     * {@code "a b\n"} four million times.
     *
     * <p>What goes wrong: {@code ExcludedRules.read} reads every line into memory ({@code readAllLines}) and makes
     * each bad line a {@code Problem} (file, line, a 100-character message) kept in a list until the rules are
     * loaded, although at most {@code MAX_PROBLEM_LINES} are printed: 4 million problems. A 16 MiB file takes more
     * than 1 GB of heap: {@code vigil hunt} dies with {@code vigil: java.lang.OutOfMemoryError} under -Xmx256m
     * (6.5 s) and under -Xmx1g (25 s). The file size cap exists so that this cannot happen; the per-line cost is
     * what defeats it.
     *
     * <p>Expected: memory proportional to what is kept (a bounded number of problems, the rest counted, or the
     * file refused as not an exclude list after too many bad lines): the hunt ends without an OutOfMemoryError
     * under -Xmx256m, having said the file is bad.
     */
    @Test
    void sixteenMebibytesOfBadLines_doNotExhaustTheHeap() throws Exception {
        Path list = dir.resolve("fp.txt");
        try (OutputStream out = Files.newOutputStream(list)) {
            byte[] line = "a b\n".getBytes(StandardCharsets.US_ASCII);
            byte[] block = new byte[line.length * 16_384];
            for (int i = 0; i < 16_384; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (long n = 0; n + block.length <= ExcludedRules.MAX_FILE_BYTES; n += block.length) {
                out.write(block);
            }
        }
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("r.yml"), """
                title: R
                id: 5b3a2b1c-0000-4000-8000-000000000001
                status: test
                level: high
                logsource:
                  product: windows
                detection:
                  sel:
                    EventID: 1
                  condition: sel
                """);
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"EventID\":1,\"Channel\":\"Security\"}\n");

        ChildJvm run = ChildJvm.run("256m", Duration.ofSeconds(120), Main.class, "hunt", "-q", "--rules",
                rules.toString(), "--events", events.toString(), "--exclude-rules", list.toString());
        assertThat(run.timedOut()).isFalse();
        assertThat(run.output()).doesNotContain("OutOfMemoryError");
    }

    /**
     * Attack: the list is not a regular file but a pipe, as {@code --exclude-rules <(curl -s https://.../fp.txt)}
     * gives (a process substitution, {@code /dev/fd/63}), or {@code /dev/zero}, or a file that grows between the
     * size check and the read. Here a FIFO fed 32 MiB of valid-looking ids.
     *
     * <p>What goes wrong: {@code ExcludedRules.read} checks {@code Files.size(file)} (0 for a pipe) and then reads
     * the whole stream with {@code Files.readAllLines}, so {@code MAX_FILE_BYTES} does not hold: a pipe of any
     * length is read into memory ({@code /dev/zero} is read until the heap is gone).
     *
     * <p>Expected: the cap is enforced on the bytes read, not on the size the file system reports: an IOException
     * (naming {@code ExcludedRules.MAX_FILE_BYTES}) once more than 16 MiB has come.
     */
    @Test
    void aPipeLongerThanTheCap_isRefused() throws Exception {
        Path fifo = dir.resolve("fp.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            mkfifo = null;
        }
        assumeTrue(mkfifo != null && mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo here");
        Thread feeder = new Thread(() -> {
            byte[] line = ("0123456789abcdef".repeat(63) + "\n").getBytes(StandardCharsets.US_ASCII); // 1 KiB
            try (OutputStream out = Files.newOutputStream(fifo)) {
                for (int i = 0; i < 32 * 1024; i++) {
                    out.write(line);
                }
            } catch (IOException e) {
                // the reader stopped reading: what the fix does
            }
        }, "fifo-feeder");
        feeder.setDaemon(true);
        feeder.start();

        List<dev.vigil.core.Problem> warnings = new ArrayList<>();
        assertThatThrownBy(() -> ExcludedRules.read(fifo, warnings::add))
                .isInstanceOf(IOException.class);
    }
}
