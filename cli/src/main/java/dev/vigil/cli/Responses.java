package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.alert.Alert;
import dev.vigil.respond.PolicyLoadResult;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponderStats;
import dev.vigil.respond.ResponsePolicyLoader;
import dev.vigil.respond.incident.IncidentTracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceConfigurationError;
import java.util.function.Consumer;

/**
 * The responses of one hunt or watch ({@code --respond POLICY [--audit FILE]}): the policy loaded, a responder
 * with every action on the class path, fed every alert the command prints, closed (drained) at the end, and the
 * line the summary gives it.
 */
final class Responses implements Consumer<Alert>, AutoCloseable {

    /** The responder's drain timeout unless the policy sets one. */
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Responder responder;
    private final Path audit;
    private final Duration drainTimeout;

    private Responses(Responder responder, Path audit, Duration drainTimeout) {
        this.responder = responder;
        this.audit = audit;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Loads {@code policy} and starts a responder by it, printing every problem of the policy (warnings
     * prefixed {@code warning: }) and then what was loaded. With {@code incidents}, the responder records
     * every alert in it and tells the actions their alert's incident; the options' containing actions move
     * an incident to contained.
     *
     * @param command {@code vigil hunt} or {@code vigil watch}, for the messages
     * @return the responses, or {@code null} when the policy has errors, names actions that do not exist or
     *         the audit file cannot be opened (each reported on {@code err}): nothing has started then
     */
    static Responses start(ResponseOptions options, IncidentTracker incidents, PrintWriter err, String command) {
        Path policy = options.policy;
        Path audit = options.audit;
        PolicyLoadResult loaded = ResponsePolicyLoader.create().load(policy);
        for (Problem p : loaded.problems()) {
            err.println(RuleLoading.line(p));
        }
        if (!loaded.ok()) {
            int n = loaded.errors().size();
            err.println(command + ": the response policy " + policy + " has " + n + (n == 1 ? " error" : " errors")
                    + "; nothing was run");
            err.flush();
            return null;
        }
        Responder.Builder builder;
        try {
            builder = loaded.settings().applyTo(Responder.builder().discoverActions().policy(loaded.policy()));
        } catch (ServiceConfigurationError e) {
            err.println(command + ": cannot load the response actions: " + Errors.firstLine(e.getMessage()));
            err.flush();
            return null;
        }
        if (audit != null) {
            builder.audit(audit);
        }
        if (incidents != null) {
            builder.incidents(incidents, options.containingActions);
        }
        Responder responder;
        try {
            responder = builder.build();
        } catch (IllegalArgumentException e) {
            // unknown or duplicate actions, or a rate limit for an action that does not exist
            err.println(command + ": " + policy + ": " + Errors.firstLine(e.getMessage()));
            err.flush();
            return null;
        } catch (IOException e) {
            err.println(command + ": cannot write the audit trail: " + Errors.describe(e));
            err.flush();
            return null;
        }
        int routes = loaded.policy().routes().size();
        err.println("loaded " + routes + (routes == 1 ? " response route" : " response routes") + " from " + policy);
        err.flush();
        return new Responses(responder, audit, loaded.settings().drainTimeout().orElse(DEFAULT_DRAIN_TIMEOUT));
    }

    /** Queues {@code alert} for the actions its routes name (waiting for room when the queue is full). */
    @Override
    public void accept(Alert alert) {
        responder.accept(alert);
    }

    /**
     * Stops taking alerts and waits for the deliveries under way, up to the drain timeout, saying so on
     * {@code err} when that takes more than a moment (retries waiting, an open circuit, a slow action).
     */
    void finish(PrintWriter err) {
        try {
            if (!responder.awaitIdle(Duration.ofSeconds(1))) {
                long pending = responder.stats().pending();
                err.println("waiting for " + pending + " response " + (pending == 1 ? "delivery" : "deliveries")
                        + " under way (at most the drain timeout, settings.drain_timeout in the policy)");
                err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        responder.close();
    }

    /** Stops taking alerts and waits for the deliveries under way, up to the drain timeout. */
    @Override
    public void close() {
        responder.close();
    }

    /**
     * {@code responses:        N alerts → D delivered, R retried, F failed, S skipped, Q deduplicated,
     * B back-pressured (audit: FILE)}; deliveries abandoned at the drain timeout are added when there are any.
     */
    String summaryLine() {
        ResponderStats s = responder.stats();
        StringBuilder line = new StringBuilder("responses:        ")
                .append(s.accepted()).append(s.accepted() == 1 ? " alert" : " alerts").append(" \u2192 ")
                .append(s.delivered()).append(" delivered, ")
                .append(s.retried()).append(" retried, ")
                .append(s.failed()).append(" failed, ")
                .append(s.skipped()).append(" skipped, ")
                .append(s.deduplicated()).append(" deduplicated, ")
                .append(s.backPressured()).append(" back-pressured");
        if (s.abandoned() > 0) {
            line.append(", ").append(s.abandoned()).append(" abandoned at the drain timeout");
        }
        if (audit != null) {
            line.append(" (audit: ").append(audit).append(')');
        }
        return line.toString();
    }

    /** How long closing waits for the deliveries under way. */
    Duration drainTimeout() {
        return drainTimeout;
    }

    ResponderStats stats() {
        return responder.stats();
    }
}
