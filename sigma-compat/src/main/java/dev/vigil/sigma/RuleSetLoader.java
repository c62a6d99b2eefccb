package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.ReferenceCycles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads a set of Sigma files: reads every document, sorts rules from filters, then compiles each
 * rule with the filters that name it. One bad document never stops the others.
 */
final class RuleSetLoader {

    /** A parsed document and the file it came from. */
    record Doc(String file, YamlNode.MapNode node) {
    }

    /** A Sigma filter: where it is, its log source and the detection it adds to the rules it names. */
    private record Filter(Doc doc, YamlNode.MapNode detection) {

        /**
         * Whether the filter applies to {@code rule}: as in pySigma, each log source dimension the
         * filter sets must equal the rule's (case-insensitive).
         */
        boolean covers(YamlNode.MapNode rule) {
            for (String d : List.of("product", "category", "service")) {
                String mine = dimension(doc.node, d);
                if (mine != null && !mine.equalsIgnoreCase(Objects.toString(dimension(rule, d), ""))) {
                    return false;
                }
            }
            return true;
        }

        private static String dimension(YamlNode.MapNode node, String key) {
            return node.get("logsource") instanceof YamlNode.MapNode ls && ls.get(key) instanceof YamlNode.Scalar s
                    && s.value() != null ? s.text() : null;
        }
    }

    private final RuleCompiler compiler;
    private final CorrelationCompiler correlationCompiler;
    private final LegacyAggregation legacy;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Doc> rules = new ArrayList<>();
    private final List<Doc> correlationDocs = new ArrayList<>();
    private final List<Doc> filters = new ArrayList<>();
    /** Every document read, in the order read, by its origin (for export). */
    private final Map<String, List<YamlNode.MapNode>> byOrigin = new LinkedHashMap<>();
    /** For export: where each origin's documents go, relative to the output folder. */
    private final Map<String, String> exportPaths = new HashMap<>();
    private int documents;

    private final RuleLimits limits;
    private final RuleFilter filter;

    RuleSetLoader(LogsourceMapping mapping, LogsourceMode mode, Map<String, List<String>> placeholders,
            RuleLimits limits, RuleFilter filter) {
        this.limits = limits;
        this.filter = filter;
        this.compiler = new RuleCompiler(mapping, mode, placeholders, limits);
        this.correlationCompiler = new CorrelationCompiler(mapping, limits);
        this.legacy = new LegacyAggregation(mapping, limits);
    }

    LoadResult load(Collection<Path> paths) {
        return load(paths, List.of());
    }

    /** Files and folders, and texts that are not files, loaded together: references resolve across them. */
    LoadResult load(Collection<Path> paths, Collection<SigmaText> texts) {
        read(paths, texts);
        return compileAll();
    }

