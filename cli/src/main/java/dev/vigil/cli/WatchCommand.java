package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.correlation.CorrelationStats;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import dev.vigil.respond.incident.IncidentTracker;
import dev.vigil.respond.incident.JournalIncidentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Follows a growing event file (as tail -F does: through rotation and truncation) or standard input, "
                    + "runs Sigma rules over each event as it comes, and prints each detection and correlation alert "
                    + "as it is found. Correlation runs on the clock: windows close as time passes.",
            "Runs until stopped (Ctrl-C or SIGTERM: it then finishes correlating, waits for the responses under "
                    + "way, prints its summary and exits 0), or until standard input ends. Alerts go to stdout; rule "
                    + "problems, unreadable records, what happens to the file and a summary go to stderr."},
        footer = {"", "Exit codes: 0 stopped (by a signal, or at the end of standard input), 1 no rule loaded, a "
                + "response policy with errors or naming actions that do not exist, an incident journal or output "
                + "that cannot be written, 2 usage error."})
final class WatchCommand implements Callable<Integer> {

    private static final String NAME = "vigil watch";

    /** How often the session is told that time passed, so that windows close without new events. */
    static final long TICK_MILLIS = 1000;

    /** How long a shutdown waits beyond the responses' drain timeout before giving up on the summary. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Mixin
    RuleFilterOptions ruleFilter;

    @Option(names = "--events", required = true, paramLabel = "FILE|-",
            description = "The event file to follow (JSON Lines), or - for standard input.")
    String events;

    @Option(names = "--from-start",
            description = "Read the file from its start, then follow it. Default: start at its end (at its last, "
                    + "unfinished line).")
    boolean fromStart;

    @Option(names = "--poll-ms", paramLabel = "N",
            description = "How often to look for more in the file, and for rotation, in milliseconds (10 to "
                    + "60000). Default: 250.")
    long pollMillis = 250;

    @Mixin
    DetectionOptions detection;

    @Option(names = "--lateness", paramLabel = "DURATION", converter = DetectionOptions.DurationConverter.class,
            description = "How far behind the clock an event's time may be and still be correlated (e.g. 30s, 5m). "
                    + "Later matches are counted and dropped (they are still printed). Default: 1m.")
    Duration lateness = SessionBuilder.DEFAULT_CLOCK_LATENESS;

    @Mixin
    ResponseOptions response;

    @Option(names = "--incidents-journal", paramLabel = "FILE",
            description = "Group the alerts printed into incidents (by the hosts, users, addresses and processes "
                    + "they share, within an hour), kept in the journal FILE (JSON Lines, appended and forced to "
                    + "disk change by change): a watch started again on it carries on with its incidents.")
    Path journal;

    /** Standard input, for {@code --events -}; tests give their own. */
    InputStream stdin = System.in;

    private final StopSignal stop = new StopSignal();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile int exitCode = 1;
    private volatile Duration shutdownWait = Responses.DEFAULT_DRAIN_TIMEOUT.plus(SHUTDOWN_GRACE);

    /** Stops the watch as a signal does: it stops reading, finishes, prints its summary and returns 0. */
    void stop() {
        stop.stop();
    }

