package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.LogSource;
import dev.vigil.sigma.Explanation.Kind;
import dev.vigil.sigma.Explanation.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Says why a Sigma detection rule did or did not match an event ({@link Explanation}), for rule authors:
 * each selection and field item, the condition tree and the log source check, with their truth values.
 * Every item is compiled by the same compiler the {@link SigmaLoader} uses, with its mapping, log source
 * mode and placeholders, so an explanation agrees with the loaded rule. Sigma filters (separate filter
 * documents that add conditions to rules they name) are not part of an explanation: it covers the rule's own
 * log source and detection. Immutable and thread-safe.
 *
 * <pre>{@code
 * Explanation why = RuleExplainer.of(SigmaLoader.builder().build()).explain(Path.of("rule.yml"), event).get(0);
 * System.out.print(why);
 * }</pre>
 */
public final class RuleExplainer {

    private final SigmaLoader loader;

    private RuleExplainer(SigmaLoader loader) {
        this.loader = loader;
    }

    /** An explainer that compiles rules as {@code loader} does. */
    public static RuleExplainer of(SigmaLoader loader) {
        return new RuleExplainer(Objects.requireNonNull(loader, "loader"));
    }

    /**
     * Explains every detection rule of the YAML file {@code file} (correlations and filters in it are
     * skipped) on {@code event}, in the order they are written.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, line and reason, if a rule in it does not compile
     */
    public List<Explanation> explain(Path file, Event event) throws IOException {
        return explain(Files.readString(file, StandardCharsets.UTF_8), file.toString(), event);
    }

    /**
     * Explains every detection rule of {@code yaml} (one or more documents) on {@code event};
     * {@code origin} names the text in errors and in {@link Explanation#source()}.
     *
     * @throws IllegalArgumentException naming the origin, line and reason, if a rule does not compile
     */
    public List<Explanation> explain(String yaml, String origin, Event event) {
        Objects.requireNonNull(event, "event");
        String text = !yaml.isEmpty() && yaml.charAt(0) == '\uFEFF' ? yaml.substring(1) : yaml;
        List<YamlNode> docs = new ArrayList<>();
        try {
            for (YamlReader.Document d : YamlReader.readDocuments(text, loader.limits)) {
                if (d.fault() != null) {
                    throw invalid(origin, d.fault().line, d.fault().column, d.fault().getMessage());
                }
                docs.add(d.node());
            }
        } catch (YamlReader.YamlException e) {
            throw invalid(origin, e.line, e.column, e.getMessage());
        }
        List<Explanation> out = new ArrayList<>();
        for (YamlNode d : RuleCollections.expand(docs)) {
            if (!(d instanceof YamlNode.MapNode m)) {
                throw invalid(origin, d.line(), d.column(), "a Sigma document is a map, found " + YamlNode.kind(d));
            }
            if (m.get("correlation") != null || m.get("filter") != null && m.get("detection") == null) {
                continue;
            }
            try {
                out.add(explain(m, origin, event));
            } catch (SigmaException e) {
                throw invalid(origin, e.line, e.column, e.getMessage());
            }
        }
        return out;
    }

    private static IllegalArgumentException invalid(String origin, int line, int column, String reason) {
        return new IllegalArgumentException(new SourcePosition(origin, line, column, null) + ": " + reason);
    }

    /** The explanation of one rule document. */
    Explanation explain(YamlNode.MapNode doc, String origin, Event event) throws SigmaException {
        if (LegacyAggregation.applies(doc)) {
            throw new SigmaException("the condition aggregates (Sigma 1 '| count()'): it is a correlation,"
                    + " which a single event cannot explain", doc.get("detection"), "detection.condition");
        }
        List<Problem> warnings = new ArrayList<>();
        String title = RuleCompiler.metadata(doc, origin, "rule", warnings).build().title();
        String id = RuleCompiler.optString(doc, "id");
        RuleCompiler compiler = new RuleCompiler(loader.mapping, loader.mode, loader.placeholders, loader.limits);
        LogSource ls = RuleCompiler.logSource(doc);
        YamlNode.MapNode detection = RuleCompiler.detection(doc);

        List<RuleCompiler.Gate> gates = compiler.gates(ls);
        List<Node> options = new ArrayList<>();
        Node shown = null;
        boolean matched = false;
        for (RuleCompiler.Gate g : gates) {
            boolean open = g.check().matches(event);
            Map<String, List<Object>> read = new LinkedHashMap<>();
            for (FieldRef f : g.reads()) {
                read(f, event, read);
            }
            options.add(new Node(Kind.LOGSOURCE_OPTION, g.label(), open, read, List.of()));
            if (open && !matched) {
                Node det = compiler.detect(detection, g.fields(), new Tree(event, g.fields()));
                if (shown == null || det.result()) {
                    shown = det;
                    matched = det.result();
                }
            }
        }
        if (shown == null) {
            shown = compiler.detect(detection, gates.get(0).fields(), new Tree(event, gates.get(0).fields()));
        }
        boolean anyOpen = options.stream().anyMatch(Node::result);
        Node logsource = new Node(Kind.LOGSOURCE, "logsource " + describe(ls), anyOpen, Map.of(), options);
        Node condition = new Node(Kind.CONDITION, "condition: " + conditionText(detection.get("condition")),
                shown.result(), Map.of(), List.of(shown));
        Node root = new Node(Kind.RULE, title, matched, Map.of(), List.of(logsource, condition));
        return new Explanation(title, id, new SourcePosition(origin, doc.line(), doc.column(), null), root);
    }

