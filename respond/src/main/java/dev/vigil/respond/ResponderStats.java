package dev.vigil.respond;

/**
 * What a {@link Responder} did so far.
 *
 * @param accepted      alerts accepted
 * @param backPressured alerts whose {@code accept} had to wait for room on the full queue
 * @param unrouted      alerts no route selected
 * @param deduplicated  deliveries left out because an alert of the same fingerprint went the same route
 *                      within the deduplication period
 * @param attempts      calls of actions, first attempts and retries
 * @param delivered     deliveries an action reported done
 * @param retried       attempts that failed and were tried again
 * @param failed        deliveries that failed for good (not retryable, or out of attempts)
 * @param skipped       deliveries an action chose to skip
 * @param timedOut      attempts interrupted at the timeout (also counted as failed or retried)
 * @param circuitOpen   times a delivery waited because its action's circuit was open
 * @param rateLimited   times a delivery waited for its action's rate limit
 * @param abandoned     deliveries still under way when the responder was closed
 * @param resumed       alerts read back from the journal at start, to deliver what was not over
 * @param spilled       alerts written to the spill file because the queue was full
 * @param unroutable    alerts that could not be routed at all (an error while routing them; logged)
 * @param incidentFailures alerts that could not be recorded in an incident (delivered without one; logged)
 * @param queued        alerts waiting for the dispatcher now
 * @param pending       alerts and deliveries not over now
 */
public record ResponderStats(long accepted, long backPressured, long unrouted, long deduplicated, long attempts,
        long delivered, long retried, long failed, long skipped, long timedOut, long circuitOpen, long rateLimited,
        long abandoned, long resumed, long spilled, long unroutable, long incidentFailures, long queued, long pending) {
}
