package dev.vigil.core;

import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One rule matching one event: the rule (with its metadata: id, title, level, tags, ...), the event,
 * and through the event its source position and time.
 */
public record Detection(Rule rule, Event event) implements Alert {

    public Detection {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(event, "event");
    }

    @Override
    public String kind() {
        return "detection";
    }

    @Override
    public String ruleId() {
        return rule.id();
    }

    @Override
    public String ruleTitle() {
        return rule.title();
    }

    @Override
    public Level level() {
        return rule.level();
    }

    @Override
    public List<String> tags() {
        return rule.tags();
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

    @Override
    public String toString() {
        return "Detection[" + rule.key() + " '" + rule.title() + "' at " + event.source() + "]";
    }
}
