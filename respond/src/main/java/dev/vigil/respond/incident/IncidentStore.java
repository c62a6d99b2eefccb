package dev.vigil.respond.incident;

import java.util.List;

/**
 * Where an {@link IncidentTracker} keeps what happened, so that a restart loses no incident and no
 * transition: every change is appended before the tracker reports it, and replayed when a tracker is
 * built on the store. {@link #inMemory()} keeps nothing across restarts; {@link JournalIncidentStore}
 * keeps a JSON Lines journal. Implementations must be thread-safe.
 */
public interface IncidentStore {

    /** One change, as stored: an alert joined an incident, or an incident changed state. */
    sealed interface Change permits AlertJoined, StateChanged {
        String incidentId();
    }

    /** {@code alert} joined incident {@code incidentId} (the first alert of an incident opens it). */
    record AlertJoined(String incidentId, AlertSummary alert) implements Change {
    }

    /** Incident {@code incidentId} moved as {@code transition} says. */
    record StateChanged(String incidentId, Transition transition) implements Change {
    }

    /** Keeps {@code change}; returns once it is as durable as the store makes it. */
    void append(Change change);

    /** Every change kept, oldest first. */
    List<Change> replay();

    /** A store that keeps changes in memory only. */
    static IncidentStore inMemory() {
        return new IncidentStore() {
            private final List<Change> changes = new java.util.ArrayList<>();

            @Override
            public synchronized void append(Change change) {
                changes.add(change);
            }

            @Override
            public synchronized List<Change> replay() {
                return List.copyOf(changes);
            }
        };
    }
}
