package dev.vigil.benchmarks.drools;

import dev.vigil.core.event.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Flattens an event into facts: an {@link EventMarker}, then for every field at every depth (its
 * dotted path as name) a {@link FieldPresence} and a {@link FieldValue} per scalar value. Arrays
 * are walked element-wise and evtx_dump text nodes ({@code {"#text": v, ...}}) stand for {@code v},
 * as {@link dev.vigil.core.event.FieldPath} does; a rule field name then finds its values by equality of
 * names. (A FieldPath also finds {@code a.b} through other groupings of dotted keys; on the
 * benchmark's flat events there are none.)
 */
final class EventFacts {

    private static final String TEXT_NODE = "#text";

    private EventFacts() {
    }

    static void collect(Event event, List<Object> out) {
        EventMarker marker = new EventMarker(event.fields());
        out.add(marker);
        fields(marker, event.fields(), "", out);
    }

    private static void fields(EventMarker marker, Map<?, ?> map, String prefix, List<Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            Object v = e.getValue();
            if (isScalar(v)) {
                out.add(new FieldPresence(marker, name, true));
                out.add(new FieldValue(marker, name, v));
                continue;
            }
            List<Object> values = new ArrayList<>(2);
            emit(v, values);
            boolean nonNull = false;
            for (Object value : values) {
                nonNull |= value != null;
                if (isScalar(value)) {
                    out.add(new FieldValue(marker, name, value));
                }
            }
            out.add(new FieldPresence(marker, name, nonNull));
            descend(marker, v, name, out);
        }
    }

    private static void descend(EventMarker marker, Object v, String name, List<Object> out) {
        if (v instanceof Map<?, ?> m) {
            fields(marker, m, name, out);
        } else if (v instanceof List<?> list) {
            for (Object element : list) {
                descend(marker, element, name, out);
            }
        }
    }

    private static void emit(Object node, List<Object> values) {
        if (node instanceof List<?> list) {
            for (Object element : list) {
                emit(element, values);
            }
        } else if (node instanceof Map<?, ?> map && map.containsKey(TEXT_NODE)) {
            emit(map.get(TEXT_NODE), values);
        } else {
            values.add(node);
        }
    }

    static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Double || v instanceof Float || v instanceof BigDecimal || v instanceof BigInteger
                || v instanceof Short || v instanceof Byte;
    }
}
