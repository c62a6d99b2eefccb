package dev.vigil.core.event;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A compiled path to a field of an {@link Event}: a name such as {@code Image}, a dotted path such as
 * {@code Event.EventData.Image}, or a mix of both. At each level of the event the path tries every
 * way of grouping its remaining segments into one key, so a flat key that itself contains dots
 * ({@code process.name}) is found as well as the nested object {@code process → name}. A segment
 * {@code *} stands for any key at its level. Arrays met on the way or at the end are walked
 * element-wise, and an XML-style text node ({@code {"#text": v, "#attributes": ...}}, as evtx_dump
 * prints) stands for its text {@code v}.
 *
 * <p>Instances are immutable and cheap to evaluate; build them once, when rules are compiled.
 */
public final class FieldPath {

    /** The key of an XML-style text node ({@code {"#text": v, "#attributes": ...}}), which stands for its text. */
    public static final String TEXT_NODE = "#text";

    private final String text;
    private final String[] segments;
    /** keys[i][j]: segments i..j joined with dots. */
    private final String[][] keys;

    private FieldPath(String text) {
        this.text = text;
        this.segments = text.split("\\.", -1);
        int n = segments.length;
        this.keys = new String[n][n];
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = i; j < n; j++) {
                if (j > i) {
                    sb.append('.');
                }
                sb.append(segments[j]);
                keys[i][j] = sb.toString();
            }
        }
    }

    /** Compiles a field name or dotted path. */
    public static FieldPath of(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty field path");
        }
        return new FieldPath(path);
    }

    /** The dot-separated segments, for matchers that walk many paths at once. */
    public List<String> segments() {
        return List.of(segments);
    }

    /** The path as written. */
    public String text() {
        return text;
    }

    /**
     * Feeds every value this path reaches in {@code root} to {@code sink}: array elements one by one,
     * text nodes as their text, a {@code null} value as {@code null}.
     *
     * @return whether the path exists in {@code root}, even with a {@code null} value
     */
    public boolean resolve(Object root, Consumer<Object> sink) {
        return walk(root, 0, sink);
    }

    /** Whether the path exists in {@code root}, even with a {@code null} or empty value. */
    public boolean existsIn(Object root) {
        return walk(root, 0, null);
    }

    private boolean walk(Object node, int i, Consumer<Object> sink) {
        if (i == segments.length) {
            if (sink != null) {
                emit(node, sink);
            }
            return true;
        }
        if (node instanceof Map<?, ?> map) {
            boolean found = false;
            if (segments[i].equals("*") && keys[i].length > 0) {
                for (Object child : map.values()) {
                    found |= walk(child, i + 1, sink);
                    if (found && sink == null) {
                        return true;
                    }
                }
            }
            String[] row = keys[i];
            for (int j = i; j < segments.length; j++) {
                String key = row[j];
                if (map.containsKey(key)) {
                    found |= walk(map.get(key), j + 1, sink);
                    if (found && sink == null) {
                        return true;
                    }
                }
            }
            if (!found && map.containsKey(TEXT_NODE) && map.size() <= 2) {
                return walk(map.get(TEXT_NODE), i, sink);
            }
            return found;
        }
        if (node instanceof List<?> list) {
            boolean found = false;
            for (Object element : list) {
                found |= walk(element, i, sink);
                if (found && sink == null) {
                    return true;
                }
            }
            return found;
        }
        return false;
    }

    static void emit(Object node, Consumer<Object> sink) {
        if (node instanceof List<?> list) {
            for (Object element : list) {
                emit(element, sink);
            }
        } else if (node instanceof Map<?, ?> map && map.containsKey(TEXT_NODE)) {
            emit(map.get(TEXT_NODE), sink);
        } else {
            sink.accept(node);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
