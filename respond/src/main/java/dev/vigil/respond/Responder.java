package dev.vigil.respond;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.respond.incident.IncidentTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Gets alerts to the response actions a {@link ResponsePolicy} names, without holding up detection:
 * {@link #accept(Alert)} puts the alert on a bounded queue and returns; a dispatcher thread routes it;
 * each action runs on threads of its own, with a timeout, retries with exponential backoff and jitter,
 * a circuit breaker, an optional rate limit, and deduplication of alerts with the same fingerprint.
 * Every attempt is counted ({@link #stats()}) and, when an audit file is set, written to it as one JSON
 * line. Memory is bounded: at most {@code queueCapacity} alerts wait, and at most as many deliveries
 * are under way (retries waiting included); beyond, the dispatcher waits, the queue fills, and
 * {@code accept} waits for room (back-pressure), or, with {@link Builder#spillWhenFull()}, writes the
 * alert to a spill file and returns: an alert is never dropped.
 *
 * <p>A responder is a {@code Consumer<Alert>}, so it can be a detector session's sink:
 * <pre>{@code
 * try (Responder responder = Responder.builder().action(new IsolateHost(inventory)).policy(policy).build();
 *      DetectorSession session = detector.newSession().onAlert(responder).open()) {
 *     events.forEach(session::accept);
 *     session.finish();
 * }   // closing the responder waits for the deliveries under way, up to its drain timeout
 * }</pre>
 */
public final class Responder implements Consumer<Alert>, AutoCloseable {

    private final Settings settings;
    private final List<ResponsePolicy.Route> routes;
    /** Each route's stable identity (its action, parameters and selector), so keys survive a reordered policy. */
    private final List<String> routeKeys;
    private final Map<String, ActionRunner> runners;
    private final BlockingQueue<Alert> queue;
    /** Deliveries started and not over (retries waiting included): at most the queue's capacity. */
    private final Semaphore inFlight;
    private final ScheduledExecutorService scheduler;
    private final Cache<String, AtomicInteger> seen;
    private final AuditLog audit;
    private final Outbox outbox;
    private final java.util.Set<String> overBeforeStart;
    private final SpillFile spill;
    private final Thread feeder;
    private final Counters counters = new Counters();
    private final Thread dispatcher;
    private final Object idle = new Object();
    private final Duration drainTimeout;
    private volatile boolean closed;

    private Responder(Builder b, Map<String, ResponseAction> actions) throws IOException {
        this.settings = new Settings(b.timeout, b.retry, b.breakerThreshold, b.breakerOpenFor, b.rateLimits,
                b.clock, b.threadsPerAction, b.incidents, b.containing);
        this.routes = b.policy.routes();
        this.routeKeys = routes.stream().map(Responder::routeKey).toList();
        this.drainTimeout = b.drainTimeout;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        this.inFlight = new Semaphore(b.queueCapacity);
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon("vigil-respond-timer"));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.seen = b.dedupPeriod.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(b.dedupPeriod).maximumSize(b.dedupMaxEntries).build();
        this.audit = b.audit == null ? AuditLog.NONE : AuditLog.open(b.audit);
        this.outbox = b.journal == null ? null : Outbox.open(b.journal, b.syncJournal);
        Outbox.Replay replay = outbox == null ? null : outbox.replay();
        this.overBeforeStart = replay == null ? java.util.Set.of() : replay.over();
        this.spill = b.spill ? new SpillFile(b.journal.resolve("spill.jsonl")) : null;
        Map<String, ActionRunner> r = new LinkedHashMap<>();
        for (ResponsePolicy.Route route : routes) {
            r.computeIfAbsent(route.action(), name -> new ActionRunner(actions.get(name), settings, scheduler,
                    audit, counters, this::deliveryOver));
        }
        this.runners = r;
        this.dispatcher = daemon("vigil-respond-dispatch").newThread(this::dispatch);
        this.dispatcher.start();
        if (spill != null) {
            this.feeder = daemon("vigil-respond-spill").newThread(this::feedSpilled);
            this.feeder.start();
        } else {
            this.feeder = null;
        }
        if (replay != null) {
            replay.problems().forEach(p -> org.slf4j.LoggerFactory.getLogger(Responder.class).warn("{}", p));
            for (Alert a : replay.alerts()) {
                counters.resumed.incrementAndGet();
                enqueue(a);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues {@code alert} for the actions its routes name, waiting for room while the queue is full.
     *
     * @throws IllegalStateException when the responder is closed
     */
    @Override
    public void accept(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        if (closed) {
            throw new IllegalStateException("the responder is closed");
        }
        counters.accepted.incrementAndGet();
        if (outbox != null) {
            outbox.accepted(alert);
        }
        enqueue(alert);
    }

    private void enqueue(Alert alert) {
        counters.pending.incrementAndGet();
        if (queue.offer(alert)) {
            return;
        }
        if (spill != null) {
            counters.spilled.incrementAndGet();
            spill.append(alert);
            return;
        }
        counters.backPressured.incrementAndGet();
        try {
            while (!queue.offer(alert, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    counters.pending.decrementAndGet();
                    counters.abandoned.incrementAndGet();
                    throw new IllegalStateException("the responder was closed while this alert waited for room"
                            + (outbox != null ? " (it is in the journal, and is delivered on the next start)" : ""));
                }
            }
        } catch (InterruptedException e) {
            counters.pending.decrementAndGet();
            counters.accepted.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room on the response queue", e);
        }
    }

    /** Puts spilled alerts back on the queue as it makes room. */
    private void feedSpilled() {
        while (true) {
            Alert a;
            try {
                a = spill.next();
                if (a == null) {
                    return;
                }
                queue.put(a);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                counters.failed.incrementAndGet();
                finished();
                org.slf4j.LoggerFactory.getLogger(Responder.class).error(
                        "cannot read back a spilled alert (it stays in the journal): {}", e.toString());
            }
        }
    }

    /** The counters so far. */
    public ResponderStats stats() {
        return counters.snapshot(queue.size());
    }

    /**
     * Waits until every alert accepted so far has been delivered (or has failed for good, been skipped or
     * deduplicated), up to {@code timeout}; returns whether it got there.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (counters.pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /**
     * Stops taking alerts, waits up to the drain timeout for the deliveries under way (retries included),
     * then stops the threads. What could not be delivered by then is counted as abandoned.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            awaitIdle(drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.interrupt();
        int left = queue.size();
        queue.clear();
        counters.abandoned.addAndGet(left);
        counters.pending.addAndGet(-left);
        if (spill != null) {
            spill.close();
            feeder.interrupt();
        }
        scheduler.shutdownNow();
        runners.values().forEach(ActionRunner::shutdown);
        counters.abandoned.addAndGet(Math.max(0, counters.pending.get()));
        audit.close();
        if (outbox != null) {
            outbox.close();
        }
    }

    private void dispatch() {
        while (true) {
            Alert alert;
            try {
                alert = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                route(alert);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                // one alert that cannot be routed (an incident store that fails, a bug) must not stop the rest
                counters.unroutable.incrementAndGet();
                org.slf4j.LoggerFactory.getLogger(Responder.class).error("alert {} could not be routed: {}",
                        safeId(alert), t.toString());
            } finally {
                finished();
            }
        }
    }

    private static String safeId(Alert alert) {
        try {
            return alert.id();
        } catch (RuntimeException e) {
            return "(unknown id)";
        }
    }

    private void route(Alert alert) throws InterruptedException {
        String incidentId = null;
        if (settings.incidents() != null) {
            try {
                incidentId = settings.incidents().recordId(alert);
            } catch (RuntimeException e) {
                counters.incidentFailures.incrementAndGet();
                org.slf4j.LoggerFactory.getLogger(Responder.class).error(
                        "alert {} could not be recorded in its incident; it is delivered without one: {}",
                        safeId(alert), e.toString());
            }
        }
        int routed = 0;
        for (int i = 0; i < routes.size(); i++) {
            ResponsePolicy.Route route = routes.get(i);
            boolean selected;
            try {
                selected = route.selector().matches(alert);
            } catch (RuntimeException e) {
                selected = false;
            }
            if (!selected) {
                continue;
            }
            routed++;
            Delivery d = new Delivery(alert, route, i, alert.id() + "/" + routeKeys.get(i) + "/" + route.action());
            if (overBeforeStart.contains(d.idempotencyKey)) {
                continue;
            }
            d.incidentId = incidentId;
            if (seen != null) {
                String key = alert.fingerprint() + "/" + routeKeys.get(i);
                AtomicInteger done = seen.getIfPresent(key);
                if (done != null) {
                    int n = done.incrementAndGet();
                    counters.deduplicated.incrementAndGet();
                    audit.deduplicated(d, n, settings.clock().instant());
                    if (outbox != null) {
                        outbox.over(d.idempotencyKey);
                    }
                    continue;
                }
                d.dedupKey = key;
            }
            inFlight.acquire();
            counters.pending.incrementAndGet();
            runners.get(route.action()).start(d);
        }
        if (routed == 0) {
            counters.unrouted.incrementAndGet();
        }
    }

    /** One delivery (alert and route) is over: delivered, failed for good or skipped. */
    private void deliveryOver(Delivery d) {
        if (seen != null && d.dedupKey != null && d.done) {
            // only a delivery that was done stands for the alerts that repeat it
            seen.asMap().putIfAbsent(d.dedupKey, d.occurrences);
        }
        if (outbox != null) {
            outbox.over(d.idempotencyKey);
        }
        inFlight.release();
        finished();
    }

    /** An alert is routed, or a delivery over. */
    private void finished() {
        if (counters.pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** A short hash of what a route is: the same route keeps its key when the policy is reordered. */
    static String routeKey(ResponsePolicy.Route route) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder(route.action()).append('\u0000').append(route.selector());
            new java.util.TreeMap<>(route.parameters()).forEach((k, v) -> sb.append('\u0000').append(k).append('=').append(v));
            return java.util.HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Builds a {@link Responder}; the policy is required, and every action it names must be registered. */
    public static final class Builder {
        private final Map<String, ResponseAction> actions = new LinkedHashMap<>();
        private final List<String> duplicates = new ArrayList<>();
        private ResponsePolicy policy;
        private int queueCapacity = 10_000;
        private Duration timeout = Duration.ofSeconds(10);
        private RetryPolicy retry = RetryPolicy.defaults();
        private int breakerThreshold = 5;
        private Duration breakerOpenFor = Duration.ofSeconds(30);
        private final Map<String, Integer> rateLimits = new LinkedHashMap<>();
        private Duration dedupPeriod = Duration.ZERO;
        private long dedupMaxEntries = 100_000;
        private Path audit;
        private Clock clock = Clock.systemUTC();
        private int threadsPerAction = 2;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private IncidentTracker incidents;
        private Path journal;
        private boolean syncJournal;
        private boolean spill;
        private final java.util.Set<String> containing = new java.util.LinkedHashSet<>();

        private Builder() {
        }

        /**
         * Records every alert in {@code tracker} before it is routed, tells each action the alert's incident
         * ({@code ResponseContext.incidentId()}), and moves the incident to contained when one of
         * {@code containingActions} reports done for it.
         */
        public Builder incidents(IncidentTracker tracker, Collection<String> containingActions) {
            this.incidents = Objects.requireNonNull(tracker, "tracker");
            this.containing.addAll(containingActions);
            return this;
        }

        /** Registers an action under its {@link ResponseAction#name()}. */
        public Builder action(ResponseAction action) {
            if (actions.putIfAbsent(action.name(), action) != null) {
                duplicates.add(action.name());
            }
            return this;
        }

        public Builder actions(Collection<? extends ResponseAction> actions) {
            actions.forEach(this::action);
            return this;
        }

        /** Registers every action found through {@link ServiceLoader} on the class path. */
        public Builder discoverActions() {
            for (ResponseAction a : ServiceLoader.load(ResponseAction.class)) {
                action(a);
            }
            return this;
        }

        public Builder policy(ResponsePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How many alerts may wait for the dispatcher; beyond, {@code accept} waits. Default 10,000. */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1");
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** How long one attempt of an action may take before it is interrupted and counted failed. Default 10 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * After {@code failures} failed attempts in a row, an action's circuit opens: its deliveries wait
         * {@code openFor}, then one attempt is let through to test it. Default 5 and 30 s.
         */
        public Builder circuitBreaker(int failures, Duration openFor) {
            if (failures < 1) {
                throw new IllegalArgumentException("the circuit breaker needs at least 1 failure to open");
            }
            this.breakerThreshold = failures;
            this.breakerOpenFor = positive(openFor, "openFor");
            return this;
        }

        /** At most {@code callsPerMinute} calls of {@code action} a minute; more wait their turn. */
        public Builder rateLimit(String action, int callsPerMinute) {
            if (callsPerMinute < 1) {
                throw new IllegalArgumentException("a rate limit is at least 1 call per minute");
            }
            rateLimits.put(action, callsPerMinute);
            return this;
        }

        /**
         * Alerts with the fingerprint of one delivered within {@code period} before, on the same route, are
         * not delivered again but counted (stats, audit, and {@code occurrences()} of retries still to
         * come). Default: off.
         */
        public Builder deduplicate(Duration period) {
            this.dedupPeriod = Objects.requireNonNull(period, "period");
            if (period.isNegative()) {
                throw new IllegalArgumentException("the deduplication period must not be negative");
            }
            return this;
        }

        /**
         * Keeps every accepted alert, and every delivery that is over, in a journal in folder {@code dir};
         * a responder built on the same folder after a crash or a kill delivers again what was not over, with
         * the same idempotency keys (at least once per alert and route). With {@code sync}, each alert is
         * forced to the disk before {@code accept} returns (survives a lost machine; costs a disk write per
         * alert); without, it is handed to the operating system (survives a killed process). The journal
         * grows with every alert; start a new folder to begin afresh.
         */
        public Builder journal(Path dir, boolean sync) {
            this.journal = Objects.requireNonNull(dir, "dir");
            this.syncJournal = sync;
            return this;
        }

        /**
         * When the queue is full, write the alert to a spill file in the journal's folder and return at once,
         * instead of waiting for room; a feeder thread puts spilled alerts back on the queue as it makes
         * room (so they may be delivered after alerts accepted later). Counted as spilled; needs
         * {@link #journal}, which keeps them across a restart.
         */
        public Builder spillWhenFull() {
            this.spill = true;
            return this;
        }

        /** Writes every attempt to {@code file} as JSON Lines, appending. */
        public Builder audit(Path file) {
            this.audit = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many calls of one action may run at once. Default 2. */
        public Builder threadsPerAction(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threadsPerAction must be at least 1");
            }
            this.threadsPerAction = threads;
            return this;
        }

        /** How long {@link Responder#close()} waits for deliveries under way. Default 30 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Checks the policy against the actions and starts the responder.
         *
         * @throws IllegalArgumentException naming every unknown or duplicate action; nothing is started
         * @throws IOException when the audit file cannot be opened
         */
        public Responder build() throws IOException {
            if (policy == null) {
                throw new IllegalStateException("a responder needs a policy");
            }
            List<String> wrong = new ArrayList<>();
            for (String d : duplicates) {
                wrong.add("two actions are named '" + d + "'");
            }
            TreeSet<String> unknown = new TreeSet<>();
            for (ResponsePolicy.Route r : policy.routes()) {
                if (!actions.containsKey(r.action())) {
                    unknown.add(r.action());
                }
            }
            for (String u : unknown) {
                wrong.add("the policy names action '" + u + "', which is not registered (registered: "
                        + (actions.isEmpty() ? "none" : String.join(", ", actions.keySet())) + ")");
            }
            for (String a : containing) {
                if (!actions.containsKey(a)) {
                    wrong.add("a containing action '" + a + "' is not registered");
                }
            }
            for (String a : rateLimits.keySet()) {
                if (!actions.containsKey(a)) {
                    wrong.add("a rate limit names action '" + a + "', which is not registered");
                }
            }
            if (spill && journal == null) {
                wrong.add("spilling when the queue is full needs a journal (journal(dir, sync))");
            }
            if (!wrong.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", wrong));
            }
            return new Responder(this, Map.copyOf(actions));
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
