package dev.vigil.core.rule;

import dev.vigil.core.Event;
import dev.vigil.core.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled detection rule: its metadata and the condition an event must satisfy. Immutable and
 * independent of the syntax it was written in (Sigma YAML, the Java DSL, ...).
 */
public final class Rule {

    private final String id;
    private final String name;
    private final String title;
    private final String description;
    private final Level level;
    private final String status;
    private final String author;
    private final List<String> tags;
    private final List<String> references;
    private final List<String> falsePositives;
    private final List<String> fields;
    private final LogSource logSource;
    private final Condition condition;
    private final SourcePosition source;
    private final Map<String, Object> custom;

    private Rule(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.title = Objects.requireNonNullElse(b.title, b.id == null ? "untitled" : b.id);
        this.description = b.description;
        this.level = b.level;
        this.status = b.status;
        this.author = b.author;
        this.tags = List.copyOf(b.tags);
        this.references = List.copyOf(b.references);
        this.falsePositives = List.copyOf(b.falsePositives);
        this.fields = List.copyOf(b.fields);
        this.logSource = Objects.requireNonNullElse(b.logSource, LogSource.ANY);
        this.condition = Objects.requireNonNull(b.condition, "condition");
        this.source = Objects.requireNonNullElse(b.source, SourcePosition.UNKNOWN);
        this.custom = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.custom));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this rule's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).name(name).title(title).description(description).level(level)
                .status(status).author(author).logSource(logSource).condition(condition).source(source);
        b.tags.addAll(tags);
        b.references.addAll(references);
        b.falsePositives.addAll(falsePositives);
        b.fields.addAll(fields);
        b.custom.putAll(custom);
        return b;
    }

    /** Whether {@code event} satisfies this rule's condition. */
    public boolean matches(Event event) {
        return condition.matches(event);
    }

    /** The rule's unique id (a UUID for Sigma rules), or {@code null}. */
    public String id() {
        return id;
    }

    /** The rule's unique name, by which correlations may refer to it, or {@code null}. */
    public String name() {
        return name;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The severity, or {@code null} where the rule gives none. */
    public Level level() {
        return level;
    }

    public String status() {
        return status;
    }

    public String author() {
        return author;
    }

    public List<String> tags() {
        return tags;
    }

    public List<String> references() {
        return references;
    }

    public List<String> falsePositives() {
        return falsePositives;
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

    /** Where the rule was loaded from. */
    public SourcePosition source() {
        return source;
    }

    /** Other attributes the rule carries, by name. */
    public Map<String, Object> custom() {
        return custom;
    }

    /** The id, else the name, else the title. */
    public String key() {
        return id != null ? id : name != null ? name : title;
    }

    @Override
    public String toString() {
        return "Rule[" + key() + " '" + title + "' at " + source + "]";
    }

    /** Builds a {@link Rule}; only the condition is required. */
    public static final class Builder {
        private String id;
        private String name;
        private String title;
        private String description;
        private Level level;
        private String status;
        private String author;
        private final List<String> tags = new ArrayList<>();
        private final List<String> references = new ArrayList<>();
        private final List<String> falsePositives = new ArrayList<>();
        private final List<String> fields = new ArrayList<>();
        private LogSource logSource;
        private Condition condition;
        private SourcePosition source;
        private final Map<String, Object> custom = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder level(Level level) {
            this.level = level;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder author(String author) {
            this.author = author;
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags.clear();
            this.tags.addAll(tags);
            return this;
        }

        public Builder references(List<String> references) {
            this.references.clear();
            this.references.addAll(references);
            return this;
        }

        public Builder falsePositives(List<String> falsePositives) {
            this.falsePositives.clear();
            this.falsePositives.addAll(falsePositives);
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

        public Builder source(SourcePosition source) {
            this.source = source;
            return this;
        }

        public Builder custom(String key, Object value) {
            this.custom.put(key, value);
            return this;
        }

        public Rule build() {
            return new Rule(this);
        }
    }
}
