package dev.vigil.core.alert;

import dev.vigil.core.rule.RuleMetadata;
import java.time.Instant;

/**
 * Something a rule raised: a {@link Detection} (one rule, one event) or a {@link CorrelationAlert}
 * (a correlation rule over several matches). Immutable and safe to hand between threads.
 *
 * <p>Every alert has an identity that downstream consumers (response actions, incident tracking, a
 * stream processor) can rely on: {@link #id()} names this alert and is the same whenever the same
 * input is processed again, in another run or over another number of partitions; {@link #fingerprint()}
 * is shared by alerts that say the same thing about the same subject and serves to deduplicate them.
 */
public sealed interface Alert permits Detection, CorrelationAlert {

    /**
     * A stable identity: a UUID (version 8, name-based on SHA-256) computed from the kind, the rule's
     * key, and for a detection the event's source position, time and content, for a correlation alert
     * its group and window. Equal inputs give equal ids across runs and partitionings.
     */
    String id();

    /**
     * The deduplication key: 32 hex digits computed from the kind, the rule's key, and for a detection
     * the event's content (wherever and whenever it was read), for a correlation alert its group (the
     * same rule firing on the same subject again).
     */
    String fingerprint();

    /** {@code "detection"} or {@code "correlation"}. */
    String kind();

    /** The metadata of the rule that raised the alert: id, title, level, tags, ... */
    RuleMetadata metadata();

    /** When it happened (event time; for a correlation, the end of its window), or {@code null} where unknown. */
    Instant timestamp();
}
