package dev.vigil.core.alert;

import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationRule;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A correlation rule matching: the rule (with its metadata), the group it matched for, the window
 * of event time, the aggregated value and the matches that made it. Immutable.
 */
public final class CorrelationAlert implements Alert {

    private final CorrelationRule rule;
    private final Map<String, String> group;
    private final TimeWindow window;
    private final Number value;
    private final List<MatchRef> matches;
    private final int matchCount;
    private String id;
    private String fingerprint;

    /**
     * @param matches    the contributing matches, oldest first (at most the session's cap)
     * @param matchCount how many matches contributed, even beyond the cap
     */
    public CorrelationAlert(CorrelationRule rule, Map<String, String> group, TimeWindow window, Number value,
            List<MatchRef> matches, int matchCount) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
        this.window = Objects.requireNonNull(window, "window");
        this.value = Objects.requireNonNull(value, "value");
        this.matches = List.copyOf(matches);
        this.matchCount = matchCount;
    }

    /** A correlation alert read back from its JSON form, keeping the identity it was written with. */
    CorrelationAlert(CorrelationRule rule, Map<String, String> group, TimeWindow window, Number value,
            List<MatchRef> matches, int matchCount, String id, String fingerprint) {
        this(rule, group, window, value, matches, matchCount);
        this.id = id;
        this.fingerprint = fingerprint;
    }

    public CorrelationRule rule() {
        return rule;
    }

    /** The group-by field (or alias) names and the values the matches share, in group-by order; empty for the global group. */
    public Map<String, String> group() {
        return group;
    }

    /** The event time the correlation covers: for a condition decided early, first to last match; else the whole window. */
    public TimeWindow window() {
        return window;
    }

    /**
     * The aggregated value: the count ({@code event_count}), distinct count ({@code value_count}),
     * number of rules matched ({@code temporal}, {@code temporal_ordered}), sum, average, percentile,
     * median, or share in percent ({@code value_percentile} without a percentile).
     */
    public Number value() {
        return value;
    }

    /** The matches that made the alert, oldest first. */
    public List<MatchRef> matches() {
        return matches;
    }

    /** How many matches made the alert ({@link #matches()} may hold fewer when capped). */
    public int matchCount() {
        return matchCount;
    }

    @Override
    public String id() {
        String s = id;
        if (s == null) {
            id = s = AlertIds.correlationId(rule.key(), group, window, value, matchCount, matches);
        }
        return s;
    }

    @Override
    public String fingerprint() {
        String s = fingerprint;
        if (s == null) {
            fingerprint = s = AlertIds.correlationFingerprint(rule.key(), group);
        }
        return s;
    }

    @Override
    public String kind() {
        return "correlation";
    }

    @Override
    public RuleMetadata metadata() {
        return rule.metadata();
    }

    /** The end of the window. */
    @Override
    public Instant timestamp() {
        return window.end();
    }

    @Override
    public String toString() {
        return "CorrelationAlert[" + rule.key() + " '" + rule.title() + "' group=" + group + " window="
                + window.start() + ".." + window.end() + " value=" + value + " matches=" + matchCount + "]";
    }
}
