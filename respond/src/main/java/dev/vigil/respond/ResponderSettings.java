package dev.vigil.respond;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@link Responder} settings a policy file gives in its {@code settings:} block (see
 * {@link ResponsePolicyLoader}): only what is set there, each already checked; what is left out keeps the
 * builder's default. Apply them with {@link #applyTo(Responder.Builder)}. Immutable.
 */
public final class ResponderSettings {

    /** No setting: every one at the builder's default. */
    public static final ResponderSettings NONE = new Builder().build();

    private final Integer queueCapacity;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Integer breakerFailures;
    private final Duration breakerOpenFor;
    private final Duration deduplicate;
    private final Map<String, Integer> rateLimits;
    private final Integer threadsPerAction;
    private final Duration drainTimeout;

    private ResponderSettings(Builder b) {
        this.queueCapacity = b.queueCapacity;
        this.timeout = b.timeout;
        this.retry = b.retry;
        this.breakerFailures = b.breakerFailures;
        this.breakerOpenFor = b.breakerOpenFor;
        this.deduplicate = b.deduplicate;
        this.rateLimits = Map.copyOf(b.rateLimits);
        this.threadsPerAction = b.threadsPerAction;
        this.drainTimeout = b.drainTimeout;
        if ((breakerFailures == null) != (breakerOpenFor == null)) {
            throw new IllegalStateException("the circuit breaker's failures and open_for are set together");
        }
    }

    /**
     * Sets on {@code builder} what these settings set, leaving the rest as it is.
     *
     * @return {@code builder}
     */
    public Responder.Builder applyTo(Responder.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        if (queueCapacity != null) {
            builder.queueCapacity(queueCapacity);
        }
        if (timeout != null) {
            builder.timeout(timeout);
        }
        if (retry != null) {
            builder.retry(retry);
        }
        if (breakerFailures != null) {
            builder.circuitBreaker(breakerFailures, breakerOpenFor);
        }
        if (deduplicate != null) {
            builder.deduplicate(deduplicate);
        }
        rateLimits.forEach(builder::rateLimit);
        if (threadsPerAction != null) {
            builder.threadsPerAction(threadsPerAction);
        }
        if (drainTimeout != null) {
            builder.drainTimeout(drainTimeout);
        }
        return builder;
    }

    /** {@code queue_capacity}. */
    public OptionalInt queueCapacity() {
        return queueCapacity == null ? OptionalInt.empty() : OptionalInt.of(queueCapacity);
    }

    /** {@code timeout}: of one attempt. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@code retry}: the parts left out are those of {@link RetryPolicy#defaults()}. */
    public Optional<RetryPolicy> retry() {
        return Optional.ofNullable(retry);
    }

    /** {@code circuit_breaker.failures} (5 where only {@code open_for} is set). */
    public OptionalInt circuitBreakerFailures() {
        return breakerFailures == null ? OptionalInt.empty() : OptionalInt.of(breakerFailures);
    }

    /** {@code circuit_breaker.open_for} (30 s where only {@code failures} is set). */
    public Optional<Duration> circuitBreakerOpenFor() {
        return Optional.ofNullable(breakerOpenFor);
    }

    /** {@code deduplicate}: the period; zero turns deduplication off. */
    public Optional<Duration> deduplicate() {
        return Optional.ofNullable(deduplicate);
    }

    /** {@code rate_limits}: calls per minute, by action name; empty when none is set. */
    public Map<String, Integer> rateLimits() {
        return rateLimits;
    }

    /** {@code threads_per_action}. */
    public OptionalInt threadsPerAction() {
        return threadsPerAction == null ? OptionalInt.empty() : OptionalInt.of(threadsPerAction);
    }

    /** {@code drain_timeout}: how long closing the responder waits for deliveries under way. */
    public Optional<Duration> drainTimeout() {
        return Optional.ofNullable(drainTimeout);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (queueCapacity != null) {
            parts.add("queue_capacity=" + queueCapacity);
        }
        if (timeout != null) {
            parts.add("timeout=" + timeout);
        }
        if (retry != null) {
            parts.add("retry=" + retry);
        }
        if (breakerFailures != null) {
            parts.add("circuit_breaker=" + breakerFailures + "/" + breakerOpenFor);
        }
        if (deduplicate != null) {
            parts.add("deduplicate=" + deduplicate);
        }
        if (!rateLimits.isEmpty()) {
            parts.add("rate_limits=" + new java.util.TreeMap<>(rateLimits));
        }
        if (threadsPerAction != null) {
            parts.add("threads_per_action=" + threadsPerAction);
        }
        if (drainTimeout != null) {
            parts.add("drain_timeout=" + drainTimeout);
        }
        return parts.isEmpty() ? "defaults" : String.join(", ", parts);
    }

    /** Filled by the loader, with values it has checked. */
    static final class Builder {
        Integer queueCapacity;
        Duration timeout;
        RetryPolicy retry;
        Integer breakerFailures;
        Duration breakerOpenFor;
        Duration deduplicate;
        final Map<String, Integer> rateLimits = new LinkedHashMap<>();
        Integer threadsPerAction;
        Duration drainTimeout;

        ResponderSettings build() {
            return new ResponderSettings(this);
        }
    }
}
