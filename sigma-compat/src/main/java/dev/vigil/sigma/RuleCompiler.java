package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.StringMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Compiles one Sigma rule document (metadata, log source, detection) into a core {@link Rule}. */
final class RuleCompiler {

    private static final Set<String> STATUSES = Set.of("stable", "test", "experimental", "deprecated", "unsupported");
    private static final List<String> HINTS = List.of("product", "category", "service");
    private static final Set<String> KNOWN = Set.of("title", "id", "name", "related", "taxonomy", "status",
            "description", "license", "references", "author", "date", "modified", "logsource", "detection",
            "fields", "falsepositives", "level", "tags", "scope");

    private final LogsourceMapping mapping;
    private final LogsourceMode mode;
    private final Map<String, List<String>> placeholders;
    private final RuleLimits limits;

    RuleCompiler(LogsourceMapping mapping, LogsourceMode mode, Map<String, List<String>> placeholders,
            RuleLimits limits) {
        this.mapping = mapping;
        this.mode = mode;
        this.placeholders = placeholders;
        this.limits = limits;
    }

    /**
     * Compiles {@code doc}; {@code filters} are extra detections (from Sigma filters) the event must
     * also satisfy, each compiled under the rule's own log source.
     */
    Rule compile(YamlNode.MapNode doc, String file, List<YamlNode.MapNode> filters, List<Problem> warnings)
            throws SigmaException {
        RuleMetadata.Builder m = metadata(doc, file, "rule", warnings);
        for (var e : doc.entries().entrySet()) {
            if (!KNOWN.contains(e.getKey()) && e.getValue() instanceof YamlNode.Scalar s && s.value() != null) {
                m.custom(e.getKey(), s.value());
            }
        }
        Rule.Builder b = Rule.builder().metadata(m.build());
        b.fields(stringList(doc, "fields"));

        LogSource logSource = logSource(doc);
        b.logSource(logSource);
        b.condition(gate(logSource, detection(doc), filters));
        return b.build();
    }

    /** The rule's log source, its dimensions lower-cased. */
    static LogSource logSource(YamlNode.MapNode doc) throws SigmaException {
        YamlNode lsNode = doc.get("logsource");
        if (lsNode == null) {
            throw new SigmaException("the rule has no logsource", doc, "logsource");
        }
        if (!(lsNode instanceof YamlNode.MapNode ls)) {
            throw new SigmaException("logsource is a map, found " + YamlNode.kind(lsNode), lsNode, "logsource");
        }
        return new LogSource(lower(optString(ls, "product")), lower(optString(ls, "category")),
                lower(optString(ls, "service")));
    }

    static YamlNode.MapNode detection(YamlNode.MapNode doc) throws SigmaException {
        YamlNode detNode = doc.get("detection");
        if (!(detNode instanceof YamlNode.MapNode detection)) {
            throw new SigmaException(detNode == null ? "the rule has no detection"
                    : "detection is a map, found " + YamlNode.kind(detNode), detNode == null ? doc : detNode, "detection");
        }
        return detection;
    }

    /**
     * The metadata every Sigma rule document carries, detection or correlation ({@code what} names the
     * kind in errors): a title is required, an unknown level is an error, an unknown status a warning.
     */
    static RuleMetadata.Builder metadata(YamlNode.MapNode doc, String file, String what, List<Problem> warnings)
            throws SigmaException {
        String title = optString(doc, "title");
        if (title == null) {
            throw new SigmaException("the " + what + " has no title", doc, "title");
        }
        RuleMetadata.Builder m = RuleMetadata.builder().source(new SourcePosition(file, doc.line(), doc.column(), null))
                .title(title).id(optString(doc, "id")).name(optString(doc, "name"))
                .description(optString(doc, "description")).author(optString(doc, "author"))
                .tags(stringList(doc, "tags")).references(stringList(doc, "references"))
                .falsePositives(stringList(doc, "falsepositives"));
        String status = optString(doc, "status");
        if (status != null && !STATUSES.contains(status)) {
            warnings.add(Problem.warning(new SourcePosition(file, doc.lineOf("status"), doc.columnOf("status"), "status"),
                    "unknown status '" + status + "'"));
        }
        m.status(status);
        String level = optString(doc, "level");
        if (level != null) {
            Level l = Level.parse(level);
            if (l == null) {
                throw new SigmaException("unknown level '" + level + "' (informational, low, medium, high, critical)",
                        doc.get("level"), "level");
            }
            m.level(l);
        }
        return m;
    }

