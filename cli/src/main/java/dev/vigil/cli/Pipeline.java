package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import dev.vigil.sigma.LoadResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code hunt} and {@code watch} share between reading events and printing alerts: the rules loaded
 * and compiled into an engine and a detector, the correlation session's options, and the matching of each
 * event.
 */
final class Pipeline {

    /** How many unreadable-record (and too-late) lines are printed before the rest are only counted. */
    static final int MAX_PROBLEM_LINES = 20;

    final LoadResult loaded;
    final Engine engine;
    final Detector detector;
    /** How long loading the rules took, and building the engine and the detector. */
    final long loadNanos;
    final long buildNanos;
    /** The rules and correlations the filter rejected that loaded only to feed correlations, by identity. */
    private final Set<RuleMetadata> feedOnly = Collections.newSetFromMap(new IdentityHashMap<>());

    private Pipeline(LoadResult loaded, Engine engine, Detector detector, long loadNanos, long buildNanos) {
        this.loaded = loaded;
        this.feedOnly.addAll(loaded.referencedOnly());
        this.engine = engine;
        this.detector = detector;
        this.loadNanos = loadNanos;
        this.buildNanos = buildNanos;
    }

    /**
     * Loads the rules {@code filters} choose, printing their problems, and builds the engine and the detector.
     *
     * @param command {@code vigil hunt} or {@code vigil watch}, for the messages
     * @return the pipeline, or null when no rule could be loaded (said on {@code err}; exit code 1)
     */
    static Pipeline compile(RuleOptions rules, RuleFilterOptions filters, PrintWriter err, String command) {
        long start = System.nanoTime();
        return build(RuleLoading.load(rules, filters, err, MAX_PROBLEM_LINES), start, err, command);
    }

    /** Loads every rule ({@code vigil test} tests the rules it is given), as {@link #compile(RuleOptions, RuleFilterOptions, PrintWriter, String)}. */
    static Pipeline compile(RuleOptions rules, PrintWriter err, String command) {
        long start = System.nanoTime();
        return build(RuleLoading.load(rules, err, MAX_PROBLEM_LINES), start, err, command);
    }

    private static Pipeline build(LoadResult loaded, long start, PrintWriter err, String command) {
        if (loaded == null) {
            return null;
        }
        if (loaded.loaded() == 0) {
            err.println(command + ": no rule loaded, nothing to do");
            return null;
        }
        long buildStart = System.nanoTime();
        Engine engine = Engine.builder().addRules(loaded.rules()).build();
        Detector detector;
        try {
            detector = detector(loaded, engine);
        } catch (RuntimeException e) {
            err.println(cannotBuild(e));
            return null;
        }
        for (Problem p : detector.problems()) {
            err.println(RuleLoading.line(p));
        }
        return new Pipeline(loaded, engine, detector, buildStart - start, System.nanoTime() - buildStart);
    }

    /**
     * The detector {@code hunt} and {@code watch} run over the loaded rules, and {@code check} builds to
     * find what would stop them.
     */
    static Detector detector(LoadResult loaded, Engine engine) {
        quietDrools();
        return Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).engine(engine)
                .build();
    }

    /** The line that says the detector could not be built. */
    static String cannotBuild(RuntimeException e) {
        return "cannot build the correlation detector: " + Errors.firstLine(String.valueOf(e.getMessage()));
    }

    /** Whether correlation rules were loaded (the summary then has its correlation lines). */
    boolean correlating() {
        return !detector.correlations().isEmpty();
    }

    /**
     * A session with the options' partitions, suppression and group limit, the allowed {@code lateness},
     * alerts to {@code alerts} (those of correlations loaded only to feed others, unless the options show all,
     * only counted), and the first matches that came too late printed on {@code err} ({@code behind}: what they were too far
     * behind, for the message).
     */
    SessionBuilder session(DetectionOptions options, Duration lateness, AlertSink alerts, PrintWriter err,
            String behind) {
        long[] shown = new long[1];
        return detector.newSession().partitions(options.partitions).suppress(options.suppress)
                .maxGroups(options.maxGroups).maxMatchesPerGroup(options.maxMatchesPerGroup)
                .maxFutureSkew(options.maxFutureSkew).allowedLateness(lateness).onAlert(alert -> {
                    if (options.showAllDetections || !feedOnly.contains(alert.metadata())) {
                        alerts.accept(alert);
                    } else {
                        alerts.referencedOnly();
                    }
                }).onLate(d -> {
                    synchronized (shown) {
                        if (shown[0]++ >= MAX_PROBLEM_LINES) {
                            return;
                        }
                    }
                    err.println("too late to correlate: " + TerminalText.escape(d.source().toString()) + " '"
                            + TerminalText.escape(d.rule().title()) + "' at "
                            + d.timestamp() + " (more than --lateness " + lateness + " behind " + behind + ")");
                });
    }

    /**
     * Matches each event: the detections reported go to {@code alerts} (those of rules only correlations
     * with {@code generate: false} use, and of rules the filter rejected that loaded only to feed correlations,
     * unless the options show all, are only counted), and every match to the session's correlations.
     */
    Consumer<Event> matcher(DetectionOptions options, AlertSink alerts, DetectorSession session) {
        boolean showAll = options.showAllDetections;
        return event -> {
            for (Detection d : engine.match(event)) {
                if (showAll || detector.reports(d.rule()) && !feedOnly.contains(d.rule().metadata())) {
                    alerts.accept(d);
                } else {
                    alerts.referencedOnly();
                }
                session.acceptMatch(d);
            }
        };
    }

    /** Drools logs its rule base builds at INFO; the summary says what matters. */
    static void quietDrools() {
        for (String logger : List.of("org.drools", "org.kie")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
