package dev.vigil.core.alert;

import java.time.Duration;
import java.time.Instant;

/** A span of event time, both ends included. */
public record TimeWindow(Instant start, Instant end) {

    public Duration length() {
        return Duration.between(start, end);
    }
}
