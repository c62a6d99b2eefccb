package dev.vigil.respond.incident;

import dev.vigil.core.rule.Level;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * An incident as it stands: the alerts grouped into it (by the entities they share, within a window of
 * time), their highest level, the entities, the ATT&amp;CK tactics and techniques their rules name, and
 * where the response is ({@link IncidentState}, with every {@link Transition}). An immutable snapshot;
 * the {@link IncidentTracker} gives a new one after each change.
 *
 * @param id          stable: made from the id of the incident's first alert
 * @param title       the first alert's rule title
 * @param severity    the highest level among the alerts ({@code null} when none has one)
 * @param state       the current state
 * @param firstSeen   the earliest alert time
 * @param lastSeen    the latest alert time
 * @param entities    the hosts, users, addresses, processes, ... its alerts are about
 * @param tactics     ATT&amp;CK tactics from the rules' tags ({@code credential-access}, ...)
 * @param techniques  ATT&amp;CK techniques from the rules' tags ({@code T1110.001}, ...)
 * @param alerts      the alerts, in the order they were recorded
 * @param transitions the state changes, oldest first
 */
public record Incident(String id, String title, Level severity, IncidentState state, Instant firstSeen,
        Instant lastSeen, SortedSet<Entity> entities, SortedSet<String> tactics, SortedSet<String> techniques,
        List<AlertSummary> alerts, List<Transition> transitions) {

    public Incident {
        entities = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(entities));
        tactics = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(tactics));
        techniques = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(techniques));
        alerts = List.copyOf(alerts);
        transitions = List.copyOf(transitions);
    }

    /** Whether the incident shares an entity with {@code others}. */
    public boolean concerns(Set<Entity> others) {
        for (Entity e : others) {
            if (entities.contains(e)) {
                return true;
            }
        }
        return false;
    }
}
