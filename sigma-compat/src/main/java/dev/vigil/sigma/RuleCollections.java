package dev.vigil.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sigma 1 rule collections: in a multi-document file, a document with {@code action: global} holds
 * attributes merged into every following document, {@code action: reset} forgets them, and
 * {@code action: repeat} repeats the previous document with its own attributes merged in. Files
 * without {@code action} are left as they are.
 */
final class RuleCollections {

    private RuleCollections() {
    }

    static List<YamlNode> expand(List<YamlNode> docs) {
        boolean any = false;
        for (YamlNode d : docs) {
            any |= action(d) != null;
        }
        if (!any) {
            return docs;
        }
        List<YamlNode> out = new ArrayList<>();
        YamlNode.MapNode global = null;
        YamlNode.MapNode previous = null;
        for (YamlNode d : docs) {
            String action = action(d);
            if (!(d instanceof YamlNode.MapNode m)) {
                out.add(d);
                continue;
            }
            if ("global".equals(action)) {
                global = global == null ? without(m, "action") : merge(global, without(m, "action"));
            } else if ("reset".equals(action)) {
                global = null;
            } else if ("repeat".equals(action)) {
                if (previous != null) {
                    previous = merge(previous, without(m, "action"));
                    out.add(previous);
                }
            } else {
                previous = global == null ? m : merge(global, m);
                out.add(previous);
            }
        }
        return out;
    }

    private static String action(YamlNode d) {
        return d instanceof YamlNode.MapNode m && m.get("action") instanceof YamlNode.Scalar s
                && s.value() instanceof String a ? a : null;
    }

    private static YamlNode.MapNode without(YamlNode.MapNode m, String key) {
        Map<String, YamlNode> e = new LinkedHashMap<>(m.entries());
        e.remove(key);
        return new YamlNode.MapNode(e, new LinkedHashMap<>(m.keyPositions()), m.line(), m.column());
    }

    /** {@code over} merged into {@code base}: maps merge key by key, anything else replaces. */
    static YamlNode.MapNode merge(YamlNode.MapNode base, YamlNode.MapNode over) {
        Map<String, YamlNode> e = new LinkedHashMap<>(base.entries());
        Map<String, int[]> p = new LinkedHashMap<>(base.keyPositions());
        for (var x : over.entries().entrySet()) {
            YamlNode old = e.get(x.getKey());
            e.put(x.getKey(), old instanceof YamlNode.MapNode om && x.getValue() instanceof YamlNode.MapNode nm
                    ? merge(om, nm) : x.getValue());
            int[] pos = over.keyPositions().get(x.getKey());
            if (pos != null) {
                p.put(x.getKey(), pos);
            }
        }
        return new YamlNode.MapNode(e, p, over.line(), over.column());
    }
}
