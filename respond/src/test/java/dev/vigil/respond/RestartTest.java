package dev.vigil.respond;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A responder killed mid-run (a child JVM, destroyed forcibly) loses nothing: a new one on its journal delivers the rest. */
class RestartTest {

    @TempDir
    Path dir;

    private Process child(Path journal, Path keys, int alerts, long delayMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RestartChild.class.getName(), journal.toString(), keys.toString(), Integer.toString(alerts),
                Long.toString(delayMs)).redirectErrorStream(true).start();
    }

    @Test
    void killedMidRun_theNextResponderOnTheJournal_deliversEveryAlert() throws Exception {
        Path journal = dir.resolve("journal");
        Path keys = dir.resolve("keys.txt");
        int n = 60;
        Process first = child(journal, keys, n, 50);
        BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("accepted")) {
            // wait until every alert is accepted (and journaled)
        }
        assertThat(line).as("the child accepted its alerts").startsWith("accepted " + n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lines(keys).size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Set<String> beforeKill = new HashSet<>(lines(keys));
        assertThat(beforeKill.size()).as("killed mid-run").isBetween(1, n - 1);

        Process second = child(journal, keys, 0, 1);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(log).isZero();

        List<String> all = lines(keys);
        assertThat(new HashSet<>(all)).as("every alert delivered, before or after the kill").hasSize(n);
        // at least once: only deliveries under way at the kill may have been done twice
        assertThat(all.size() - n).isLessThanOrEqualTo(2);
        assertThat(log).contains("resumed " + n);
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList() : List.of();
    }
}
