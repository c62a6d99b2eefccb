package dev.vigil.respond;

import dev.vigil.respond.incident.IncidentTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** A responder's delivery settings, resolved. */
record Settings(Duration timeout, RetryPolicy retry, int breakerThreshold, Duration breakerOpenFor,
        Map<String, Integer> rateLimits, Clock clock, int threadsPerAction, IncidentTracker incidents,
        Set<String> containing) {

    Settings {
        rateLimits = Map.copyOf(rateLimits);
        containing = Set.copyOf(containing);
    }
}
