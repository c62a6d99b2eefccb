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
}
