package dev.vigil.benchmarks.drools;

/**
 * A fact: the current event. Every generated rule starts with this pattern, so that its matches
 * belong to one event and are withdrawn when the event's facts are.
 */
public final class EventMarker {

    EventMarker() {
    }
}