    @Override
    public Integer call() {
        PrintWriter err = TerminalText.writer(spec.commandLine().getErr());
        String usage = usageError();
        if (usage != null) {
            err.println(NAME + ": " + usage);
            return 2;
        }
        Thread hook = Main.standalone ? shutdownHook(spec.commandLine().getOut(), err) : null;
        try {
            exitCode = run(err);
            return exitCode;
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for 'done' and exits with exitCode
                }
            }
            done.countDown();
        }
    }

    private String usageError() {
        String usage = response.usageError(journal != null, "--incidents-journal");
        if (usage != null) {
            return usage;
        }
        if (detection.partitions < 1 || detection.maxGroups < 1 || detection.maxMatchesPerGroup < 1) {
            return "--partitions, --max-groups and --max-matches-per-group must be at least 1";
        }
        if (pollMillis < 10 || pollMillis > 60_000) {
            return "--poll-ms must be from 10 to 60000";
        }
        if (!events.equals("-") && Files.isDirectory(Path.of(events))) {
            return events + " is a folder: watch follows one file (hunt reads folders)";
        }
        return null;
    }

    /**
     * On SIGTERM or SIGINT (the JVM shutting down): stops the watch, waits for it to finish (its summary
     * printed) and ends the process with its exit code, 0, rather than the signal's.
     */
    private Thread shutdownHook(PrintWriter out, PrintWriter err) {
        Thread hook = new Thread(() -> {
            stop.stop();
            boolean finished;
            try {
                finished = done.await(shutdownWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                finished = false;
            }
            if (!finished) {
                err.println(NAME + ": still finishing after " + shutdownWait.toSeconds() + " s; exiting");
            }
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(finished ? exitCode : 1);
        }, "vigil-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private int run(PrintWriter err) {
        JournalIncidentStore store = null;
        IncidentTracker tracker = null;
        if (journal != null) {
            try {
                store = JournalIncidentStore.open(journal);
                tracker = IncidentTracker.builder().store(store).build();
            } catch (IOException | UncheckedIOException e) {
                String why = Errors.describe(e);
                err.println(NAME + ": cannot open the incident journal " + journal + ": "
                        + (why.startsWith(journal + ": ") ? why.substring(journal.toString().length() + 2) : why));
                closeQuietly(store);
                return 1;
            }
            for (Problem p : store.problems()) {
                err.println("warning: " + p);
            }
            int n = tracker.incidents().size();
            err.println("loaded " + n + (n == 1 ? " incident" : " incidents") + " from " + journal);
        }
        Responses responses = null;
        try {
            if (response.policy != null) {
                responses = Responses.start(response, tracker, err, NAME);
                if (responses == null) {
                    return 1;
                }
                shutdownWait = responses.drainTimeout().plus(SHUTDOWN_GRACE);
            }
            return watch(err, responses, tracker);
        } finally {
            if (responses != null) {
                responses.close();
            }
            closeQuietly(store);
        }
    }

    private int watch(PrintWriter err, Responses responses, IncidentTracker tracker) {
        Pipeline pipeline = Pipeline.compile(rules, ruleFilter, err, NAME);
        if (pipeline == null) {
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        Summary summary = new Summary();
        summary.correlating = pipeline.correlating();
        ProblemLines problems = new ProblemLines(err, Pipeline.MAX_PROBLEM_LINES);
        DetectionWriter writer;
        try {
            writer = DetectionWriter.of(detection, out, true, false, false);
        } catch (IOException e) {
            err.println("cannot write output: " + Errors.describe(e));
            return 1;
        }
        AlertSink alerts = new AlertSink(writer, ruleFilter.minLevel, summary, responses, tracker);
        EventReader.Builder readers = EventReader.builder().eventTime(detection.eventTime()).onProblem(problems);
        boolean stdinFollowed = events.equals("-");
        FileFollower file = stdinFollowed ? null
                : new FileFollower(Path.of(events), fromStart, pollMillis, stop, err);
        StdinFollower input = stdinFollowed ? new StdinFollower(stdin, pollMillis, stop, err) : null;
        String origin = stdinFollowed ? "stdin" : events;

        long watchStart = System.nanoTime();
        long read = 0;
        long skipped = 0;
        boolean droppedPartial = false;
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CorrelationStats correlationStats;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-watch-tick");
            t.setDaemon(true);
            return t;
        });
        try (DetectorSession session = pipeline.session(detection, lateness, alerts, err, "the clock")
                .clock(Clock.systemUTC()).open()) {
            Consumer<Event> matcher = pipeline.matcher(detection, alerts, session);
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    session.tick();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop.stop();
                }
            }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            try {
                FollowedInput segment;
                while ((segment = stdinFollowed ? input.next() : file.next()) != null) {
                    try (EventReader reader = readers.open(segment, origin)) {
                        for (Event event : reader) {
                            matcher.accept(event);
                        }
                        read += reader.eventsRead();
                        skipped += reader.recordsSkipped();
                    }
                    droppedPartial |= segment.droppedPartialLine();
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            ticker.shutdown();
            awaitQuietly(ticker);
            if (failure.get() == null) {
                if (stop.stopped()) {
                    err.println("stopping: finishing correlation"
                            + (responses == null ? "" : " and the responses under way"));
                    err.flush();
                }
                try {
                    session.finish();
                    writer.finish();
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new UncheckedIOException(
                            (IOException) e));
                }
            }
            correlationStats = session.stats();
        } finally {
            ticker.shutdownNow();
        }
        RuntimeException failed = failure.get();
        if (failed != null) {
            out.flush();
            err.println(failed instanceof UncheckedIOException ? "cannot write output: " + Errors.describe(failed)
                    : NAME + ": " + Errors.describe(failed));
            return 1;
        }
        long end = System.nanoTime();
        if (responses != null) {
            responses.finish(err);
        }
        problems.finish();
        if (droppedPartial) {
            err.println("warning: " + origin + ": its last line was unfinished when the watch stopped; not read");
        }
        String followed = stdinFollowed ? "standard input"
                : events + (file.reopened() == 0 ? "" : " (opened again " + file.reopened()
                        + (file.reopened() == 1 ? " time" : " times") + " after rotation or truncation)");
        String incidentsLine = tracker == null ? null
                : Summary.incidentsLine(alerts.incidents(), "journal " + journal);
        summary.printWatch(err, followed, read, skipped, correlationStats, incidentsLine, pipeline.loadNanos,
                pipeline.buildNanos, end - watchStart);
        if (responses != null) {
            err.println(responses.summaryLine());
        }
        err.flush();
        return 0;
    }

    private static void awaitQuietly(ScheduledExecutorService ticker) {
        try {
            ticker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(JournalIncidentStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (IOException ignored) {
                // every change was forced to the disk as it was made
            }
        }
    }
}
