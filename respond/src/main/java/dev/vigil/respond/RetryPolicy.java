package dev.vigil.respond;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a failed attempt is retried: up to {@code maxAttempts} attempts in all, the n-th retry after
 * {@code initialBackoff × 2^(n-1)}, at most {@code maxBackoff}, each spread at random by up to
 * {@code jitter} of itself (so that the retries of many alerts do not arrive together).
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

    /** 5 attempts, 1 s doubling to at most 1 minute, 20 % jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 0.2);
    }

    /** One attempt, never retried. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 0);
    }

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff: 0 <= initialBackoff <= maxBackoff");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter is between 0 and 1");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after attempt {@code attempt} failed. */
    long backoffMillis(int attempt) {
        long base = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long wait = Math.min(base, max);
        for (int i = 1; i < attempt && wait < max; i++) {
            wait = wait > max / 2 ? max : wait * 2;
        }
        if (jitter > 0 && wait > 0) {
            double spread = wait * jitter;
            wait = Math.max(0, Math.round(wait - spread + ThreadLocalRandom.current().nextDouble() * 2 * spread));
        }
        return wait;
    }
}
