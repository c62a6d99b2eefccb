package dev.vigil.respond.incident;

import java.time.Instant;
import java.util.Objects;

/** One move of an incident from one state to the next: when, by whom (a person or an action) and why. */
public record Transition(IncidentState from, IncidentState to, Instant time, String actor, String note) {
    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        note = note == null ? "" : note;
    }
}
