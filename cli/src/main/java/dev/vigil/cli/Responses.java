package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.alert.Alert;
import dev.vigil.respond.PolicyLoadResult;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponderStats;
import dev.vigil.respond.ResponsePolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceConfigurationError;
import java.util.function.Consumer;

/**
 * The responses of one hunt ({@code --respond POLICY [--audit FILE]}): the policy loaded, a responder with
 * every action on the class path, fed every alert the hunt prints, closed (drained) at the end, and the line
 * the summary gives it.
 */
final class Responses implements Consumer<Alert>, AutoCloseable {

    private final Responder responder;
    private final Path audit;

    private Responses(Responder responder, Path audit) {
        this.responder = responder;
        this.audit = audit;
    }

    /**
     * Loads {@code policy} and starts a responder by it, printing every problem of the policy (warnings
     * prefixed {@code warning: }) and then what was loaded.
     *
     * @return the responses, or {@code null} when the policy has errors, names actions that do not exist or
     *         the audit file cannot be opened (each reported on {@code err}): nothing has started then
     */
    static Responses start(Path policy, Path audit, PrintWriter err) {
        PolicyLoadResult loaded = ResponsePolicyLoader.create().load(policy);
        for (Problem p : loaded.problems()) {
            err.println(RuleLoading.line(p));
        }
        if (!loaded.ok()) {
            int n = loaded.errors().size();
            err.println("vigil hunt: the response policy " + policy + " has " + n + (n == 1 ? " error" : " errors")
                    + "; nothing was run");
            err.flush();
            return null;
        }
        Responder.Builder builder;
        try {
            builder = loaded.settings().applyTo(Responder.builder().discoverActions().policy(loaded.policy()));
        } catch (ServiceConfigurationError e) {
            err.println("vigil hunt: cannot load the response actions: " + Errors.firstLine(e.getMessage()));
            err.flush();
            return null;
        }
        if (audit != null) {
            builder.audit(audit);
        }
        Responder responder;
        try {
            responder = builder.build();
        } catch (IllegalArgumentException e) {
            // unknown or duplicate actions, or a rate limit for an action that does not exist
            err.println("vigil hunt: " + policy + ": " + Errors.firstLine(e.getMessage()));
            err.flush();
            return null;
        } catch (IOException e) {
            err.println("vigil hunt: cannot write the audit trail: " + Errors.describe(e));
            err.flush();
            return null;
        }
        int routes = loaded.policy().routes().size();
        err.println("loaded " + routes + (routes == 1 ? " response route" : " response routes") + " from " + policy);
        err.flush();
        return new Responses(responder, audit);
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

    ResponderStats stats() {
        return responder.stats();
    }
}
