package dev.vigil.respond.incident;

import java.util.Objects;

/** Something an incident is about: a host, a user, an address, a process, ... by type and value. */
public record Entity(String type, String value) implements Comparable<Entity> {
    public Entity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public int compareTo(Entity o) {
        int c = type.compareTo(o.type);
        return c != 0 ? c : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
