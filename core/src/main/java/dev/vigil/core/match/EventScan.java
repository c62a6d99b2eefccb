package dev.vigil.core.match;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
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
    /** For each path: the {@link #clock} of its last value, to tell which paths a text node holds. */
    private final long[] lastReach;
    private long clock;
    /** The paths reached in this event, in the order first reached. */
    int[] reached = new int[16];
    int reachedCount;
    final ValueList leaves = new ValueList();
    Event event;

    /** Values of one path in one event: the raw value, its text (or null) and its lower-case text. */
    static final class ValueList {
        Object[] raw = new Object[4];
        String[] text = new String[4];
        String[] lower = new String[4];
        int size;

        void add(Object v) {
            String t = Values.text(v);
            add(v, t, t == null ? null : t.toLowerCase(Locale.ROOT));
        }

        void add(Object v, String t, String lowered) {
            if (size == raw.length) {
                raw = Arrays.copyOf(raw, size * 2);
                text = Arrays.copyOf(text, size * 2);
                lower = Arrays.copyOf(lower, size * 2);
            }
            raw[size] = v;
            text[size] = t;
            lower[size] = lowered;
            size++;
        }

        /** Whether every value is null (true for none): the field tests as null. */
        boolean allNull() {
            for (int i = 0; i < size; i++) {
                if (raw[i] != null) {
                    return false;
                }
            }
            return true;
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
        this.lastReach = new long[np];
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
        leafCursor = 0;
        reachedCount = 0;
        Map<String, Object> fields = e.fields();
        // leaves first: the walk then takes each value's text from its leaf instead of lower-casing it again
        if (collectLeaves) {
            collect(fields);
        }
        walk(fields, table.root, null);
    }

    /** How far {@link #leafOf} looks for a value among the leaves before it computes the text itself. */
    private static final int LEAF_SEARCH = 32;
    private int leafCursor;

    /**
     * The index of {@code v} (by identity) among the leaves, or -1. The walk meets values in the order
     * {@link #collect} did, so the search starts after the last leaf found and is almost always one step.
     */
    private int leafOf(Object v) {
        Object[] raw = leaves.raw;
        int n = leaves.size;
        int i = leafCursor;
        for (int k = Math.min(n, LEAF_SEARCH); k > 0; k--) {
            if (i >= n) {
                i = 0;
            }
            if (raw[i] == v) {
                leafCursor = i + 1;
                return i;
            }
            i++;
        }
        return -1;
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
            if (reachedCount == reached.length) {
                reached = Arrays.copyOf(reached, reachedCount * 2);
            }
            reached[reachedCount++] = path;
        }
        lastReach[path] = ++clock;
        emit(list, value);
    }

    private void emit(ValueList list, Object node) {
        if (node instanceof List<?> l) {
            for (Object o : l) {
                emit(list, o);
            }
        } else if (node instanceof Map<?, ?> m && m.containsKey(TEXT_NODE)) {
            emit(list, m.get(TEXT_NODE));
        } else {
            int leaf = collectLeaves && node != null ? leafOf(node) : -1;
            if (leaf >= 0) {
                list.add(node, leaves.text[leaf], leaves.lower[leaf]);
            } else {
                list.add(node);
            }
        }
    }

    /**
     * Mirrors {@link FieldPath#resolve} for every path at once: a path that ends at {@code t} takes
     * {@code node} whole (a list, even an empty one, exists), and the paths that go on descend.
     * {@code allowed} (null: all) limits the paths reached, for the text-node rule.
     */
    private void walk(Object node, FieldTable.Node t, boolean[] allowed) {
        for (int p : t.terminals) {
            if (allowed == null || allowed[p]) {
                reach(p, node);
            }
        }
        if (t.hasChildren()) {
            descend(node, t, allowed);
        }
    }

    /** The paths going on below {@code t} at {@code node}: arrays element-wise, flat dotted keys, {@code *}, text nodes. */
    private void descend(Object node, FieldTable.Node t, boolean[] allowed) {
        if (node instanceof List<?> list) {
            for (Object o : list) {
                descend(o, t, allowed);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        long start = clock;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            if (t.star != null) {
                walk(value, t.star, allowed);
            }
            if (e.getKey() instanceof String key) {
                FieldTable.Node c = key.indexOf('.') < 0 ? t.children.get(key) : dotted(t, key);
                if (c != null) {
                    walk(value, c, allowed);
                }
            }
        }
        // a path found nowhere in a text node ({"#text": v, "#attributes": ...}) is looked for in v;
        // the reference decides this per path, so only the paths not reached here go on into v
        if (map.size() <= 2 && map.containsKey(TEXT_NODE)) {
            boolean[] missing = null;
            for (int p : t.below) {
                if ((allowed == null || allowed[p]) && lastReach[p] <= start) {
                    if (missing == null) {
                        missing = new boolean[pathStamp.length];
                    }
                    missing[p] = true;
                }
            }
            if (missing != null) {
                descend(map.get(TEXT_NODE), t, missing);
            }
        }
    }

    /** The node of a flat key holding dots ({@code a.b}), a {@code *} segment matching a wildcard path segment. */
    private static FieldTable.Node dotted(FieldTable.Node t, String key) {
        int start = 0;
        FieldTable.Node n = t;
        while (n != null) {
            int dot = key.indexOf('.', start);
            String seg = dot < 0 ? key.substring(start) : key.substring(start, dot);
            n = seg.equals("*") ? n.star : n.children.get(seg);
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
