package dev.vigil.core.respond;

import dev.vigil.core.alert.Alert;

/**
 * Something the host application does about an alert: contain a host, disable an account, block an
 * address, page someone, forward it. Implemented by the application and registered in code or found
 * through {@link java.util.ServiceLoader} (a provider needs a public no-argument constructor); a
 * response policy says which alerts go to which action with which parameters, and a responder calls it.
 *
 * <p>An action is called from the responder's threads, possibly for several alerts at once, so it must
 * be thread-safe. A call may be retried (after a failure, a timeout, or a restart that interrupted it),
 * so it must be idempotent for one {@link ResponseContext#idempotencyKey()}: the same key means the same
 * alert and action, and the action should not act twice on it (pass the key on to the system acted on
 * where it supports one).
 */
public interface ResponseAction {

    /** The action's name, by which policies refer to it: unique among the registered actions. */
    String name();

    /**
     * Acts on {@code alert}. Returns what happened; an exception thrown counts as a retryable failure,
     * and an action that outlives its timeout is interrupted and counted as one too.
     */
    Outcome execute(Alert alert, ResponseContext context) throws Exception;
}