    private static String describe(LogSource ls) {
        List<String> parts = new ArrayList<>();
        if (ls.product() != null) {
            parts.add("product: " + ls.product());
        }
        if (ls.category() != null) {
            parts.add("category: " + ls.category());
        }
        if (ls.service() != null) {
            parts.add("service: " + ls.service());
        }
        return parts.isEmpty() ? "(none)" : String.join(", ", parts);
    }

    private static String conditionText(YamlNode condition) {
        if (condition instanceof YamlNode.ListNode l) {
            List<String> texts = new ArrayList<>();
            for (YamlNode c : l.items()) {
                texts.add(((YamlNode.Scalar) c).text());
            }
            return String.join(" | ", texts);
        }
        return ((YamlNode.Scalar) condition).text();
    }

    /**
     * Adds the event's values of {@code field} to {@code read}, under the field's name, followed by the path
     * they were found at where that is not the name itself ({@code Image at Event.EventData.NewProcessName}).
     */
    private static void read(FieldRef field, Event event, Map<String, List<Object>> read) {
        String name = field.name();
        for (FieldPath path : field.paths()) {
            if (event.has(path)) {
                List<Object> values = new ArrayList<>();
                event.values(path, values::add);
                read.putIfAbsent(path.text().equals(name) ? name : name + " at " + path.text(), values);
                return;
            }
        }
        read.putIfAbsent(name, List.of());
    }

    /** Builds the explanation nodes of a detection for one event, each item compiled as the rule compiles it. */
    private static final class Tree implements DetectionTree<Node> {
        private final Event event;
        private final Function<String, FieldRef> fields;

        Tree(Event event, Function<String, FieldRef> fields) {
            this.event = event;
            this.fields = fields;
        }

        @Override
        public Node item(String key, FieldRef field, List<YamlNode> values, Condition compiled) {
            List<Object> shown = new ArrayList<>();
            for (YamlNode v : values) {
                shown.add(((YamlNode.Scalar) v).value());
            }
            String written = shown.size() == 1 ? Explanation.show(shown.get(0)) : Explanation.showAll(shown);
            boolean result = compiled.matches(event);
            if (field == null) {
                return new Node(Kind.KEYWORD, "keywords " + written, result, Map.of(), List.of());
            }
            Map<String, List<Object>> read = new LinkedHashMap<>();
            read(field, event, read);
            if (key.contains("|fieldref")) {
                for (Object other : shown) {
                    if (other != null) {
                        read(fields.apply(String.valueOf(other)), event, read);
                    }
                }
            }
            return new Node(Kind.FIELD, key + ": " + written, result, read, List.of());
        }

        @Override
        public Node all(List<Node> parts) {
            return new Node(Kind.AND, "and", parts.stream().allMatch(Node::result), Map.of(), parts);
        }

        @Override
        public Node any(List<Node> parts) {
            return new Node(Kind.OR, "or", parts.stream().anyMatch(Node::result), Map.of(), parts);
        }

        @Override
        public Node not(Node part) {
            return new Node(Kind.NOT, "not", !part.result(), Map.of(), List.of(part));
        }

        @Override
        public Node selection(String name, Node body) {
            return new Node(Kind.SELECTION, name, body.result(), Map.of(),
                    body.kind() == Kind.AND ? body.children() : List.of(body));
        }

        @Override
        public Node of(boolean all, String target, List<Node> selections) {
            boolean result = all ? selections.stream().allMatch(Node::result) : selections.stream().anyMatch(Node::result);
            return new Node(all ? Kind.ALL_OF : Kind.ONE_OF, (all ? "all of " : "1 of ") + target, result, Map.of(),
                    selections);
        }
    }
}
