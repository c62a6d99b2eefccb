package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.GOOD_RULE;
import static dev.vigil.sigma.SigmaTestSupport.allocated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.RuleLimits;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule file larger than {@link RuleLimits#maxFileBytes()} costs no more memory than the limit: a
 * regular file's size is checked before it is read, and a pipe or device (such as {@code /dev/stdin})
 * is read no further than the limit. The other files still load.
 */
class RuleFileSizeTest {

    @TempDir
    Path dir;

    @Test
    void aSparseFileOfHalfAGigabyte_inAFolder_isReportedUnread() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("a_huge.yml").toFile(), "rw")) {
            f.setLength(512L << 20);
        }
        Files.writeString(dir.resolve("b_good.yml"), GOOD_RULE);
        LoadResult[] r = new LoadResult[1];
        long bytes = allocated(() -> r[0] = SigmaLoader.builder().build().load(List.of(dir)));
        assertThat(r[0].rules()).hasSize(1);
        assertThat(r[0].errors()).singleElement().satisfies(p -> {
            assertThat(p.where().file()).endsWith("a_huge.yml");
            assertThat(p.message()).contains("RuleLimits.maxFileBytes").contains("not read").contains(
                    Long.toString(512L << 20));
        });
        assertThat(bytes).as("bytes allocated").isLessThan(16L << 20);
    }

    @Test
    void anEndlessDevice_isReadNoFurtherThanTheLimit() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        RuleLimits small = RuleLimits.builder().maxFileBytes(1 << 20).build();
        LoadResult[] r = new LoadResult[1];
        long bytes = allocated(() -> r[0] = SigmaLoader.builder().limits(small).build().load(List.of(zero)));
        assertThat(r[0].errors()).singleElement().extracting(Problem::message).asString()
                .contains("RuleLimits.maxFileBytes").contains("not read past that");
        assertThat(bytes).as("bytes allocated").isLessThan(8L << 20);
    }

    /** Rules given through a pipe ({@code vigil check --rules /dev/stdin < rule.yml}) load like a file. */
    @Test
    void aPipe_isReadLikeAFile() throws Exception {
        Path fifo = dir.resolve("rules.yml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(GOOD_RULE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        LoadResult r = SigmaLoader.builder().build().load(List.of(fifo));
        writer.join();
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).hasSize(1);
    }
}
