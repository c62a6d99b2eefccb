package dev.vigil.rules.dsl;

import dev.vigil.core.rule.Level;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The metadata every rule carries, shared by the builders of {@link DetectionRule} and {@link Correlation}. */
public abstract sealed class MetadataBuilder<B extends MetadataBuilder<B>> permits DetectionRule.Builder, Correlation.Builder {

    final Map<String, Object> meta = new LinkedHashMap<>();
    final List<String> falsePositives = new ArrayList<>();
    final String origin;

    MetadataBuilder(String title, String origin) {
        meta.put("title", requireText(title, "title"));
        this.origin = origin;
    }

    abstract B self();

    static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }

    String title() {
        return (String) meta.get("title");
    }

    /** The rule's id: a UUID, as Sigma asks. */
    public B id(String id) {
        meta.put("id", requireText(id, "id"));
        return self();
    }

    /** A name that correlations can refer to. */
    public B name(String name) {
        meta.put("name", requireText(name, "name"));
        return self();
    }

    /** {@code stable}, {@code test}, {@code experimental}, {@code deprecated} or {@code unsupported}. */
    public B status(String status) {
        meta.put("status", requireText(status, "status"));
        return self();
    }

    public B description(String description) {
        meta.put("description", requireText(description, "description"));
        return self();
    }

    public B author(String author) {
        meta.put("author", requireText(author, "author"));
        return self();
    }

    public B date(LocalDate date) {
        meta.put("date", Objects.requireNonNull(date, "date").toString());
        return self();
    }

    public B modified(LocalDate date) {
        meta.put("modified", Objects.requireNonNull(date, "date").toString());
        return self();
    }

    public B references(String... urls) {
        meta.put("references", List.of(urls));
        return self();
    }

    /** Tags such as {@code attack.execution}, {@code attack.t1059.001}. */
    public B tags(String... tags) {
        meta.put("tags", List.of(tags));
        return self();
    }

    public B level(Level level) {
        meta.put("level", Objects.requireNonNull(level, "level").label());
        return self();
    }

    public B falsePositives(String... cases) {
        falsePositives.addAll(List.of(cases));
        return self();
    }
}