    /** The detection under the rule's log source, as {@link LogsourceMode} says. */
    private Condition gate(LogSource ls, YamlNode.MapNode detection, List<YamlNode.MapNode> filters)
            throws SigmaException {
        if (mode == LogsourceMode.IGNORE) {
            return detect(detection, filters, FieldRef::of);
        }
        Condition hinted = hinted(ls);
        if (mode == LogsourceMode.HINTS) {
            return Condition.all(List.of(hinted, detect(detection, filters, FieldRef::of)));
        }
        Map<String, FieldRef> defaultFields = new HashMap<>();
        Condition plain = detect(detection, filters, name -> defaultFields.computeIfAbsent(name, n -> mapping.field(n, null)));
        boolean anyDimension = ls.product() != null || ls.category() != null || ls.service() != null;
        if (!anyDimension) {
            return plain;
        }
        Condition hasHints = hasHints();
        Condition byHints = Condition.all(List.of(hasHints, hinted, plain));
        List<LogsourceMapping.Entry> entries = mapping.entriesFor(ls);
        if (entries.isEmpty()) {
            return byHints;
        }
        // entries with the same renames share one compiled detection
        Map<LogsourceMapping.Naming, List<Condition>> byRenames = new LinkedHashMap<>();
        for (LogsourceMapping.Entry e : entries) {
            byRenames.computeIfAbsent(e.naming(), r -> new ArrayList<>()).add(mapping.check(e));
        }
        List<Condition> alternatives = new ArrayList<>();
        for (var e : byRenames.entrySet()) {
            Condition det = e.getKey().isNone() ? plain : detect(detection, filters, renamed(e.getKey()));
            alternatives.add(Condition.all(List.of(Condition.any(e.getValue()), det)));
        }
        Condition byMapping = Condition.all(List.of(Condition.not(hasHints), Condition.any(alternatives)));
        return Condition.any(List.of(byHints, byMapping));
    }

    /**
     * One way an event meets a rule's log source: the check, the fields it reads, and the fields the
     * detection reads under it. A rule is true when, for some gate, the check and the detection are.
     */
    record Gate(String label, Condition check, List<FieldRef> reads, Function<String, FieldRef> fields) {
    }

    /** The gates of {@code ls}, as {@link #gate} combines them into the rule's condition. */
    List<Gate> gates(LogSource ls) {
        if (mode == LogsourceMode.IGNORE) {
            return List.of(new Gate("not checked (logsource mode ignore)", Condition.TRUE, List.of(), FieldRef::of));
        }
        List<FieldRef> hintFields = HINTS.stream().map(FieldRef::of).toList();
        if (mode == LogsourceMode.HINTS) {
            return List.of(new Gate("the event's product/category/service, where it gives them", hinted(ls),
                    hintFields, FieldRef::of));
        }
        Function<String, FieldRef> plain = renamed(LogsourceMapping.Naming.NONE);
        if (ls.product() == null && ls.category() == null && ls.service() == null) {
            return List.of(new Gate("any event (the rule names no product, category or service)", Condition.TRUE,
                    List.of(), plain));
        }
        Condition hasHints = hasHints();
        List<Gate> gates = new ArrayList<>();
        gates.add(new Gate("the event gives product/category/service, and they agree", Condition.all(
                List.of(hasHints, hinted(ls))), hintFields, plain));
        Map<LogsourceMapping.Naming, List<LogsourceMapping.Entry>> byRenames = new LinkedHashMap<>();
        for (LogsourceMapping.Entry e : mapping.entriesFor(ls)) {
            byRenames.computeIfAbsent(e.naming(), r -> new ArrayList<>()).add(e);
        }
        for (var group : byRenames.entrySet()) {
            List<Condition> checks = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            Map<String, FieldRef> reads = new LinkedHashMap<>();
            for (LogsourceMapping.Entry e : group.getValue()) {
                checks.add(mapping.check(e));
                List<String> parts = new ArrayList<>();
                for (var c : e.conditions().entrySet()) {
                    reads.computeIfAbsent(LogsourceMapping.conditionField(c.getKey()), n -> mapping.field(n, null));
                    List<String> values = c.getValue().stream().map(v -> v instanceof Number
                            ? SigmaValue.numberText(v) : "'" + v + "'").toList();
                    parts.add(c.getKey() + (values.size() == 1 ? " = " + values.get(0) : " in " + values));
                }
                texts.add(String.join(" and ", parts));
            }
            gates.add(new Gate("mapped: " + String.join(" or ", texts), Condition.all(List.of(Condition.not(hasHints),
                    Condition.any(checks))), List.copyOf(reads.values()), renamed(group.getKey())));
        }
        return gates;
    }

