package dev.vigil.respond;

import java.util.concurrent.atomic.AtomicLong;

/** The responder's counters, shared by its threads. */
final class Counters {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong backPressured = new AtomicLong();
    final AtomicLong unrouted = new AtomicLong();
    final AtomicLong deduplicated = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final AtomicLong circuitOpen = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    final AtomicLong resumed = new AtomicLong();
    final AtomicLong spilled = new AtomicLong();
    final AtomicLong unroutable = new AtomicLong();
    final AtomicLong incidentFailures = new AtomicLong();
    /** Alerts not yet routed plus deliveries not yet over. */
    final AtomicLong pending = new AtomicLong();

    ResponderStats snapshot(int queued) {
        return new ResponderStats(accepted.get(), backPressured.get(), unrouted.get(), deduplicated.get(),
                attempts.get(), delivered.get(), retried.get(), failed.get(), skipped.get(), timedOut.get(),
                circuitOpen.get(), rateLimited.get(), abandoned.get(), resumed.get(), spilled.get(), unroutable.get(), incidentFailures.get(), queued, pending.get());
    }
}
