package dev.vigil.benchmarks.drools;

/**
 * A fact: the field at {@code name} exists in the current event, and whether some value of it is
 * not null (an object or array value counts as not null, as in the reference evaluator).
 */
public final class FieldPresence {

    private final String name;
    private final boolean nonNull;

    FieldPresence(String name, boolean nonNull) {
        this.name = name;
        this.nonNull = nonNull;
    }

    public String getName() {
        return name;
    }

    public boolean isNonNull() {
        return nonNull;
    }

    @Override
    public String toString() {
        return name + (nonNull ? " present" : " null");
    }
}
