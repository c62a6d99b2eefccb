package dev.vigil.core.alert;

import dev.vigil.core.SourcePosition;
import java.time.Instant;

/**
 * One match that contributed to a correlation alert: the rule that matched (a detection rule, or a
 * correlation rule when correlations are chained), where the matching event was read, and when.
 *
 * @param ruleId    the matching rule's id, or {@code null}
 * @param ruleKey   the matching rule's id, else its name, else its title
 * @param source    where the event was read; for a chained correlation, where its latest match was read
 * @param timestamp the event time (for a chained correlation, the time of its latest match)
 */
public record MatchRef(String ruleId, String ruleKey, SourcePosition source, Instant timestamp) {
}
