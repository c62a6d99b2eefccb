package dev.vigil.core.match;

import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.FieldRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every field the rules of an engine read, numbered, with a trie of their paths, so that one walk
 * over an event finds the values of all of them at once instead of one lookup per field and rule.
 */
final class FieldTable {

    /**
     * A trie node: children by key segment, a wildcard child, the paths that end here, and the paths
     * that go on below (for the text-node rule of {@link FieldPath}, which is decided per path).
     */
    static final class Node {
        final Map<String, Node> children = new HashMap<>();
        Node star;
        int[] terminals = new int[0];
        int[] below = new int[0];

        Node child(String segment) {
            if (segment.equals("*")) {
                if (star == null) {
                    star = new Node();
                }
                return star;
            }
            return children.computeIfAbsent(segment, k -> new Node());
        }

        boolean hasChildren() {
            return star != null || !children.isEmpty();
        }
    }

    final List<FieldRef> refs = new ArrayList<>();
    private final Map<FieldRef, Integer> refIndex = new HashMap<>();
    final List<FieldPath> paths = new ArrayList<>();
    private final Map<FieldPath, Integer> pathIndex = new LinkedHashMap<>();
    /** For each field, the indices of its paths, in lookup order. */
    final List<int[]> refPaths = new ArrayList<>();
    final Node root = new Node();

    /** The number of a field, adding it (and its paths) when new. */
    int add(FieldRef ref) {
        Integer known = refIndex.get(ref);
        if (known != null) {
            return known;
        }
        int id = refs.size();
        refs.add(ref);
        refIndex.put(ref, id);
        int[] ps = new int[ref.paths().size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = addPath(ref.paths().get(i));
        }
        refPaths.add(ps);
        return id;
    }

    private int addPath(FieldPath path) {
        Integer known = pathIndex.get(path);
        if (known != null) {
            return known;
        }
        int id = paths.size();
        paths.add(path);
        pathIndex.put(path, id);
        Node n = root;
        for (String segment : path.segments()) {
            n.below = append(n.below, id);
            n = n.child(segment);
        }
        n.terminals = append(n.terminals, id);
        return id;
    }

    private static int[] append(int[] a, int v) {
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }
}
