package dev.vigil.respond;

import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.respond.incident.IncidentState;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one action's deliveries on threads of its own: each attempt with a timeout, failures retried with
 * backoff, a circuit breaker that holds deliveries back while the action keeps failing, and an optional
 * rate limit. A slow or failing action holds up only its own deliveries.
 */
final class ActionRunner {

    private final ResponseAction action;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final AuditLog audit;
    private final Counters counters;
    private final java.util.function.Consumer<Delivery> onFinished;
    private final ThreadPoolExecutor pool;
    private final Logger logger;
    private final long minIntervalNanos;

    // circuit breaker and rate limit, guarded by this
    private int failuresInARow;
    private long openUntilNanos;
    private boolean probing;
    private long nextSlotNanos;

    ActionRunner(ResponseAction action, Settings settings, ScheduledExecutorService scheduler, AuditLog audit,
            Counters counters, java.util.function.Consumer<Delivery> onFinished) {
        this.action = action;
        this.settings = settings;
        this.scheduler = scheduler;
        this.audit = audit;
        this.counters = counters;
        this.onFinished = onFinished;
        this.logger = LoggerFactory.getLogger("dev.vigil.respond.action." + action.name());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threadsPerAction(), settings.threadsPerAction(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "vigil-respond-" + action.name() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        Integer perMinute = settings.rateLimits().get(action.name());
        this.minIntervalNanos = perMinute == null ? 0 : TimeUnit.MINUTES.toNanos(1) / perMinute;
    }

    /** Starts a delivery: its first attempt now, or when the circuit or the rate limit lets it. */
    void start(Delivery d) {
        attempt(d);
    }

    private void attempt(Delivery d) {
        long wait = admission();
        if (wait > 0) {
            later(() -> attempt(d), wait);
            return;
        }
        d.attempt++;
        counters.attempts.incrementAndGet();
        Context ctx = new Context(d, settings.clock(), logger);
        long started = System.nanoTime();
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicReference<ScheduledFuture<?>> timerRef = new AtomicReference<>();
        AtomicReference<FutureTask<Outcome>> self = new AtomicReference<>();
        FutureTask<Outcome> task = new FutureTask<>(() -> {
            // the timeout runs from when the attempt starts, not from when it was queued
            FutureTask<Outcome> me = self.get();
            timerRef.set(scheduleOrNull(() -> {
                if (!me.isDone()) {
                    timedOut.set(true);
                    me.cancel(true);
                }
            }, settings.timeout().toMillis()));
            return action.execute(d.alert, ctx);
        }) {
            @Override
            protected void done() {
                ScheduledFuture<?> t = timerRef.get();
                if (t != null) {
                    t.cancel(false);
                }
                completed(d, this, timedOut.get(), System.nanoTime() - started);
            }
        };
        self.set(task);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down: counted as abandoned
        }
    }

    /** How long the next attempt must wait for the circuit breaker or the rate limit, in ms; 0 to go now. */
    private synchronized long admission() {
        long now = System.nanoTime();
        if (openUntilNanos - now > 0) {
            counters.circuitOpen.incrementAndGet();
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(openUntilNanos - now));
        }
        boolean halfOpen = failuresInARow >= settings.breakerThreshold();
        if (halfOpen && probing) {
            counters.circuitOpen.incrementAndGet();
            return Math.max(1, settings.breakerOpenFor().toMillis() / 10);
        }
        if (minIntervalNanos > 0) {
            if (nextSlotNanos - now > 0) {
                counters.rateLimited.incrementAndGet();
                return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSlotNanos - now));
            }
            nextSlotNanos = now + minIntervalNanos;
        }
        if (halfOpen) {
            probing = true; // half open: this attempt, and only it, tests the action
        }
        return 0;
    }

    private synchronized void record(boolean failure) {
        probing = false;
        if (!failure) {
            failuresInARow = 0;
            return;
        }
        failuresInARow++;
        if (failuresInARow >= settings.breakerThreshold()) {
            openUntilNanos = System.nanoTime() + settings.breakerOpenFor().toNanos();
            logger.warn("action '{}' failed {} times in a row; holding its deliveries for {}", action.name(),
                    failuresInARow, settings.breakerOpenFor());
        }
    }

    private void completed(Delivery d, FutureTask<Outcome> task, boolean timedOut, long nanos) {
        Outcome outcome;
        if (timedOut) {
            counters.timedOut.incrementAndGet();
            outcome = Outcome.failed("timed out after " + settings.timeout().toMillis() + " ms", true);
        } else {
            try {
                outcome = task.get();
                if (outcome == null) {
                    outcome = Outcome.failed("the action returned no outcome", false);
                }
            } catch (CancellationException e) {
                outcome = Outcome.failed("cancelled", true);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                outcome = Outcome.failed(c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = Outcome.failed("interrupted", true);
            }
        }
        boolean failure = outcome instanceof Outcome.Failed;
        record(failure);
        boolean retry = outcome instanceof Outcome.Failed f && f.retryable() && d.attempt < settings.retry().maxAttempts();
        audit.attempt(d, outcome, retry, nanos, settings.clock().instant());
        if (retry) {
            counters.retried.incrementAndGet();
            later(() -> attempt(d), settings.retry().backoffMillis(d.attempt));
            return;
        }
        if (outcome instanceof Outcome.Done) {
            d.done = true;
            counters.delivered.incrementAndGet();
            contain(d);
        } else if (outcome instanceof Outcome.Skipped) {
            counters.skipped.incrementAndGet();
        } else {
            counters.failed.incrementAndGet();
            logger.warn("action '{}' failed for alert {} after {} attempt(s): {}", action.name(), d.alert.id(),
                    d.attempt, ((Outcome.Failed) outcome).reason());
        }
        onFinished.accept(d);
    }

    /** A containing action succeeded: its alert's incident is contained, unless it is further along. */
    private void contain(Delivery d) {
        if (d.incidentId == null || !settings.containing().contains(action.name())) {
            return;
        }
        try {
            settings.incidents().get(d.incidentId).filter(i -> i.state().compareTo(IncidentState.CONTAINED) < 0)
                    .ifPresent(i -> settings.incidents().transition(i.id(), IncidentState.CONTAINED, action.name(),
                            "action '" + action.name() + "' done for alert " + d.alert.id()));
        } catch (IllegalStateException raced) {
            // another containing action got there first
        }
    }

    private void later(Runnable r, long millis) {
        scheduleOrNull(r, millis);
    }

    private ScheduledFuture<?> scheduleOrNull(Runnable r, long millis) {
        try {
            return scheduler.schedule(r, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // shutting down: counted as abandoned
        }
    }

    void shutdown() {
        pool.shutdownNow();
    }

    /** The context of one attempt. */
    private static final class Context implements ResponseContext {
        private final Delivery d;
        private final int attempt;
        private final Clock clock;
        private final Logger logger;

        Context(Delivery d, Clock clock, Logger logger) {
            this.d = d;
            this.attempt = d.attempt;
            this.clock = clock;
            this.logger = logger;
        }

        @Override
        public String idempotencyKey() {
            return d.idempotencyKey;
        }

        @Override
        public Map<String, String> parameters() {
            return d.route.parameters();
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public int occurrences() {
            return d.occurrences.get();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Logger logger() {
            return logger;
        }

        @Override
        public java.util.Optional<String> incidentId() {
            return java.util.Optional.ofNullable(d.incidentId);
        }
    }
}
