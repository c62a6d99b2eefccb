package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * A {@code vigil watch} run in this JVM on a thread of its own, with what it printed so far; {@link #stop()}
 * stops it as a signal would. Waits poll with generous timeouts, for a loaded machine.
 */
final class WatchRun implements AutoCloseable {

    /** The longest any wait may take: far more than a watch needs, even on a busy machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final WatchCommand command;
    private final Thread thread;
    private volatile Integer exitCode;

    private WatchRun(InputStream stdin, String... args) {
        CommandLine cl = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        command = cl.getSubcommands().get("watch").getCommand();
        if (stdin != null) {
            command.stdin = stdin;
        }
        thread = new Thread(() -> exitCode = cl.execute(args), "watch-under-test");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts {@code vigil watch ARGS}. */
    static WatchRun start(String... args) {
        return new WatchRun(null, prepend(args));
    }

    /** Starts {@code vigil watch ARGS} with {@code stdin} as its standard input. */
    static WatchRun withStdin(InputStream stdin, String... args) {
        return new WatchRun(stdin, prepend(args));
    }

    private static String[] prepend(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "watch";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    List<String> outLines() {
        return out().lines().toList();
    }

    List<String> errLines() {
        return err().lines().toList();
    }

    /** Waits until stderr has a line that {@code line} accepts; returns it. */
    String awaitErr(Predicate<String> line, String what) {
        return await(() -> errLines().stream().filter(line).findFirst().orElse(null), what);
    }

    /** Waits until stdout has at least {@code n} lines that {@code line} accepts; returns them. */
    List<String> awaitOut(int n, Predicate<String> line, String what) {
        return await(() -> {
            List<String> found = outLines().stream().filter(line).toList();
            return found.size() >= n ? found : null;
        }, what);
    }

    private <T> T await(java.util.function.Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            if (exitCode != null && probe.get() == null) {
                throw new AssertionError("the watch ended (exit code " + exitCode + ") before " + what
                        + "\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
            sleep(20);
        }
    }

    /** Stops the watch as SIGTERM does and returns its exit code. */
    int stop() {
        command.stop();
        return awaitExit();
    }

    /** Waits for the watch to end by itself and returns its exit code. */
    int awaitExit() {
        try {
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(thread.isAlive()).as("the watch ended\nstderr:\n" + err()).isFalse();
        return exitCode;
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            command.stop();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