    /** Reads every document of the files, folders and texts, without compiling them. */
    private void read(Collection<Path> paths, Collection<SigmaText> texts) {
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    Path root = path.toAbsolutePath().normalize();
                    String top = root.getFileName() == null ? "rules" : root.getFileName().toString();
                    walk.filter(Files::isRegularFile).filter(RuleSetLoader::isYaml).sorted().forEach(f -> {
                        exportPaths.put(f.toString(), top + "/" + root.relativize(f.toAbsolutePath().normalize())
                                .toString().replace('\\', '/'));
                        readFile(f);
                    });
                } catch (IOException e) {
                    problems.add(Problem.error(SourcePosition.of(path.toString(), 0), "cannot list folder: " + e.getMessage()));
                }
            } else if (Files.exists(path)) {
                readFile(path); // a regular file, or a pipe or device such as /dev/stdin
            } else {
                problems.add(Problem.error(SourcePosition.of(path.toString(), 0), "no such file or folder"));
            }
        }
        for (SigmaText t : texts) {
            if (t.yaml().length() > limits.maxFileBytes()) {
                documents++;
                problems.add(Problem.error(SourcePosition.of(t.origin(), 0), "a rule text larger than "
                        + limits.maxFileBytes() + " characters (RuleLimits.maxFileBytes) is not read"));
            } else {
                readText(t.yaml(), t.origin());
            }
        }
    }

    /**
     * The documents of the files, folders and texts, by where they go under an export folder: a file of
     * a folder {@code rules} at {@code rules/a/b.yml}, a file given alone by its name, a pack's resource
     * {@code x.jar!/r/c.yml} at {@code x.jar/r/c.yml}. Problems of reading are in {@link #readProblems()}.
     */
    Map<String, List<YamlNode.MapNode>> readForExport(Collection<Path> paths, Collection<SigmaText> texts) {
        read(paths, texts);
        Map<String, List<YamlNode.MapNode>> out = new LinkedHashMap<>();
        byOrigin.forEach((origin, docs) -> out.computeIfAbsent(exportPath(origin), k -> new ArrayList<>()).addAll(docs));
        return out;
    }

    List<Problem> readProblems() {
        return problems;
    }

    private String exportPath(String origin) {
        List<String> kept = new ArrayList<>();
        for (String segment : rawExportPath(origin).split("/")) {
            if (!segment.isEmpty() && !segment.equals(".") && !segment.equals("..")) {
                kept.add(segment);
            }
        }
        return kept.isEmpty() ? "rules.yml" : String.join("/", kept);
    }

    private String rawExportPath(String origin) {
        String known = exportPaths.get(origin);
        if (known != null) {
            return known;
        }
        int bang = origin.indexOf('!');
        if (bang > 0) {
            String jar = Path.of(origin.substring(0, bang)).getFileName().toString();
            String inside = origin.substring(bang + 1);
            return jar + "/" + (inside.startsWith("/") ? inside.substring(1) : inside.replaceAll("[^A-Za-z0-9_.-]", "_") + ".yml");
        }
        Path p = Path.of(origin).getFileName();
        String name = p == null ? "rules.yml" : p.toString();
        return isYaml(Path.of(name)) ? name : name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".yml";
    }

    LoadResult loadString(String yaml, String origin) {
        readText(yaml, origin);
        return compileAll();
    }

    private static boolean isYaml(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    /**
     * Reads a rule file of at most {@link RuleLimits#maxFileBytes()}: a larger regular file is reported
     * unread, and a pipe or a file that grew since is read no further than the limit.
     */
    private void readFile(Path path) {
        String file = path.toString();
        String text;
        int max = limits.maxFileBytes();
        try {
            long size = Files.isRegularFile(path) ? Files.size(path) : 0;
            byte[] bytes = null;
            if (size <= max) {
                try (InputStream in = Files.newInputStream(path)) {
                    bytes = in.readNBytes((int) Math.min((long) max + 1, Integer.MAX_VALUE - 8));
                }
            }
            if (bytes == null || bytes.length > max) {
                documents++;
                problems.add(Problem.error(SourcePosition.of(file, 0), "a rule file larger than " + max
                        + " bytes (RuleLimits.maxFileBytes) is not read" + (bytes == null ? "; it has " + size
                        : " past that")));
                return;
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            documents++;
            problems.add(Problem.error(SourcePosition.of(file, 0), "not UTF-8 text"));
            return;
        } catch (IOException e) {
            documents++;
            problems.add(Problem.error(SourcePosition.of(file, 0), "cannot read: " + e.getMessage()));
            return;
        }
        readText(text, file);
    }

    private void readText(String text, String file) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<YamlNode> docs = new ArrayList<>();
        try {
            for (YamlReader.Document d : YamlReader.readDocuments(text, limits)) {
                if (d.fault() != null) {
                    documents++;
                    YamlReader.YamlException e = d.fault();
                    problems.add(Problem.error(new SourcePosition(file, e.line, e.column, e.field), e.getMessage()));
                } else {
                    docs.add(d.node());
                }
            }
        } catch (YamlReader.YamlException e) {
            documents++;
            problems.add(Problem.error(SourcePosition.of(file, e.line, e.column), e.getMessage()));
            return;
        }
        for (YamlNode d : RuleCollections.expand(docs)) {
            if (d instanceof YamlNode.MapNode m) {
                byOrigin.computeIfAbsent(file, k -> new ArrayList<>()).add(m);
            }
            if (!(d instanceof YamlNode.MapNode m)) {
                documents++;
                problems.add(Problem.error(SourcePosition.of(file, d.line(), d.column()),
                        "a Sigma document is a map, found " + YamlNode.kind(d)));
            } else if (m.get("filter") != null && m.get("detection") == null) {
                filters.add(new Doc(file, m));
            } else if (m.get("correlation") != null) {
                documents++;
                correlationDocs.add(new Doc(file, m));
            } else {
                documents++;
                rules.add(new Doc(file, m));
            }
        }
    }

    private LoadResult compileAll() {
        Map<String, List<Filter>> filtersByRule = collectFilters();
        FilterPlan plan = FilterPlan.of(filter, rules, correlationDocs, problems);
        correlationDocs.removeIf(d -> plan.skips(d.node));
        List<Rule> compiled = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        List<RuleMetadata> referencedOnly = new ArrayList<>();
        Map<String, String> seenIds = new HashMap<>();
        Set<String> loadedKeys = new HashSet<>();
        Set<String> failedKeys = new HashSet<>();
        int loaded = 0;
        for (Doc doc : rules) {
            if (plan.skips(doc.node)) {
                continue;
            }
            List<YamlNode.MapNode> applied = new ArrayList<>();
            for (String key : keys(doc.node)) {
                for (Filter f : filtersByRule.getOrDefault(key, List.of())) {
                    if (applied.contains(f.detection)) {
                        continue; // named by both id and name
                    }
                    if (f.covers(doc.node)) {
                        applied.add(f.detection);
                    } else {
                        problems.add(Problem.warning(new SourcePosition(f.doc.file, f.doc.node.lineOf("logsource"),
                                f.doc.node.columnOf("logsource"), "logsource"), "the filter names rule " + key
                                + " (" + doc.file + ") but its log source does not cover the rule's; not applied"));
                    }
                }
            }
            try {
                if (LegacyAggregation.applies(doc.node)) {
                    // Sigma 1 aggregation: detection rules for its searches, and the correlation over them
                    LegacyAggregation.Translation t = legacy.translate(doc.node, doc.file, problems);
                    List<Rule> parts = new ArrayList<>();
                    for (YamlNode.MapNode part : t.rules()) {
                        parts.add(compiler.compile(part, doc.file, applied, problems));
                    }
                    compiled.addAll(parts);
                    correlations.add(t.correlation());
                    if (plan.referencedOnly(doc.node)) {
                        parts.forEach(r -> referencedOnly.add(r.metadata()));
                        referencedOnly.add(t.correlation().metadata());
                    }
                    loadedKeys.addAll(keys(doc.node));
                    loaded++;
                    continue;
                }
                Rule rule = compiler.compile(doc.node, doc.file, applied, problems);
                if (rule.id() != null) {
                    String before = seenIds.putIfAbsent(rule.id(), doc.file);
                    if (before != null) {
                        problems.add(Problem.warning(rule.source().withField("id"),
                                "rule id " + rule.id() + " is also used in " + before));
                    }
                }
                compiled.add(rule);
                if (plan.referencedOnly(doc.node)) {
                    referencedOnly.add(rule.metadata());
                }
                loadedKeys.addAll(keys(doc.node));
                loaded++;
            } catch (SigmaException | RuntimeException | StackOverflowError e) {
                fail(doc, "rule", e, failedKeys);
            }
        }
        Map<Doc, CorrelationRule> compiledCorrelations = compileCorrelations(loadedKeys, failedKeys);
        compiledCorrelations.forEach((doc, c) -> {
            if (plan.referencedOnly(doc.node)) {
                referencedOnly.add(c.metadata());
            }
        });
        correlations.addAll(compiledCorrelations.values());
        loaded += compiledCorrelations.size();
        return new LoadResult(compiled, correlations, problems, documents, loaded, plan.counts(), referencedOnly);
    }

    /**
     * Compiles the correlation documents and checks that each rule they refer to (by id or name) was
     * loaded, as a rule or as a correlation; a correlation over one that failed fails too.
     *
     * @return the correlations that loaded, by their documents, in file order
     */
    private Map<Doc, CorrelationRule> compileCorrelations(Set<String> loadedKeys, Set<String> failedKeys) {
        Map<Doc, CorrelationRule> parsed = new LinkedHashMap<>();
        for (Doc doc : correlationDocs) {
            try {
                parsed.put(doc, correlationCompiler.compile(doc.node, doc.file, problems));
            } catch (SigmaException | RuntimeException | StackOverflowError e) {
                fail(doc, "correlation", e, failedKeys);
            }
        }
        for (Doc doc : dropCycles(parsed)) {
            failedKeys.addAll(keys(doc.node));
        }
        Set<String> known = new HashSet<>(loadedKeys);
        for (Doc doc : parsed.keySet()) {
            known.addAll(keys(doc.node));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = parsed.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Doc doc = e.getKey();
                String why = null;
                YamlNode at = doc.node;
                YamlNode.MapNode c = (YamlNode.MapNode) doc.node.get("correlation");
                YamlNode rulesNode = c.get("rules");
                List<YamlNode> items = rulesNode instanceof YamlNode.ListNode l ? l.items() : List.of(rulesNode);
                for (int i = 0; i < e.getValue().rules().size() && why == null; i++) {
                    String ref = e.getValue().rules().get(i);
                    at = i < items.size() ? items.get(i) : rulesNode;
                    if (failedKeys.contains(ref) && !known.contains(ref)) {
                        why = "refers to '" + ref + "', which was not loaded (see its own problem)";
                    } else if (!known.contains(ref)) {
                        why = "refers to '" + ref + "', which is neither a rule nor a correlation (by id or name)"
                                + " among the loaded files";
                    }
                }
                if (why != null) {
                    problems.add(Problem.error(new SourcePosition(doc.file, at.line(), at.column(), "correlation.rules"),
                            "the correlation " + why));
                    for (String k : keys(doc.node)) {
                        known.remove(k);
                        failedKeys.add(k);
                    }
                    it.remove();
                    changed = true;
                }
            }
        }
        return parsed;
    }

    /**
     * Reports why {@code doc} (a {@code what}) did not compile; whatever refers to it fails too. An
     * exception other than a {@link SigmaException} is a bug of ours, and a stack overflow a limit we
     * missed: either costs this document only, never the rest of the load.
     */
    private void fail(Doc doc, String what, Throwable e, Set<String> failedKeys) {
        if (e instanceof SigmaException s) {
            problems.add(Problem.error(new SourcePosition(doc.file, s.line, s.column, s.field), s.getMessage()));
        } else if (e instanceof StackOverflowError) {
            problems.add(Problem.error(SourcePosition.of(doc.file, doc.node.line(), doc.node.column()),
                    "cannot compile this " + what + ": it nests too deeply for the stack of this thread"));
        } else {
            problems.add(Problem.error(SourcePosition.of(doc.file, doc.node.line(), doc.node.column()),
                    "cannot compile this " + what + " (internal error, please report): " + e));
        }
        failedKeys.addAll(keys(doc.node));
    }

    /** Rejects the correlations that refer, through other correlations, back to themselves. */
    private Set<Doc> dropCycles(Map<Doc, CorrelationRule> parsed) {
        List<Doc> docs = new ArrayList<>(parsed.keySet());
        Map<String, Integer> byKey = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            for (String k : keys(docs.get(i).node)) {
                byKey.putIfAbsent(k, i);
            }
        }
        int[][] refs = new int[docs.size()][];
        for (int i = 0; i < docs.size(); i++) {
            refs[i] = parsed.get(docs.get(i)).rules().stream().map(byKey::get).filter(Objects::nonNull)
                    .mapToInt(Integer::intValue).toArray();
        }
        boolean[] cyclic = ReferenceCycles.onCycle(refs);
        Set<Doc> dropped = new java.util.LinkedHashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            if (!cyclic[i]) {
                continue;
            }
            Doc start = docs.get(i);
            dropped.add(start);
            List<String> names = new ArrayList<>();
            for (int d : shortestCycle(i, refs, cyclic)) {
                names.add(d < 0 ? "..." : parsed.get(docs.get(d)).key());
            }
            YamlNode.MapNode c = (YamlNode.MapNode) start.node.get("correlation");
            problems.add(Problem.error(new SourcePosition(start.file, c.lineOf("rules"), c.columnOf("rules"),
                    "correlation.rules"), "the correlation is part of a cycle: " + String.join(" -> ", names)));
        }
        dropped.forEach(parsed::remove);
        return dropped;
    }

    /** How many correlations a cycle named in a problem may have before it is shortened to its start. */
    private static final int MAX_CYCLE_SHOWN = 20;

    /**
     * The shortest cycle from {@code start} back to it, start to start, found breadth-first among the
     * nodes on cycles; a longer cycle than {@link #MAX_CYCLE_SHOWN} is shown as its first steps and -1.
     */
    private static List<Integer> shortestCycle(int start, int[][] refs, boolean[] cyclic) {
        Map<Integer, Integer> parent = new HashMap<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        queue.add(start);
        int last = -1;
        while (!queue.isEmpty() && last < 0 && parent.size() <= MAX_CYCLE_SHOWN * MAX_CYCLE_SHOWN) {
            int v = queue.poll();
            for (int w : refs[v]) {
                if (w == start) {
                    last = v;
                    break;
                }
                if (cyclic[w] && parent.putIfAbsent(w, v) == null) {
                    queue.add(w);
                }
            }
        }
        List<Integer> path = new ArrayList<>();
        path.add(start);
        for (int v = last; v >= 0 && v != start; v = parent.get(v)) {
            path.add(1, v);
        }
        if (last < 0 || path.size() > MAX_CYCLE_SHOWN) {
            List<Integer> shown = new ArrayList<>(path.subList(0, Math.min(path.size(), MAX_CYCLE_SHOWN)));
            shown.add(-1);
            shown.add(start);
            return shown;
        }
        path.add(start);
        return path;
    }

    /** The id and name of a rule document, by which filters refer to it. */
    static List<String> keys(YamlNode.MapNode node) {
        List<String> keys = new ArrayList<>(2);
        for (String k : List.of("id", "name")) {
            if (node.get(k) instanceof YamlNode.Scalar s && s.value() != null) {
                keys.add(s.text());
            }
        }
        return keys;
    }

    /**
     * Sigma filters (filters specification): a document with {@code logsource} and a {@code filter}
     * holding {@code rules} (ids or names), search identifiers and a {@code condition}. The filter's
     * condition is AND-ed to the condition of each rule it names whose log source it covers (pySigma).
     */
    private Map<String, List<Filter>> collectFilters() {
        Map<String, List<Filter>> byRule = new HashMap<>();
        for (Doc doc : filters) {
            YamlNode f = doc.node.get("filter");
            SourcePosition at = SourcePosition.of(doc.file, doc.node.line(), doc.node.column());
            if (!(f instanceof YamlNode.MapNode filter)) {
                problems.add(Problem.error(at.withField("filter"), "filter is a map"));
                continue;
            }
            YamlNode rulesNode = filter.get("rules");
            List<String> targets = new ArrayList<>();
            List<YamlNode> items = rulesNode instanceof YamlNode.ListNode l ? l.items()
                    : rulesNode == null ? List.of() : List.of(rulesNode);
            for (YamlNode item : items) {
                if (item instanceof YamlNode.Scalar s && s.value() != null) {
                    targets.add(s.text());
                }
            }
            if (targets.isEmpty()) {
                problems.add(Problem.error(new SourcePosition(doc.file, filter.line(), filter.column(), "filter.rules"),
                        "the filter names no rules"));
                continue;
            }
            if (filter.get("condition") == null) {
                problems.add(Problem.error(new SourcePosition(doc.file, filter.line(), filter.column(), "filter.condition"),
                        "the filter has no condition"));
                continue;
            }
            Map<String, YamlNode> detection = new LinkedHashMap<>(filter.entries());
            detection.remove("rules");
            Map<String, int[]> positions = new LinkedHashMap<>(filter.keyPositions());
            Filter det = new Filter(doc, new YamlNode.MapNode(detection, positions, filter.line(), filter.column()));
            for (String t : targets) {
                byRule.computeIfAbsent(t, k -> new ArrayList<>()).add(det);
            }
        }
        return byRule;
    }
}
