package dev.vigil.respond.incident;

import dev.vigil.core.rule.Level;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What an incident keeps of one of its alerts: enough to list, sort and explain it, and to be written to
 * and read back from a journal without the rule set that raised it.
 */
public record AlertSummary(String id, String fingerprint, String kind, String ruleId, String ruleTitle, Level level,
        List<String> tags, Instant time, Set<Entity> entities) {
    public AlertSummary {
        tags = List.copyOf(tags);
        entities = Set.copyOf(entities);
    }
}
