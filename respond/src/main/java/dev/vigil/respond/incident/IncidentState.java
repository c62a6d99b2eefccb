package dev.vigil.respond.incident;

/**
 * Where an incident is in its response, in the order of the incident-response process: identified,
 * contained, eradicated, recovered, closed. An incident only moves forward (steps may be skipped).
 */
public enum IncidentState {
    IDENTIFIED, CONTAINED, ERADICATED, RECOVERED, CLOSED;

    /** Lower case, as written in journals and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state of {@code label}, ignoring case. */
    public static IncidentState parse(String label) {
        return valueOf(label.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
