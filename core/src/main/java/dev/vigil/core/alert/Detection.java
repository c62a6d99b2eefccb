package dev.vigil.core.alert;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import java.time.Instant;
import java.util.Objects;

/**
 * One rule matching one event: the rule (with its metadata), the event, and through the event its
 * source position and time. Immutable; its id and fingerprint are computed when first asked for.
 */
public final class Detection implements Alert {

    private final Rule rule;
    private final Event event;
    private String id;
    private String fingerprint;

    public Detection(Rule rule, Event event) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.event = Objects.requireNonNull(event, "event");
    }

    /** A detection read back from its JSON form, keeping the identity it was written with. */
    Detection(Rule rule, Event event, String id, String fingerprint) {
        this(rule, event);
        this.id = id;
        this.fingerprint = fingerprint;
    }

    public Rule rule() {
        return rule;
    }

    public Event event() {
        return event;
    }

    @Override
    public String id() {
        String s = id;
        if (s == null) {
            id = s = AlertIds.detectionId(rule.key(), event);
        }
        return s;
    }

    @Override
    public String fingerprint() {
        String s = fingerprint;
        if (s == null) {
            fingerprint = s = AlertIds.detectionFingerprint(rule.key(), event);
        }
        return s;
    }

    @Override
    public String kind() {
        return "detection";
    }

    @Override
    public RuleMetadata metadata() {
        return rule.metadata();
    }

    /** Where the matching event was read. */
    public SourcePosition source() {
        return event.source();
    }

    /** The matching event's time, or {@code null}. */
    @Override
    public Instant timestamp() {
        return event.timestamp();
    }

    /** Equal when the same rule matched the same event. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Detection d && d.rule.equals(rule) && d.event.equals(event);
    }

    @Override
    public int hashCode() {
        return 31 * rule.hashCode() + event.hashCode();
    }

    @Override
    public String toString() {
        return "Detection[" + rule.key() + " '" + rule.title() + "' at " + event.source() + "]";
    }
}
