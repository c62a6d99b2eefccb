package dev.vigil.sigma;

import dev.vigil.core.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Why one Sigma detection rule did or did not match one event, as a tree of {@link Node}s that each
 * carry their truth value: the log source check, and the condition with its and/or/not nodes, its
 * {@code 1 of}/{@code all of} nodes, its search identifiers and, within them, each field item with the
 * event's values for that field. Made by {@link RuleExplainer}; {@link #matched()} is what the compiled
 * rule says of the event.
 */
public final class Explanation {

    /** What a node of the tree stands for. */
    public enum Kind {
        /** The whole rule: its log source and its condition. */
        RULE,
        /** The rule's log source; its children are the ways an event can meet it. */
        LOGSOURCE,
        /** One way to meet the log source (the event's own product/category/service, or a mapping entry). */
        LOGSOURCE_OPTION,
        /** The condition as written; its one child is the expression (several for a list of conditions). */
        CONDITION,
        AND,
        OR,
        NOT,
        /** {@code 1 of pattern} or {@code 1 of them}. */
        ONE_OF,
        /** {@code all of pattern} or {@code all of them}. */
        ALL_OF,
        /** A search identifier (selection) by name. */
        SELECTION,
        /** One field item of a selection: field, modifiers and values. */
        FIELD,
        /** Keywords searched for in every field of the event. */
        KEYWORD
    }

    /**
     * One node: {@code label} says what it tests (for a field item, the item as written in the rule:
     * {@code CommandLine|contains|all: ['/c', 'whoami']}); {@code eventValues} holds, by field name as the
     * mapping resolves it, the event's values of the fields the node reads (an empty list: the field is
     * absent).
     */
    public record Node(Kind kind, String label, boolean result, Map<String, List<Object>> eventValues,
                       List<Node> children) {
        public Node {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
            eventValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventValues));
            children = List.copyOf(children);
        }

        /**
         * The nodes below this one that made it {@code result}, deepest first along each path: for a false
         * rule, the false items and selections that failed it, with the not-nodes turned by a true item.
         */
        public List<Node> causes() {
            List<Node> out = new ArrayList<>();
            collectCauses(this, result, out);
            return out;
        }

        /** The node on one line, as {@link Explanation#toString()} shows it: {@code ✗ User: 'SYSTEM'    event User: absent}. */
        @Override
        public String toString() {
            return line(this, UnaryOperator.identity());
        }

        private static void collectCauses(Node n, boolean wanted, List<Node> out) {
            if (n.children.isEmpty()) {
                if (n.result == wanted) {
                    out.add(n);
                }
                return;
            }
            boolean childWanted = n.kind == Kind.NOT ? !wanted : wanted;
            for (Node c : n.children) {
                if (c.result == childWanted) {
                    collectCauses(c, childWanted, out);
                }
            }
        }
    }

    private final String title;
    private final String id;
    private final SourcePosition source;
    private final Node root;

    Explanation(String title, String id, SourcePosition source, Node root) {
        this.title = title;
        this.id = id;
        this.source = source;
        this.root = root;
    }

    /** Whether the rule matched the event: the log source check and the condition both hold. */
    public boolean matched() {
        return root.result();
    }

    public String title() {
        return title;
    }

    /** The rule's id, or {@code null}. */
    public String id() {
        return id;
    }

    /** Where the rule's document starts. */
    public SourcePosition source() {
        return source;
    }

    /** The whole tree: a {@link Kind#RULE} node whose children are {@link #logsource()} and {@link #condition()}. */
    public Node root() {
        return root;
    }

    public Node logsource() {
        return root.children().get(0);
    }

    public Node condition() {
        return root.children().get(1);
    }

    /** The search identifier {@code name} as the condition used it, or {@code null} if it did not. */
    public Node selection(String name) {
        return find(condition(), name);
    }

    private static Node find(Node n, String name) {
        if (n.kind() == Kind.SELECTION && n.label().equals(name)) {
            return n;
        }
        for (Node c : n.children()) {
            Node f = find(c, name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The tree, one node a line, indented, each marked ✓ (true) or ✗ (false). */
    @Override
    public String toString() {
        return format(UnaryOperator.identity());
    }

    /**
     * The tree as {@link #toString()} prints it, each label and each event value passed through
     * {@code escape} first: a terminal escapes control characters in text that came from the rule or the event.
     */
    public String format(UnaryOperator<String> escape) {
        StringBuilder sb = new StringBuilder();
        format(root, 0, escape, sb);
        return sb.toString();
    }

    private void format(Node n, int depth, UnaryOperator<String> escape, StringBuilder sb) {
        sb.append("  ".repeat(depth));
        if (n.kind() == Kind.RULE) {
            sb.append(n.result() ? "✓ " : "✗ ").append("rule ").append(escape.apply(quote(title)));
            if (source.file() != null) {
                sb.append(" (").append(escape.apply(source.file())).append(':').append(source.line()).append(')');
            }
            sb.append(n.result() ? " matched" : " did not match");
        } else {
            sb.append(line(n, escape));
        }
        sb.append('\n');
        for (Node c : n.children()) {
            format(c, depth + 1, escape, sb);
        }
    }

    /** One node on one line: its mark, its label and the event's values it read. */
    static String line(Node n, UnaryOperator<String> escape) {
        StringBuilder sb = new StringBuilder(n.result() ? "✓ " : "✗ ").append(escape.apply(n.label()));
        if (!n.eventValues().isEmpty()) {
            List<String> shown = new ArrayList<>();
            n.eventValues().forEach((field, values) -> shown.add(escape.apply(field) + ": " + (values.isEmpty()
                    ? "absent" : escape.apply(values.size() == 1 ? show(values.get(0)) : showAll(values)))));
            sb.append("    event ").append(String.join(", ", shown));
        }
        return sb.toString();
    }

    /** A value as the tree shows it: text quoted, numbers, booleans and null as they are. */
    static String show(Object v) {
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Number) {
            return SigmaValue.numberText(v);
        }
        if (v instanceof List<?> l) {
            return showAll(l);
        }
        return String.valueOf(v);
    }

    static String showAll(List<?> values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(show(v));
        }
        return "[" + String.join(", ", out) + "]";
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
