package dev.vigil.core.rule;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled detection rule: its metadata and the condition an event must satisfy. Immutable and
 * independent of the syntax it was written in (Sigma YAML, the Java DSL, ...).
 */
public final class Rule {

    private final RuleMetadata metadata;
    private final List<String> fields;
    private final LogSource logSource;
    private final Condition condition;

    private Rule(Builder b) {
        this.metadata = b.metadata.build();
        this.fields = List.copyOf(b.fields);
        this.logSource = Objects.requireNonNullElse(b.logSource, LogSource.ANY);
        this.condition = Objects.requireNonNull(b.condition, "condition");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this rule's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().metadata(metadata).logSource(logSource).condition(condition);
        b.fields.addAll(fields);
        return b;
    }

    /** Whether {@code event} satisfies this rule's condition. */
    public boolean matches(Event event) {
        return condition.matches(event);
    }

    /** What the rule says about itself: id, title, level, tags, author, references, source, ... */
    public RuleMetadata metadata() {
        return metadata;
    }

    /** The rule's unique id (a UUID for Sigma rules), or {@code null}. */
    public String id() {
        return metadata.id();
    }

    /** The rule's unique name, by which correlations may refer to it, or {@code null}. */
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

    /** The id, else the name, else the title. */
    public String key() {
        return metadata.key();
    }

    /** Fields the rule suggests showing to an analyst. */
    public List<String> fields() {
        return fields;
    }

    public LogSource logSource() {
        return logSource;
    }

    public Condition condition() {
        return condition;
    }

    @Override
    public String toString() {
        return "Rule[" + metadata + "]";
    }

    /**
     * Builds a {@link Rule}; only the condition is required. The metadata is set whole with
     * {@link #metadata(RuleMetadata)}, or its commonest parts one by one.
     */
    public static final class Builder {
        private RuleMetadata.Builder metadata = RuleMetadata.builder();
        private final List<String> fields = new ArrayList<>();
        private LogSource logSource;
        private Condition condition;

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

        public Builder fields(List<String> fields) {
            this.fields.clear();
            this.fields.addAll(fields);
            return this;
        }

        public Builder logSource(LogSource logSource) {
            this.logSource = logSource;
            return this;
        }

        public Builder condition(Condition condition) {
            this.condition = condition;
            return this;
        }

        public Rule build() {
            return new Rule(this);
        }
    }
}
