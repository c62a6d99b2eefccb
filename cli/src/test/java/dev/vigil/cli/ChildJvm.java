package dev.vigil.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on the test class path, for the attack tests that must bound the heap (a small -Xmx shows what
 * the default heap of a large machine hides) or kill a run that does not end.
 */
record ChildJvm(int exitCode, boolean timedOut, String output) {

    /** Runs {@code mainClass} with {@code args} under {@code -Xmx<heap>}, killed after {@code timeout}. */
    static ChildJvm run(String heap, Duration timeout, Class<?> mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("vigil-child", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(log);
            return new ChildJvm(done ? p.exitValue() : -1, !done, output.length() > 20_000
                    ? output.substring(0, 10_000) + "\n...\n" + output.substring(output.length() - 10_000) : output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
