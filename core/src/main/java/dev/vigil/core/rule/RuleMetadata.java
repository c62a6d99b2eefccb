package dev.vigil.core.rule;

import dev.vigil.core.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule says about itself, as opposed to what it matches: id, name, title, severity, status,
 * author, tags, references, known false positives, where it was loaded from, and any other
 * attributes. Shared by detection rules ({@link Rule}), correlation rules and the alerts they raise,
 * so it is read, carried and written in one shape. Immutable.
 */
public final class RuleMetadata {

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
    private final SourcePosition source;
    private final Map<String, Object> custom;

    private RuleMetadata(Builder b) {
        this.id = b.id;
        this.name = b.name;
        this.title = Objects.requireNonNullElse(b.title, b.id != null ? b.id : b.name != null ? b.name : "untitled");
        this.description = b.description;
        this.level = b.level;
        this.status = b.status;
        this.author = b.author;
        this.tags = List.copyOf(b.tags);
        this.references = List.copyOf(b.references);
        this.falsePositives = List.copyOf(b.falsePositives);
        this.source = Objects.requireNonNullElse(b.source, SourcePosition.UNKNOWN);
        this.custom = Collections.unmodifiableMap(new LinkedHashMap<>(b.custom));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).name(name).title(title).description(description).level(level)
                .status(status).author(author).tags(tags).references(references).falsePositives(falsePositives)
                .source(source);
        b.custom.putAll(custom);
        return b;
    }

    /** The rule's unique id (a UUID for Sigma rules), or {@code null}. */
    public String id() {
        return id;
    }

    /** The rule's unique name, by which correlations may refer to it, or {@code null}. */
    public String name() {
        return name;
    }

    /** The title; where the rule gives none, its id, else its name, else {@code "untitled"}. */
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

    /** Where the rule was loaded from. */
    public SourcePosition source() {
        return source;
    }

    /** Other attributes the rule carries, by name. */
    public Map<String, Object> custom() {
        return custom;
    }

    /** The id, else the name, else the title: what identifies the rule in alerts and references. */
    public String key() {
        return id != null ? id : name != null ? name : title;
    }

    @Override
    public String toString() {
        return key() + " '" + title + "' at " + source;
    }

    /** Builds {@link RuleMetadata}; every value is optional. */
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

        public Builder source(SourcePosition source) {
            this.source = source;
            return this;
        }

        public Builder custom(String key, Object value) {
            this.custom.put(key, value);
            return this;
        }

        public RuleMetadata build() {
            return new RuleMetadata(this);
        }
    }
}
