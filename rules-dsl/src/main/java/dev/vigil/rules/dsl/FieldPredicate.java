package dev.vigil.rules.dsl;

import java.util.List;

/**
 * One field test of a selection: a field, its Sigma modifiers and its values, as the Sigma item
 * {@code Field|mod|mod: values} that it stands for. Made by {@link Field}; immutable.
 */
public final class FieldPredicate {

    private final String key;
    private final List<Object> values;

    FieldPredicate(String key, List<Object> values) {
        this.key = key;
        this.values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)); // null: "is null"
    }

    /** The Sigma key: the field name and its modifiers, {@code CommandLine|windash|contains|all}. */
    public String key() {
        return key;
    }

    /** The values as Sigma reads them (wildcards escaped where the DSL meant them literally). */
    public List<Object> values() {
        return values;
    }

    /** The YAML value: a single value as itself, several as a list. */
    Object yamlValue() {
        return values.size() == 1 ? values.get(0) : values;
    }

    @Override
    public String toString() {
        return key + ": " + values;
    }
}
