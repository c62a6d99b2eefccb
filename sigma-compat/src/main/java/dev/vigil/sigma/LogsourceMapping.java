package dev.vigil.sigma;

import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.StringMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How Sigma log sources and field names map onto events: which events a log source selects
 * (for example {@code process_creation} = Sysmon EventID 1 or Security EventID 4688), which field
 * names change under it, and where a field name is looked for in an event (flat, or nested as
 * {@code evtx_dump} prints). The format is described in {@code docs/MAPPING.md}.
 *
 * <p>Immutable. {@link #defaults()} covers Windows event logs and the other logs SigmaHQ's rules are written
 * for (cloud, identity providers, Zeek, Linux, macOS, web, network devices, applications); a user file extends it with
 * {@link #extendedWith(Path)}, or replaces it when the file says {@code replace: true}.
 */
public final class LogsourceMapping {

    private static final String DEFAULT_RESOURCE = "default-mapping.yml";
    private static volatile LogsourceMapping defaults;

    /**
     * One log source entry: the key it matches, the conditions it adds (keyed as written, a field name
     * with optional Sigma value modifiers; {@code conditionNode} is the same map as parsed), the renames it
     * applies, whether its log writes field names as spaced words ({@code spaced_names}: {@code NewValue}
     * is also looked for as {@code New Value}), and whether its log writes fields named {@code product},
     * {@code category} or {@code service} as its own data ({@code hints_are_data}).
     */
    record Entry(String id, String product, String category, String service,
                 Map<String, List<Object>> conditions, YamlNode.MapNode conditionNode, Map<String, String> renames,
                 boolean spacedNames, boolean hintsAreData) {

        /** How this entry names fields; entries with equal namings share compiled detections. */
        Naming naming() {
            return new Naming(renames, spacedNames);
        }
    }

    /** The renames of an entry and its {@code spaced_names} option. */
    record Naming(Map<String, String> renames, boolean spaced) {
        static final Naming NONE = new Naming(Map.of(), false);

        boolean isNone() {
            return renames.isEmpty() && !spaced;
        }
    }

    private final List<String> pathTemplates;
    private final Map<String, List<String>> aliases;
    private final List<Entry> entries;
    /**
     * The fields made so far, by (name, mapped name): rules share one {@link FieldRef} (and its paths)
     * per field instead of each building its own, which in the mapped mode, with several paths per
     * field, was most of the memory of a loaded rule set.
     */
    /** The most field references a mapping keeps for reuse (SigmaHQ's rules name a few thousand fields). */
    static final int MAX_CACHED_FIELDS = 50_000;

    private final Map<List<String>, FieldRef> fields = new ConcurrentHashMap<>();
    /** Each entry's conditions, compiled once: rules share them. */
    private final Map<Entry, Condition> checks = new HashMap<>();
    /** True for an event of a log whose own fields are named product/category/service; FALSE when there is none. */
    private final Condition hintsAreData;

    private LogsourceMapping(List<String> pathTemplates, Map<String, List<String>> aliases, List<Entry> entries) {
        this.pathTemplates = List.copyOf(pathTemplates);
        this.aliases = Map.copyOf(aliases);
        this.entries = List.copyOf(entries);
        List<Condition> ownHints = new ArrayList<>();
        for (Entry e : this.entries) {
            try {
                Condition c = checks.computeIfAbsent(e, k -> compileCheck(k, name -> field(name, null)));
                if (e.hintsAreData()) {
                    ownHints.add(c);
                }
            } catch (UncheckedSigma u) {
                throw new IllegalStateException("entry " + e.id() + " was checked when it was read", u.getCause());
            }
        }
        this.hintsAreData = ownHints.isEmpty() ? Condition.FALSE : Condition.any(ownHints);
    }

    /** The bundled mapping: Windows channels, and every log source SigmaHQ's rules use (docs/MAPPING.md). */
    public static LogsourceMapping defaults() {
        LogsourceMapping d = defaults;
        if (d == null) {
            try (InputStream in = LogsourceMapping.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    d = empty();
                } else {
                    d = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE, null);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the bundled mapping " + DEFAULT_RESOURCE, e);
            }
            defaults = d;
        }
        return d;
    }

    /** No log sources and no field paths but the name itself. */
    public static LogsourceMapping empty() {
        return new LogsourceMapping(List.of("{field}"), Map.of(), List.of());
    }

    /**
     * This mapping extended by the file at {@code file}: its log sources are added, its aliases merged,
     * its path templates (if any) replace these. A file with {@code replace: true} stands alone.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, line and reason, if the file is not a valid mapping
     */
    public LogsourceMapping extendedWith(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return parse(text, file.toString(), this);
    }

    /** This mapping extended by a mapping text; see {@link #extendedWith(Path)}. */
    public LogsourceMapping extendedWith(String yaml, String origin) {
        return parse(yaml, origin, this);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The field names listed under {@code fields.aliases}. */
    Set<String> aliasNames() {
        return aliases.keySet();
    }

    /** The entries that apply to a rule's log source, as alternatives; empty when none does. */
    List<Entry> entriesFor(LogSource ls) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (covers(e, ls)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean covers(Entry e, LogSource ls) {
        if (ls.product() == null && ls.category() == null && ls.service() == null) {
            return false;
        }
        return dimension(e.product(), ls.product(), false)
                && dimension(e.category(), ls.category(), true)
                && dimension(e.service(), ls.service(), true);
    }

    /** Entry dimension {@code have} against rule dimension {@code want}; {@code mustCover}: a rule value needs an entry value. */
    private static boolean dimension(String have, String want, boolean mustCover) {
        if (have == null) {
            return !(mustCover && want != null);
        }
        return want != null && have.equalsIgnoreCase(want);
    }

    /**
     * What an event must satisfy to be of {@code e}'s log: every condition, a plain key compared by
     * equality (case-insensitive; a list: any of its values), a key with Sigma value modifiers
     * ({@code logName|endswith}, {@code _path|exists}) matched as in a rule's selection.
     */
    Condition check(Entry e) {
        Condition c = checks.get(e);
        return c != null ? c : compileCheck(e, name -> field(name, null));
    }

    /**
     * True for an event that satisfies the conditions of an entry with {@code hints_are_data}: its fields
     * named {@code product}, {@code category} or {@code service} are the log's own (an Azure
     * {@code category}, a Zeek {@code service}), not a declaration of its Sigma log source.
     */
    Condition hintsAreData() {
        return hintsAreData;
    }

    /** The event field a condition key tests: the key without its modifiers. */
    static String conditionField(String key) {
        int bar = key.indexOf('|');
        return (bar < 0 ? key : key.substring(0, bar)).strip();
    }

    private static final class UncheckedSigma extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSigma(SigmaException cause) {
            super(cause);
        }
    }

    private static Condition compileCheck(Entry e, Function<String, FieldRef> fields) {
        List<Condition> all = new ArrayList<>();
        Map<String, YamlNode> withModifiers = new LinkedHashMap<>();
        for (var c : e.conditions().entrySet()) {
            if (c.getKey().indexOf('|') >= 0) {
                withModifiers.put(c.getKey(), e.conditionNode().get(c.getKey()));
                continue;
            }
            FieldRef f = fields.apply(c.getKey());
            List<Condition> any = new ArrayList<>();
            for (Object v : c.getValue()) {
                String text = v instanceof Number ? SigmaValue.numberText(v) : v.toString();
                any.add(new Condition.Match(f, StringMatcher.equalTo(text, false)));
            }
            all.add(Condition.any(any));
        }
        if (!withModifiers.isEmpty()) {
            YamlNode.MapNode node = new YamlNode.MapNode(withModifiers, e.conditionNode().keyPositions(),
                    e.conditionNode().line(), e.conditionNode().column());
            try {
                all.add(new DetectionCompiler(fields, Map.of(), RuleLimits.defaults())
                        .searchIdentifier("conditions", node, DetectionTree.CONDITIONS));
            } catch (SigmaException x) {
                throw new UncheckedSigma(x);
            }
        }
        return Condition.all(all);
    }

    int cachedFields() {
        return fields.size();
    }

    /** The field a rule names, under the renames of one log source entry ({@code null}: none). */
    FieldRef field(String name, Map<String, String> renames) {
        return fieldUnder(name, renames == null ? Naming.NONE : new Naming(renames, false));
    }

    /**
     * The field a rule names, under an entry's naming: the renamed name, and with {@code spaced} its
     * spaced spelling ({@link #spaced}) first, each through every path template and then the aliases.
     */
    FieldRef fieldUnder(String name, Naming naming) {
        String target = naming.renames().getOrDefault(name, name);
        String spaced = naming.spaced() ? spaced(target) : target;
        if (fields.size() >= MAX_CACHED_FIELDS) {
            // the shared default mapping lives as long as the JVM: rule sets loaded one after another
            // (a host reloading third-party packs) must not grow it without end
            fields.clear();
        }
        return fields.computeIfAbsent(List.of(name, target, spaced), k -> build(name, target, spaced));
    }

    private FieldRef build(String name, String target, String spaced) {
        List<String> names = spaced.equals(target) ? List.of(target) : List.of(spaced, target);
        List<FieldPath> paths = new ArrayList<>();
        for (String n : names) {
            for (String t : pathTemplates) {
                add(paths, FieldPath.of(t.replace("{field}", n)));
            }
        }
        for (String n : names) {
            for (String a : aliases.getOrDefault(n, List.of())) {
                add(paths, FieldPath.of(a));
            }
        }
        return new FieldRef(name, paths);
    }

    private static void add(List<FieldPath> paths, FieldPath p) {
        if (!paths.contains(p)) {
            paths.add(p);
        }
    }

    /**
     * A field name's words separated by single spaces: words end at an underscore, a space, before an
     * upper-case letter that follows a lower-case letter or digit, and before the last capital of a
     * capital run followed by a lower-case letter. {@code NewValue} gives {@code New Value},
     * {@code Feature_Name} {@code Feature Name}, {@code ThreatID} {@code Threat ID}; a one-word name and a
     * dotted path are returned as they are.
     */
    static String spaced(String name) {
        if (name.indexOf('.') >= 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == ' ') {
                if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
                continue;
            }
            if (i > 0 && Character.isUpperCase(c) && !sb.isEmpty() && sb.charAt(sb.length() - 1) != ' ') {
                char prev = name.charAt(i - 1);
                boolean next = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || Character.isUpperCase(prev) && next) {
                    sb.append(' ');
                }
            }
            sb.append(c);
        }
        String out = sb.toString().strip();
        return out.isEmpty() ? name : out;
    }

    // ---- parsing ----

    private static LogsourceMapping parse(String text, String origin, LogsourceMapping base) {
        List<YamlNode> docs;
        try {
            docs = YamlReader.readAll(text);
        } catch (YamlReader.YamlException e) {
            throw new IllegalArgumentException(origin + ":" + e.line + ":" + e.column + ": " + e.getMessage());
        }
        if (docs.size() != 1 || !(docs.get(0) instanceof YamlNode.MapNode root)) {
            throw new IllegalArgumentException(origin + ": a mapping file holds one YAML map");
        }
        try {
            boolean replace = root.get("replace") instanceof YamlNode.Scalar s && Boolean.TRUE.equals(s.value());
            List<String> templates = new ArrayList<>();
            Map<String, List<String>> aliases = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            if (base != null && !replace) {
                templates.addAll(base.pathTemplates);
                aliases.putAll(base.aliases);
                entries.addAll(base.entries);
            }
            YamlNode fields = root.get("fields");
            if (fields != null) {
                YamlNode.MapNode fm = map(fields, "fields");
                YamlNode paths = fm.get("paths");
                if (paths != null) {
                    templates.clear();
                    for (YamlNode p : list(paths, "fields.paths")) {
                        templates.add(string(p, "fields.paths"));
                    }
                }
                YamlNode al = fm.get("aliases");
                if (al != null) {
                    for (var e : map(al, "fields.aliases").entries().entrySet()) {
                        List<String> targets = new ArrayList<>();
                        for (YamlNode t : listOrOne(e.getValue())) {
                            targets.add(string(t, "fields.aliases." + e.getKey()));
                        }
                        aliases.put(e.getKey(), targets);
                    }
                }
            }
            if (templates.isEmpty()) {
                templates.add("{field}");
            }
            YamlNode ls = root.get("logsources");
            if (ls != null) {
                for (YamlNode item : list(ls, "logsources")) {
                    entries.add(entry(map(item, "logsources")));
                }
            }
            return new LogsourceMapping(templates, aliases, entries);
        } catch (SigmaException e) {
            throw new IllegalArgumentException(origin + ":" + e.line + ":" + e.column
                    + (e.field == null ? "" : " (" + e.field + ")") + ": " + e.getMessage());
        }
    }

    private static Entry entry(YamlNode.MapNode m) throws SigmaException {
        String id = optString(m, "id");
        String product = lower(optString(m, "product"));
        String category = lower(optString(m, "category"));
        String service = lower(optString(m, "service"));
        if (product == null && category == null && service == null) {
            throw new SigmaException("a log source entry needs a product, category or service", m, "logsources");
        }
        Map<String, List<Object>> conditions = new LinkedHashMap<>();
        YamlNode c = m.get("conditions");
        YamlNode.MapNode conditionNode = c == null ? YamlNode.MapNode.empty(m.line(), m.column()) : map(c, "conditions");
        if (c != null) {
            for (var e : conditionNode.entries().entrySet()) {
                List<Object> values = new ArrayList<>();
                for (YamlNode v : listOrOne(e.getValue())) {
                    if (!(v instanceof YamlNode.Scalar s) || s.value() == null) {
                        throw new SigmaException("condition values are strings or numbers", v, "conditions." + e.getKey());
                    }
                    values.add(s.value());
                }
                conditions.put(e.getKey(), values);
            }
        }
        Map<String, String> renames = new LinkedHashMap<>();
        YamlNode f = m.get("fields");
        if (f != null) {
            for (var e : map(f, "fields").entries().entrySet()) {
                renames.put(e.getKey(), string(e.getValue(), "fields." + e.getKey()));
            }
        }
        boolean spacedNames = flag(m, "spaced_names");
        boolean hintsAreData = flag(m, "hints_are_data");
        if (hintsAreData && conditions.isEmpty()) {
            throw new SigmaException("hints_are_data needs conditions that tell this log's events apart",
                    m.get("hints_are_data"), "hints_are_data");
        }
        if (id == null) {
            id = Objects.toString(product, "") + "/" + Objects.toString(category, "") + "/" + Objects.toString(service, "");
        }
        Entry entry = new Entry(id, product, category, service, conditions, conditionNode, renames, spacedNames,
                hintsAreData);
        try {
            compileCheck(entry, FieldRef::of);
        } catch (UncheckedSigma u) {
            SigmaException x = (SigmaException) u.getCause();
            throw new SigmaException(x.getMessage(), x.line, x.column, "conditions." + x.field);
        }
        return entry;
    }

    private static boolean flag(YamlNode.MapNode m, String key) throws SigmaException {
        YamlNode n = m.get(key);
        if (n == null) {
            return false;
        }
        if (!(n instanceof YamlNode.Scalar s && s.value() instanceof Boolean b)) {
            throw new SigmaException(key + " is true or false, found " + YamlNode.kind(n), n, key);
        }
        return b;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String optString(YamlNode.MapNode m, String key) throws SigmaException {
        YamlNode n = m.get(key);
        return n == null || (n instanceof YamlNode.Scalar s && s.isNull()) ? null : string(n, key);
    }

    private static String string(YamlNode n, String field) throws SigmaException {
        if (n instanceof YamlNode.Scalar s && s.value() != null) {
            return s.text();
        }
        throw new SigmaException("expected a string, found " + YamlNode.kind(n), n, field);
    }

    private static YamlNode.MapNode map(YamlNode n, String field) throws SigmaException {
        if (n instanceof YamlNode.MapNode m) {
            return m;
        }
        throw new SigmaException("expected a map, found " + YamlNode.kind(n), n, field);
    }

    private static List<YamlNode> list(YamlNode n, String field) throws SigmaException {
        if (n instanceof YamlNode.ListNode l) {
            return l.items();
        }
        throw new SigmaException("expected a list, found " + YamlNode.kind(n), n, field);
    }

    private static List<YamlNode> listOrOne(YamlNode n) {
        return n instanceof YamlNode.ListNode l ? l.items() : List.of(n);
    }
}
