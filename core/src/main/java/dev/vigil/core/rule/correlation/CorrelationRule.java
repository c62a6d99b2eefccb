package dev.vigil.core.rule.correlation;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.RuleMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled correlation rule: its metadata and what it correlates. Immutable and independent of
 * the syntax it was written in.
 *
 * <p>A correlation refers to detection rules (or other correlations) by id or name; matches of those
 * rules are grouped by the values of the {@link #groupBy()} fields (none: one global group), and the
 * correlation fires for a group when its matches within {@link #timespan()} satisfy the
 * {@link #condition()}.
 *
 * <pre>{@code
 * CorrelationRule bruteForce = CorrelationRule.builder()
 *         .id("0e95725d-7320-415d-80f7-004da920fc11").title("Many failed logins")
 *         .type(CorrelationType.EVENT_COUNT).rules(List.of("failed_login"))
 *         .groupBy(List.of("TargetUserName")).timespan(Duration.ofMinutes(10))
 *         .condition(CorrelationCondition.atLeast(10))
 *         .build();
 * }</pre>
 */
public final class CorrelationRule {

    private final RuleMetadata metadata;
    private final CorrelationType type;
    private final List<String> rules;
    private final List<String> groupBy;
    private final Map<String, FieldRef> fields;
    private final Map<String, Map<String, FieldRef>> aliases;
    private final Duration timespan;
    private final CorrelationCondition condition;
    private final List<FieldRef> valueFields;
    private final Double percentile;
    private final boolean generate;

    private CorrelationRule(Builder b) {
        this.metadata = b.metadata.build();
        this.type = Objects.requireNonNull(b.type, "type");
        this.rules = List.copyOf(b.rules);
        this.groupBy = List.copyOf(b.groupBy);
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(b.fields));
        Map<String, Map<String, FieldRef>> a = new LinkedHashMap<>();
        b.aliases.forEach((k, v) -> a.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        this.aliases = Collections.unmodifiableMap(a);
        this.timespan = Objects.requireNonNull(b.timespan, "timespan");
        this.condition = b.condition;
        this.valueFields = List.copyOf(b.valueFields);
        this.percentile = b.percentile;
        this.generate = b.generate;
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a correlation refers to at least one rule");
        }
        if (timespan.isNegative() || timespan.isZero()) {
            throw new IllegalArgumentException("the timespan must be positive");
        }
        if (condition == null && type != CorrelationType.TEMPORAL && type != CorrelationType.TEMPORAL_ORDERED) {
            throw new IllegalArgumentException(type.label() + " needs a condition");
        }
        if (type.needsField() && valueFields.isEmpty()) {
            throw new IllegalArgumentException(type.label() + " needs a field");
        }
        if (percentile != null && (percentile < 0 || percentile > 100)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this rule's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().metadata(metadata).type(type).rules(rules).groupBy(groupBy).timespan(timespan).condition(condition)
                .valueFields(valueFields).percentile(percentile).generate(generate);
        b.fields.putAll(fields);
        aliases.forEach((k, v) -> b.aliases.put(k, new LinkedHashMap<>(v)));
        return b;
    }

    /** What the rule says about itself: id, title, level, tags, author, references, source, ... */
    public RuleMetadata metadata() {
        return metadata;
    }

    /** The rule's unique id, or {@code null}. */
    public String id() {
        return metadata.id();
    }

    /** The rule's unique name, by which other correlations and aliases may refer to it, or {@code null}. */
    public String name() {
        return metadata.name();
    }

    public String title() {
        return metadata.title();
    }

    /** The severity, or {@code null} where the rule gives none. */
    public Level level() {
        return metadata.level();
    }

    /** Where the rule was loaded from. */
    public SourcePosition source() {
        return metadata.source();
    }

    public CorrelationType type() {
        return type;
    }

    /** The referenced rules and correlations, by id or name, in order (the order matters for {@code temporal_ordered}). */
    public List<String> rules() {
        return rules;
    }

    /** The group-by field names (or alias names), in order; empty for one global group. */
    public List<String> groupBy() {
        return groupBy;
    }

    /** How field names (group-by names and others) are found in events, where not simply by their name. */
    public Map<String, FieldRef> fields() {
        return fields;
    }

    /** Aliases: alias name → (referenced rule id or name → the field holding the value in that rule's events). */
    public Map<String, Map<String, FieldRef>> aliases() {
        return aliases;
    }

    public Duration timespan() {
        return timespan;
    }

    /**
     * The condition, or {@code null} for {@code temporal}/{@code temporal_ordered} without one
     * (all referenced rules must match).
     */
    public CorrelationCondition condition() {
        return condition;
    }

    /** The aggregated fields ({@code value_count}: the tuple of several; others: one), empty for counts. */
    public List<FieldRef> valueFields() {
        return valueFields;
    }

    /** The percentile (0..100) for {@code value_percentile}, or {@code null}. */
    public Double percentile() {
        return percentile;
    }

    /** Whether the referenced rules also raise their own detections (Sigma's {@code generate}; default false). */
    public boolean generate() {
        return generate;
    }

    /** The id, else the name, else the title. */
    public String key() {
        return metadata.key();
    }

    /**
     * The field that holds group-by field {@code groupField} in matches of the referenced rule
     * {@code ruleRef} (as written in {@link #rules()}), {@code ruleId} or {@code ruleName}: its alias
     * for that rule, else the field of that name.
     */
    public FieldRef groupField(String groupField, String ruleRef, String ruleId, String ruleName) {
        Map<String, FieldRef> alias = aliases.get(groupField);
        if (alias != null) {
            for (String k : new String[] {ruleRef, ruleName, ruleId}) {
                if (k != null && alias.containsKey(k)) {
                    return alias.get(k);
                }
            }
        }
        FieldRef f = fields.get(groupField);
        return f != null ? f : FieldRef.of(groupField);
    }

    @Override
    public String toString() {
        return "CorrelationRule[" + type.label() + " " + metadata + "]";
    }

    /** Builds a {@link CorrelationRule}; type, rules and timespan are required, and a condition for all but the temporal types. */
    public static final class Builder {
        private RuleMetadata.Builder metadata = RuleMetadata.builder();
        private CorrelationType type;
        private final List<String> rules = new ArrayList<>();
        private final List<String> groupBy = new ArrayList<>();
        private final Map<String, FieldRef> fields = new LinkedHashMap<>();
        private final Map<String, Map<String, FieldRef>> aliases = new LinkedHashMap<>();
        private Duration timespan;
        private CorrelationCondition condition;
        private final List<FieldRef> valueFields = new ArrayList<>();
        private Double percentile;
        private boolean generate;

        private Builder() {
        }

        public Builder metadata(RuleMetadata metadata) {
            this.metadata = metadata.toBuilder();
            return this;
        }

        public Builder id(String id) {
            metadata.id(id);
            return this;
        }

        public Builder name(String name) {
            metadata.name(name);
            return this;
        }

        public Builder title(String title) {
            metadata.title(title);
            return this;
        }

        public Builder level(Level level) {
            metadata.level(level);
            return this;
        }

        public Builder source(SourcePosition source) {
            metadata.source(source);
            return this;
        }

        public Builder type(CorrelationType type) {
            this.type = type;
            return this;
        }

        public Builder rules(List<String> rules) {
            this.rules.clear();
            this.rules.addAll(rules);
            return this;
        }

        public Builder groupBy(List<String> fields) {
            this.groupBy.clear();
            this.groupBy.addAll(fields);
            return this;
        }

        /** Where events hold the field {@code name} (default: at exactly that name). */
        public Builder field(String name, FieldRef ref) {
            this.fields.put(name, ref);
            return this;
        }

        /** In matches of rule {@code ruleRef} (id or name), group-by name {@code alias} is the field {@code field}. */
        public Builder alias(String alias, String ruleRef, FieldRef field) {
            this.aliases.computeIfAbsent(alias, k -> new LinkedHashMap<>()).put(ruleRef, field);
            return this;
        }

        public Builder timespan(Duration timespan) {
            this.timespan = timespan;
            return this;
        }

        public Builder condition(CorrelationCondition condition) {
            this.condition = condition;
            return this;
        }

        public Builder valueFields(List<FieldRef> fields) {
            this.valueFields.clear();
            this.valueFields.addAll(fields);
            return this;
        }

        public Builder valueField(FieldRef field) {
            return valueFields(List.of(field));
        }

        public Builder percentile(Double percentile) {
            this.percentile = percentile;
            return this;
        }

        public Builder generate(boolean generate) {
            this.generate = generate;
            return this;
        }

        public CorrelationRule build() {
            return new CorrelationRule(this);
        }
    }
}