    /** The detection section under {@code fields}, built into {@code tree}. */
    <T> T detect(YamlNode.MapNode detection, Function<String, FieldRef> fields, DetectionTree<T> tree)
            throws SigmaException {
        return new DetectionCompiler(fields, placeholders, limits).compile(detection, tree);
    }

    /**
     * True when the event gives a product, category or service as a top-level value (a string, number or
     * boolean); null gives nothing, nor does an object (ECS's {@code service: {name: ...}}), nor do these
     * fields in an event of a log that writes them as its own data ({@code hints_are_data}).
     */
    private Condition hasHints() {
        Condition given = Condition.any(HINTS.stream().<Condition>map(h -> new Condition.Match(FieldRef.of(h),
                StringMatcher.startsWith("", false))).toList());
        Condition own = mapping.hintsAreData();
        return own == Condition.FALSE ? given : Condition.all(List.of(given, Condition.not(own)));
    }

    private Function<String, FieldRef> renamed(LogsourceMapping.Naming naming) {
        Map<String, FieldRef> cache = new HashMap<>();
        return name -> cache.computeIfAbsent(name, n -> mapping.fieldUnder(n, naming));
    }

    private Condition detect(YamlNode.MapNode detection, List<YamlNode.MapNode> filters,
                             Function<String, FieldRef> fields) throws SigmaException {
        DetectionCompiler compiler = new DetectionCompiler(fields, placeholders, limits);
        Condition c = compiler.compile(detection);
        if (filters.isEmpty()) {
            return c;
        }
        List<Condition> all = new ArrayList<>();
        all.add(c);
        for (YamlNode.MapNode f : filters) {
            all.add(compiler.compile(f));
        }
        return Condition.all(all);
    }

    /**
     * True unless the event declares a product/category/service that differs from the rule's. A hint
     * field that is absent or null declares nothing.
     */
    private static Condition hinted(LogSource ls) {
        List<Condition> checks = new ArrayList<>();
        addHint(checks, "product", ls.product());
        addHint(checks, "category", ls.category());
        addHint(checks, "service", ls.service());
        return Condition.all(checks);
    }

    private static void addHint(List<Condition> checks, String dimension, String value) {
        if (value == null) {
            return;
        }
        FieldRef f = FieldRef.of(dimension);
        checks.add(Condition.any(List.of(new Condition.IsNull(f),
                new Condition.Match(f, StringMatcher.equalTo(value, false)))));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    static String optString(YamlNode.MapNode m, String key) throws SigmaException {
        YamlNode n = m.get(key);
        if (n == null || n instanceof YamlNode.Scalar s && s.isNull()) {
            return null;
        }
        if (n instanceof YamlNode.Scalar s) {
            return s.value() instanceof String str ? str : s.text();
        }
        throw new SigmaException("'" + key + "' is a single value, found " + YamlNode.kind(n), n, key);
    }

    static List<String> stringList(YamlNode.MapNode m, String key) throws SigmaException {
        YamlNode n = m.get(key);
        if (n == null || n instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<YamlNode> items = n instanceof YamlNode.ListNode l ? l.items() : List.of(n);
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s && s.value() != null) {
                out.add(s.value() instanceof String str ? str : s.text());
            } else if (!(item instanceof YamlNode.Scalar)) {
                throw new SigmaException("'" + key + "' is a list of values, found " + YamlNode.kind(item), item, key);
            }
        }
        return out;
    }
}
