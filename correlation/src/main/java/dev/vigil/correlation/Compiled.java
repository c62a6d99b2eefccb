package dev.vigil.correlation;

import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.util.List;

/** One correlation of a {@link Detector}, resolved and ready to run. Immutable. */
final class Compiled {

    /** How the generated rule decides. */
    enum Mode {
        /** A lower bound (with or without upper bounds): every new match probes the windows it changes. */
        SLIDING,
        /** Upper bounds only: windows open at a group's first match and are decided when they close. */
        CLOSING,
        /** temporal_ordered: a join of one match per rule, in order. */
        ORDERED
    }

    /** What one referenced rule position stands for: a detection rule or a correlation. */
    record Ref(String text, Rule rule, int correlation, String id, String name, String key, List<FieldRef> groupFields) {
    }

    final int index;
    final CorrelationRule rule;
    final Mode mode;
    final long spanMillis;
    final CorrelationCondition condition;
    final List<Ref> refs;

    Compiled(int index, CorrelationRule rule, Mode mode, CorrelationCondition condition, List<Ref> refs) {
        this.index = index;
        this.rule = rule;
        this.mode = mode;
        this.spanMillis = rule.timespan().toMillis();
        this.condition = condition;
        this.refs = List.copyOf(refs);
    }

    CorrelationType type() {
        return rule.type();
    }

    /** Whether the value share condition (value_percentile without percentile) picks the smallest share. */
    boolean smallestShare() {
        return !condition.lowerBoundsOnly();
    }

    boolean rarity() {
        return rule.type() == CorrelationType.VALUE_PERCENTILE && rule.percentile() == null;
    }

    /**
     * Whether the aggregate can never exceed the number of matches (a count of matches, of distinct
     * values, of rules): then a lower-bound condition cannot hold for a group holding fewer matches
     * than it needs, and no window of that group has to be probed.
     */
    boolean boundedByMatches() {
        return rule.type() == CorrelationType.EVENT_COUNT || rule.type() == CorrelationType.VALUE_COUNT
                || rule.type() == CorrelationType.TEMPORAL;
    }

    /** Whether a hit needs a numeric value to count. */
    boolean numeric() {
        return rule.type().numeric() || (rule.type() == CorrelationType.VALUE_PERCENTILE && rule.percentile() != null);
    }

    /** Whether a hit needs a (text) value to count. */
    boolean distinct() {
        return rule.type() == CorrelationType.VALUE_COUNT || rarity();
    }
}
