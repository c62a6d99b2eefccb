package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input to {@code vigil search}. */
class SearchAttackTest {

    @TempDir
    Path dir;

    /**
     * Attack: {@code vigil search --regex '((((a{100}){100}){100}){100})'}: 30 characters of RE2 syntax whose
     * counted repetitions, written out, are 100 million instructions. The regex is typed by the analyst, but it
     * is as often pasted from an IOC list or a colleague's script as written by hand.
     *
     * <p>What goes wrong: {@code SearchCommand.predicate} compiles the text with RE2J as it is; RE2J has no
     * program size limit (Go's RE2 does, since CVE-2022-24921), so compiling takes the whole heap: with -Xmx256m
     * the search dies with {@code vigil: java.lang.OutOfMemoryError: Java heap space} after 4 s, before reading
     * an event. Rules are protected from the same expression by {@code ShapeLimits.regex}
     * ({@code RuleLimits.maxRegexExpandedSize}, 10,000 atoms); search is not.
     *
     * <p>Expected: the same bound as rules: a usage error (exit 2) that says the expression is too large once its
     * repetitions are written out, in well under a second.
     */
    @Test
    void nestedCountedRepetition_isAUsageError_notAnOutOfMemoryError() throws Exception {
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{\"CommandLine\":\"aaaa\"}\n");
        ChildJvm run = ChildJvm.run("256m", Duration.ofSeconds(60), Main.class,
                "search", "--regex", "((((a{100}){100}){100}){100})", "--events", events.toString());
        assertThat(run.timedOut()).isFalse();
        assertThat(run.output()).doesNotContain("OutOfMemoryError");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
    }

    /**
     * Attack (on the analyst's time): {@code vigil search --limit 1 TEXT --events <a folder of 50 GB>}, the usual
     * follow-up question "does this hash appear anywhere?". Here the first file matches and the second input
     * is a FIFO no one writes to, which stands for "the rest of the folder, however large or slow".
     *
     * <p>What goes wrong: {@code --limit} only stops printing; the search's consumer returns early for every
     * later event, but {@code EventReader.readAll} goes on reading every remaining file to its end, so the limit
     * saves nothing: here the search never ends (killed after 20 s); on a real folder it reads all of it.
     *
     * <p>Expected: once N events have matched, the search stops reading (no further file is opened) and prints
     * its summary: this run ends within seconds with exit 0.
     */
    @Test
    void limit_stopsReading() throws Exception {
        Path events = dir.resolve("a.jsonl");
        Files.writeString(events, "{\"CommandLine\":\"needle\"}\n");
        Path fifo = dir.resolve("b.jsonl");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            mkfifo = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo != null
                && mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo");

        ChildJvm run = ChildJvm.run("128m", Duration.ofSeconds(20), Main.class,
                "search", "--limit", "1", "needle", "--events", events.toString(), fifo.toString());
        assertThat(run.timedOut()).as("the search goes on reading after its limit: " + run.output()).isFalse();
        assertThat(run.exitCode()).isZero();
    }
}
