package dev.vigil.core;

import dev.vigil.core.rule.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of one event that an engine's rules read, found in one walk and each value turned into
 * text and lower case once. Reused from event to event by one thread; never shared.
 */
final class EventScan {

    private static final String TEXT_NODE = FieldPath.TEXT_NODE;

    private final FieldTable table;
    private final boolean collectLeaves;
    private int epoch;
    private final int[] pathStamp;
    private final ValueList[] pathValues;
    private final int[] refStamp;
    private final int[] refResolved;
    final ValueList leaves = new ValueList();
    Event event;

    /** Values of one path in one event: the raw value, its text (or null) and its lower-case text. */
    static final class ValueList {
        Object[] raw = new Object[4];
        String[] text = new String[4];
        String[] lower = new String[4];
        int size;

        void add(Object v) {
            if (size == raw.length) {
                raw = Arrays.copyOf(raw, size * 2);
                text = Arrays.copyOf(text, size * 2);
                lower = Arrays.copyOf(lower, size * 2);
            }
            raw[size] = v;
            String t = Values.text(v);
            text[size] = t;
            lower[size] = t == null ? null : t.toLowerCase(Locale.ROOT);
            size++;
        }

        void clear() {
            Arrays.fill(raw, 0, size, null);
            size = 0;
        }
    }

    EventScan(FieldTable table, boolean collectLeaves) {
        this.table = table;
        this.collectLeaves = collectLeaves;
        int np = table.paths.size();
        this.pathStamp = new int[np];
        this.pathValues = new ValueList[np];
        for (int i = 0; i < np; i++) {
            pathValues[i] = new ValueList();
        }
        int nr = table.refs.size();
        this.refStamp = new int[nr];
        this.refResolved = new int[nr];
    }

    void scan(Event e) {
        event = e;
        epoch++;
        if (epoch == Integer.MAX_VALUE) {
            epoch = 1;
            Arrays.fill(pathStamp, 0);
            Arrays.fill(refStamp, 0);
        }
        leaves.clear();
        Map<String, Object> fields = e.fields();
        walk(fields, table.root);
        if (collectLeaves) {
            collect(fields);
        }
    }

    /** The path index holding the field's values in this event, or -1 where the field is absent. */
    int resolve(int ref) {
        if (refStamp[ref] == epoch) {
            return refResolved[ref];
        }
        int found = -1;
        for (int p : table.refPaths.get(ref)) {
            if (pathStamp[p] == epoch) {
                found = p;
                break;
            }
        }
        refStamp[ref] = epoch;
        refResolved[ref] = found;
        return found;
    }

    /** The values of a field, or {@code null} where it is absent. */
    ValueList values(int ref) {
        int p = resolve(ref);
        return p < 0 ? null : pathValues[p];
    }

    private void reach(int path, Object value) {
        ValueList list = pathValues[path];
        if (pathStamp[path] != epoch) {
            pathStamp[path] = epoch;
            list.clear();
        }
        emit(list, value);
    }

    private static void emit(ValueList list, Object node) {
        if (node instanceof List<?> l) {
            for (Object o : l) {
                emit(list, o);
            }
        } else if (node instanceof Map<?, ?> m && m.containsKey(TEXT_NODE)) {
            emit(list, m.get(TEXT_NODE));
        } else {
            list.add(node);
        }
    }

    /**
     * Mirrors {@link FieldPath#resolve}: a path that ends at {@code t} takes {@code node} whole (a list,
     * even an empty one, exists), and the paths that go on descend.
     */
    private void walk(Object node, FieldTable.Node t) {
        for (int p : t.terminals) {
            reach(p, node);
        }
        if (t.hasChildren()) {
            descend(node, t);
        }
    }

    /** The paths going on below {@code t} at {@code node}: arrays element-wise, flat dotted keys, {@code *}, text nodes. */
    private void descend(Object node, FieldTable.Node t) {
        if (node instanceof List<?> list) {
            for (Object o : list) {
                descend(o, t);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        boolean found = false;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = (String) e.getKey();
            Object value = e.getValue();
            if (t.star != null) {
                walk(value, t.star);
                found = true;
            }
            FieldTable.Node c = key.indexOf('.') < 0 ? t.children.get(key) : dotted(t, key);
            if (c != null) {
                walk(value, c);
                found = true;
            }
        }
        if (!found && map.containsKey(TEXT_NODE) && map.size() <= 2) {
            descend(map.get(TEXT_NODE), t);
        }
    }

    private static FieldTable.Node dotted(FieldTable.Node t, String key) {
        int start = 0;
        FieldTable.Node n = t;
        while (n != null) {
            int dot = key.indexOf('.', start);
            String seg = dot < 0 ? key.substring(start) : key.substring(start, dot);
            n = n.children.get(seg);
            if (dot < 0) {
                return n;
            }
            start = dot + 1;
        }
        return null;
    }

    private void collect(Object node) {
        if (node instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                collect(v);
            }
        } else if (node instanceof List<?> l) {
            for (Object v : l) {
                collect(v);
            }
        } else if (node != null) {
            leaves.add(node);
        }
    }
}
