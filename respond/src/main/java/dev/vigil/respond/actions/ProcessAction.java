package dev.vigil.respond.actions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Action {@code process}: runs a program with the alert's JSON ({@link AlertJson}, one line ending in a
 * newline) on its standard input. The program is started directly, never through a shell, and its argument
 * list and environment come from the configuration alone: no value of the alert reaches them, only stdin.
 *
 * <p>Environment: the child gets a minimal environment, not the JVM's (which may hold credentials):
 * {@code PATH} (the JVM's, or {@code /usr/local/bin:/usr/bin:/bin} where unset; on Windows also
 * {@code SystemRoot}), and three values of Vigil's own making: {@code VIGIL_IDEMPOTENCY_KEY} (the same for
 * every attempt: a program that acts on an outside system should pass it on or remember it),
 * {@code VIGIL_ALERT_ID} and {@code VIGIL_ATTEMPT}. The working directory is the JVM's.
 *
 * <p>Outcome: exit 0 done; an exit code in {@code skip_exit_codes} skipped; any other a failure, retryable
 * unless listed in {@code permanent_exit_codes}, whose reason holds the exit code and the first line of
 * stderr. Standard output and error are read as the program runs (so that it never blocks on a full
 * pipe), at most 64 KiB of each kept; they are logged at debug level. When the program outlives
 * {@code timeout_ms}, or the responder's own timeout interrupts the call, the program and its descendants
 * are killed ({@link Process#destroyForcibly()}) and the attempt fails, retryably.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code command} (required): the program, an absolute path to an executable file.</li>
 *   <li>{@code args}: its arguments as a JSON array of strings, e.g. {@code ["--isolate","--quiet"]}; none when absent.</li>
 *   <li>{@code timeout_ms}: how long it may run, default 30000 (the responder's timeout, default 10 s, applies too).</li>
 *   <li>{@code skip_exit_codes}: comma-separated exit codes that mean "nothing to do" (skipped).</li>
 *   <li>{@code permanent_exit_codes}: comma-separated exit codes of failures not to retry.</li>
 * </ul>
 */
public final class ProcessAction implements ResponseAction {

    static final int CAPTURE_LIMIT = 64 * 1024;
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final long STREAM_GRACE_MS = 1_000;
    private static final ExecutorService IO = Executors.newCachedThreadPool(daemonThreads());

    public ProcessAction() {
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Outcome execute(Alert alert, ResponseContext context) throws InterruptedException {
        Map<String, String> p = context.parameters();
        List<String> command = new ArrayList<>();
        long timeout;
        Set<Integer> skip;
        Set<Integer> permanent;
        try {
            command.add(program(Parameters.required(p, "command")));
            command.addAll(args(p.get("args")));
            timeout = Parameters.millis(p, "timeout_ms", 30_000, TimeUnit.DAYS.toMillis(1));
            skip = exitCodes(p, "skip_exit_codes");
            permanent = exitCodes(p, "permanent_exit_codes");
        } catch (Parameters.BadConfiguration e) {
            return Outcome.failed(e.getMessage(), false);
        }

        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        String path = System.getenv("PATH");
        env.put("PATH", path == null || path.isEmpty() ? DEFAULT_PATH : path);
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                && System.getenv("SystemRoot") != null) {
            env.put("SystemRoot", System.getenv("SystemRoot"));
        }
        env.put("VIGIL_IDEMPOTENCY_KEY", context.idempotencyKey());
        env.put("VIGIL_ALERT_ID", alert.id());
        env.put("VIGIL_ATTEMPT", Integer.toString(context.attempt()));
        byte[] input = (AlertJson.toJson(alert) + "\n").getBytes(StandardCharsets.UTF_8);

        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return Outcome.failed("cannot start " + command.get(0) + ": " + Parameters.oneLine(e.getMessage(), 300), true);
        }
        try {
            Capture out = new Capture(process.getInputStream());
            Capture err = new Capture(process.getErrorStream());
            IO.execute(out);
            IO.execute(err);
            IO.execute(() -> feed(process.getOutputStream(), input));
            if (!process.waitFor(timeout, TimeUnit.MILLISECONDS)) {
                killTree(process);
                return Outcome.failed(command.get(0) + " ran longer than " + timeout + " ms and was killed", true);
            }
            int code = process.exitValue();
            out.await(STREAM_GRACE_MS);
            err.await(STREAM_GRACE_MS);
            if (context.logger().isDebugEnabled()) {
                context.logger().debug("{} exited {} for alert {}; stdout: {}; stderr: {}", command.get(0), code,
                        alert.id(), Parameters.oneLine(out.text(), 2_000), Parameters.oneLine(err.text(), 2_000));
            }
            if (code == 0) {
                return Outcome.done();
            }
            String firstLine = firstLine(err.text());
            String reason = command.get(0) + " exited " + code + (firstLine.isEmpty() ? "" : ": " + firstLine);
            if (skip.contains(code)) {
                return Outcome.skipped(reason);
            }
            return Outcome.failed(reason, !permanent.contains(code));
        } finally {
            if (process.isAlive()) {
                killTree(process); // interrupted by the responder's timeout, or an unexpected error
            }
        }
    }

    private static String program(String command) throws Parameters.BadConfiguration {
        Path program;
        try {
            program = Path.of(command);
        } catch (InvalidPathException e) {
            throw new Parameters.BadConfiguration("parameter 'command' is not a valid path");
        }
        if (!program.isAbsolute()) {
            throw new Parameters.BadConfiguration("parameter 'command' must be an absolute path, not '"
                    + Parameters.oneLine(command, 200) + "'");
        }
        if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
            throw new Parameters.BadConfiguration("parameter 'command': " + program + " is not an executable file");
        }
        return program.toString();
    }

    /** A JSON array of strings; none for {@code null}. */
    static List<String> args(String json) throws Parameters.BadConfiguration {
        List<String> args = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return args;
        }
        String bad = "parameter 'args' must be a JSON array of strings, e.g. [\"--isolate\",\"--quiet\"]";
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new Parameters.BadConfiguration(bad);
            }
            JsonToken t;
            while ((t = parser.nextToken()) == JsonToken.VALUE_STRING) {
                String arg = parser.getText();
                if (arg.indexOf('\0') >= 0) {
                    throw new Parameters.BadConfiguration("parameter 'args': an argument holds a NUL character");
                }
                args.add(arg);
            }
            if (t != JsonToken.END_ARRAY || parser.nextToken() != null) {
                throw new Parameters.BadConfiguration(bad);
            }
        } catch (IOException e) {
            throw new Parameters.BadConfiguration(bad);
        }
        return args;
    }

    private static Set<Integer> exitCodes(Map<String, String> p, String name) throws Parameters.BadConfiguration {
        Set<Integer> codes = new HashSet<>();
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            return codes;
        }
        for (String part : v.split(",")) {
            try {
                codes.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new Parameters.BadConfiguration("parameter '" + name + "' must be comma-separated exit codes");
            }
        }
        return codes;
    }

    private static void feed(OutputStream stdin, byte[] input) {
        try (stdin) {
            stdin.write(input);
        } catch (IOException e) {
            // the program closed its stdin (or exited) without reading it all: its choice
        }
    }

    /**
     * Kills the process and its descendants: the descendants first, in rounds while the process may still
     * start more, then the process (once it is dead its orphans can no longer be found).
     */
    static void killTree(Process process) {
        for (int round = 0; round < 5; round++) {
            List<ProcessHandle> descendants;
            try {
                descendants = process.descendants().toList();
            } catch (RuntimeException e) {
                break;
            }
            if (descendants.isEmpty()) {
                break;
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return Parameters.oneLine(line.strip(), 300);
            }
        }
        return "";
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vigil-process-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Reads a stream to its end, keeping the first {@link #CAPTURE_LIMIT} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CountDownLatch finished = new CountDownLatch(1);

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = CAPTURE_LIMIT - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // the stream closed under us (the process killed): what was read is kept
            } finally {
                finished.countDown();
            }
        }

        /** Waits for the end of the stream, at most {@code millis}: a descendant may hold it open. */
        void await(long millis) throws InterruptedException {
            finished.await(millis, TimeUnit.MILLISECONDS);
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
