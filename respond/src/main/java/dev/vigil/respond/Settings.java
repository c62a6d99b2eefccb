package dev.vigil.respond;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A responder's delivery settings, resolved. */
record Settings(Duration timeout, RetryPolicy retry, int breakerThreshold, Duration breakerOpenFor,
        Map<String, Integer> rateLimits, Clock clock, int threadsPerAction) {

    Settings {
        rateLimits = Map.copyOf(rateLimits);
    }
}
