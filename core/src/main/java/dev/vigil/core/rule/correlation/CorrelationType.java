package dev.vigil.core.rule.correlation;

import java.util.Locale;

/** The kinds of correlation (Sigma correlation specification 2.1, plus {@code value_median}). */
public enum CorrelationType {
    /** How many matches a group has in the window. */
    EVENT_COUNT,
    /** How many distinct values of a field (or tuple of fields) a group has in the window. */
    VALUE_COUNT,
    /** How many of the referenced rules matched in the window, in any order (all of them by default). */
    TEMPORAL,
    /** All referenced rules matched in the window, in the order they are listed. */
    TEMPORAL_ORDERED,
    /** The sum of a numeric field over the window. */
    VALUE_SUM,
    /** The average of a numeric field over the window. */
    VALUE_AVG,
    /**
     * With a {@code percentile} P: the P-th percentile of a numeric field over the window. Without:
     * the share, in percent, that a value of the field has among the window's matches (the reading
     * of the specification's example: "a process name seen in less than 1% of all processes").
     */
    VALUE_PERCENTILE,
    /** The median of a numeric field over the window (the 50th percentile). */
    VALUE_MEDIAN;

    /** The name as Sigma writes it: {@code event_count}, {@code temporal_ordered}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code label} as Sigma writes it, or {@code null}. */
    public static CorrelationType parse(String label) {
        for (CorrelationType t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        return null;
    }

    /** Whether the type aggregates a field named by the condition's {@code field}. */
    public boolean needsField() {
        return this != EVENT_COUNT && this != TEMPORAL && this != TEMPORAL_ORDERED;
    }

    /** Whether the type compares the field's values as numbers. */
    public boolean numeric() {
        return this == VALUE_SUM || this == VALUE_AVG || this == VALUE_MEDIAN;
    }
}
