package dev.vigil.sigma;

/** How a rule's {@code logsource} selects the events it is evaluated on. */
public enum LogsourceMode {
    /**
     * The default. An event that declares its log source (top-level {@code product}, {@code category}
     * or {@code service} fields) is selected by those hints; any other event by the conditions of the
     * {@link LogsourceMapping} (for example Sysmon EventID 1 for {@code process_creation}), with the
     * mapping's field names. A rule whose log source the mapping does not know applies to hinted
     * events only.
     */
    MAPPED,
    /**
     * Only the event's own {@code product}/{@code category}/{@code service} fields select rules: a rule
     * is skipped when a dimension is set on both the rule and the event and the two differ
     * (case-insensitive). No field mapping. rsigma's "logsource routing".
     */
    HINTS,
    /** Every rule on every event, field names as written in the rule. */
    IGNORE
}
