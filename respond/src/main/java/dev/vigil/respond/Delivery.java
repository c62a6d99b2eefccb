package dev.vigil.respond;

import dev.vigil.core.alert.Alert;
import java.util.concurrent.atomic.AtomicInteger;

/** One alert on its way to one route's action, over its attempts. */
final class Delivery {
    final Alert alert;
    final ResponsePolicy.Route route;
    final int routeIndex;
    final String idempotencyKey;
    /** Alerts with this fingerprint on this route so far (1 without deduplication). */
    AtomicInteger occurrences = new AtomicInteger(1);
    int attempt;
    /** Where this delivery is remembered for deduplication once done; null without deduplication. */
    String dedupKey;
    /** Whether the action reported done. */
    volatile boolean done;
    /** The alert's incident, where the responder tracks incidents. */
    String incidentId;

    Delivery(Alert alert, ResponsePolicy.Route route, int routeIndex, String idempotencyKey) {
        this.alert = alert;
        this.route = route;
        this.routeIndex = routeIndex;
        this.idempotencyKey = idempotencyKey;
    }
}
