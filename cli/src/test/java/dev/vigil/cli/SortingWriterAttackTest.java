package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hunt --sort time} (the default) against a hunt whose output an attacker can make as large as he likes. */
class SortingWriterAttackTest {

    /**
     * Attack: a hunt whose output is many times {@link SortingWriter#MAX_BUFFER_CHARS}: events forged to match a
     * noisy rule, millions of times (a few GB of small JSON events do it). Each 16 M characters become a run on
     * disk, so the number of runs grows with the output. Here the buffer is one character, so 3,000 detections
     * make 3,000 runs, as 48 G characters of output would with the real buffer.
     *
     * <p>What goes wrong: {@code SortingWriter.merge} opens every run at once, each with a 64 KiB
     * {@code BufferedInputStream}: memory and file descriptors grow with the output, not bounded. 3,000 runs need
     * 190 MiB of buffers, so under -Xmx64m the merge dies with OutOfMemoryError; with the usual
     * {@code ulimit -n} of 1024 a hunt of 1,024 runs fails with "Too many open files". Either way the whole sorted
     * output is lost at the very end of the hunt.
     *
     * <p>Expected: a merge with a bounded fan-in (merge at most, say, 64 runs at a time into a longer run, and
     * repeat), so memory and open files stay constant whatever the number of runs: the child below finishes
     * under -Xmx64m and prints all 3,000 rows.
     */
    @Test
    void manyRuns_areMergedInBoundedMemory() throws Exception {
        ChildJvm run = ChildJvm.run("64m", Duration.ofSeconds(120), ManyRuns.class, "3000");
        assertThat(run.timedOut()).isFalse();
        assertThat(run.output()).doesNotContain("OutOfMemoryError").contains("rows 3000");
        assertThat(run.exitCode()).isZero();
    }

    /** Writes N detections through a SortingWriter with a 1-character buffer (a run each), counts the rows out. */
    static final class ManyRuns {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            Rule rule = Rule.builder().id("r1").title("Rule").level(Level.HIGH).condition(Condition.TRUE).build();
            long[] rows = {0};
            Writer counting = new Writer() {
                @Override
                public void write(char[] b, int off, int len) {
                    for (int i = off; i < off + len; i++) {
                        if (b[i] == '\n') {
                            rows[0]++;
                        }
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            SortingWriter w = new SortingWriter(counting, JsonlWriter::new, null, 1);
            for (int i = 1; i <= n; i++) {
                w.write(new Detection(rule, Event.of(Map.of("CommandLine", "c" + i), SourcePosition.of("f.jsonl", i),
                        Instant.ofEpochSecond(1_700_000_000L + (i * 7919L) % n))));
            }
            System.out.println("runs " + w.runs());
            w.finish();
            System.out.println("rows " + rows[0]);
        }
    }
}
