package dev.vigil.core.respond;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/** What an action is told besides the alert: why it is called, how many times, and with which parameters. */
public interface ResponseContext {

    /**
     * The same for every attempt of one alert and action, and across restarts: the alert's id and the
     * action's route. Give it to the system acted on, where it supports one, so that a retry does not act twice.
     */
    String idempotencyKey();

    /** The parameters the policy gives this action for this alert (e.g. a webhook's address); never null. */
    Map<String, String> parameters();

    /** 1 for the first attempt, 2 for the first retry, ... */
    int attempt();

    /**
     * How many alerts with this alert's fingerprint this call stands for: more than 1 when alerts that say
     * the same thing were deduplicated into one call.
     */
    int occurrences();

    /** The responder's clock. */
    Clock clock();

    /** A logger named after the action. */
    Logger logger();

    /** The id of the incident the alert is part of, where the responder tracks incidents. */
    default Optional<String> incidentId() {
        return Optional.empty();
    }
}
