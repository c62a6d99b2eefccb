package dev.vigil.core;

import dev.vigil.core.rule.Level;
import java.time.Instant;
import java.util.List;

/**
 * Something a rule raised: a {@link Detection} (one rule, one event) or a correlation alert (a
 * correlation rule over several matches, {@code dev.vigil.core.correlation.CorrelationAlert}).
 * Tell them apart by {@link #kind()} or with {@code instanceof}.
 */
public interface Alert {

    /** {@code "detection"} or {@code "correlation"}. */
    String kind();

    /** The id of the rule that raised the alert, or {@code null}. */
    String ruleId();

    /** The title of the rule that raised the alert. */
    String ruleTitle();

    /** The rule's severity, or {@code null} where it gives none. */
    Level level();

    /** The rule's tags. */
    List<String> tags();

    /** When it happened (event time), or {@code null} where unknown. */
    Instant timestamp();
}
