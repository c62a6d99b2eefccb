package dev.vigil.respond.incident;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Where the entities of events and alerts are read: for each entity type, the fields tried in order. */
final class EntityFields {

    private final Map<String, List<FieldPath>> paths = new LinkedHashMap<>();
    private final Map<String, String> typeOfField = new HashMap<>();

    EntityFields(Map<String, List<String>> fields) {
        fields.forEach((type, names) -> {
            List<FieldPath> p = new ArrayList<>();
            for (String f : names) {
                p.add(FieldPath.of(f));
                typeOfField.put(f.toLowerCase(Locale.ROOT), type);
            }
            paths.put(type, p);
        });
    }

    /** The entities of an event: for each type, the first of its fields that holds a value. */
    Set<Entity> of(Event event) {
        Set<Entity> out = new TreeSet<>();
        paths.forEach((type, ps) -> {
            for (FieldPath p : ps) {
                String v = first(event, p);
                if (v != null) {
                    out.add(new Entity(type, v));
                    break;
                }
            }
        });
        return out;
    }

    /** The entities of an alert: its event's, or a correlation's group-by values of entity fields. */
    Set<Entity> of(Alert alert) {
        if (alert instanceof Detection d) {
            return of(d.event());
        }
        Set<Entity> out = new TreeSet<>();
        ((CorrelationAlert) alert).group().forEach((field, value) -> {
            String type = typeOfField.get(field.toLowerCase(Locale.ROOT));
            if (type != null && value != null && !value.isBlank()) {
                out.add(new Entity(type, value));
            }
        });
        return out;
    }

    private static String first(Event e, FieldPath p) {
        String[] found = new String[1];
        e.values(p, v -> {
            if (found[0] == null && v != null && !(v instanceof Map) && !(v instanceof List)) {
                String s = v.toString().trim();
                if (!s.isEmpty() && !s.equals("-")) {
                    found[0] = s;
                }
            }
        });
        return found[0];
    }
}
