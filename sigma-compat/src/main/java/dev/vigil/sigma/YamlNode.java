package dev.vigil.sigma;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line and column it starts at, so that every problem found while compiling
 * a rule can say where it is.
 */
sealed interface YamlNode {

    int line();

    int column();

    /** A mapping; keys keep their order and their own positions. */
    record MapNode(Map<String, YamlNode> entries, Map<String, int[]> keyPositions, int line, int column)
            implements YamlNode {
        YamlNode get(String key) {
            return entries.get(key);
        }

        /** The line of a key, or the map's own line where the key is absent. */
        int lineOf(String key) {
            int[] p = keyPositions.get(key);
            return p == null ? line : p[0];
        }

        int columnOf(String key) {
            int[] p = keyPositions.get(key);
            return p == null ? column : p[1];
        }

        static MapNode empty(int line, int column) {
            return new MapNode(new LinkedHashMap<>(), new LinkedHashMap<>(), line, column);
        }
    }

    /** A sequence. */
    record ListNode(List<YamlNode> items, int line, int column) implements YamlNode {
    }

    /**
     * A scalar: {@code value} is a String, Integer/Long/BigInteger, Double/BigDecimal, Boolean or null,
     * as the YAML 1.2 core schema reads a plain scalar ({@link CoreSchema}); {@code text} is the scalar as written.
     */
    record Scalar(Object value, String text, int line, int column) implements YamlNode {
        boolean isNull() {
            return value == null;
        }
    }

    /** A short description of the node's kind, for messages. */
    static String kind(YamlNode node) {
        if (node instanceof MapNode) {
            return "a map";
        }
        if (node instanceof ListNode) {
            return "a list";
        }
        Object v = ((Scalar) node).value();
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}
