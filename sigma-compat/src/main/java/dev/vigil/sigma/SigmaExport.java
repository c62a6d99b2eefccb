package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.RuleLimits;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes rules as Sigma 2.1 YAML, from any source a loader reads: files and folders, and texts (rule
 * packs' resources and DSL rules). Each document is written as it was read, after what reading resolves
 * (YAML anchors, aliases and merge keys, Sigma 1 collections expanded), scalars keeping their kind and
 * value (strings and keys double-quoted, so a quoted {@code '4688'} or {@code '<<'} stays a string; a number
 * written as the number YAML read, {@code 010} as 8). What Sigma 2.1 cannot
 * say is reported, never silently changed: a Sigma 1 aggregation ({@code | count() by X > N}) is written
 * as it is, with a warning that 2.1 says it as a correlation rule.
 */
public final class SigmaExport {

    /** One output file: where it goes under the export folder, and its YAML (documents separated by {@code ---}). */
    public record File(String path, String yaml) {
    }

    /** The files, and what reading them found (problems) or what could not be said in Sigma 2.1 (warnings). */
    public record Result(List<File> files, List<Problem> problems) {
        public Result {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }


    private SigmaExport() {
    }

    /** Exports the documents of {@code paths} and {@code texts}, read within the default {@link RuleLimits}. */
    public static Result of(Collection<Path> paths, Collection<SigmaText> texts) {
        return of(paths, texts, RuleLimits.defaults());
    }

    /** Exports the documents of {@code paths} and {@code texts}, read within {@code limits}. */
    public static Result of(Collection<Path> paths, Collection<SigmaText> texts, RuleLimits limits) {
        RuleSetLoader reader = new RuleSetLoader(LogsourceMapping.empty(), LogsourceMode.IGNORE, Map.of(), limits,
                RuleFilter.all());
        Map<String, List<YamlNode.MapNode>> docs = reader.readForExport(paths, texts);
        List<Problem> problems = new ArrayList<>(reader.readProblems());
        List<File> files = new ArrayList<>();
        docs.forEach((path, nodes) -> {
            List<String> parts = new ArrayList<>();
            for (YamlNode.MapNode n : nodes) {
                parts.add(write(n));
                if (n.get("detection") instanceof YamlNode.MapNode d && d.get("condition") != null
                        && conditionText(d.get("condition")).contains("|")) {
                    problems.add(Problem.warning(new SourcePosition(path, d.lineOf("condition"), d.columnOf("condition"),
                            "detection.condition"), "a Sigma 1 aggregation, written as it is: Sigma 2.1 says it as a"
                            + " correlation rule (Vigil reads both)"));
                }
            }
            files.add(new File(path, String.join("---\n", parts)));
        });
        return new Result(files, problems);
    }

    private static String conditionText(YamlNode n) {
        StringBuilder sb = new StringBuilder();
        if (n instanceof YamlNode.ListNode l) {
            l.items().forEach(i -> sb.append(conditionText(i)).append('\n'));
        } else if (n instanceof YamlNode.Scalar s && s.value() != null) {
            sb.append(s.text());
        }
        return sb.toString();
    }

    /** One document as YAML. */
    static String write(YamlNode.MapNode doc) {
        return YAML_DUMPER.get().dump(plain(doc));
    }

    /**
     * SnakeYAML's emitter, with every string double-quoted (keys too: a quoted {@code '<<'} stays a key, not a
     * merge; control characters are escaped) and other scalars plain, as their values: a rule read back
     * gives the same values. One per thread: a {@code Yaml} is not thread-safe.
     */
    private static final ThreadLocal<org.yaml.snakeyaml.Yaml> YAML_DUMPER = ThreadLocal.withInitial(() -> {
        org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
        options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        options.setIndent(4);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        org.yaml.snakeyaml.representer.Representer representer = new org.yaml.snakeyaml.representer.Representer(options) {
            {
                this.representers.put(String.class, data -> representScalar(org.yaml.snakeyaml.nodes.Tag.STR,
                        (String) data, org.yaml.snakeyaml.DumperOptions.ScalarStyle.DOUBLE_QUOTED));
            }
        };
        return new org.yaml.snakeyaml.Yaml(representer, options);
    });

    /** The document as plain Java values, without recursion (the reader bounds depth; a writer should not rely on the stack). */
    private static Object plain(YamlNode root) {
        java.util.IdentityHashMap<YamlNode, Object> made = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<YamlNode> work = new java.util.ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            YamlNode n = work.peek();
            if (n instanceof YamlNode.Scalar sc) {
                work.pop();
                made.put(n, scalar(sc));
                continue;
            }
            List<YamlNode> children = n instanceof YamlNode.MapNode m ? new ArrayList<>(m.entries().values())
                    : ((YamlNode.ListNode) n).items();
            boolean ready = true;
            for (YamlNode c : children) {
                if (!made.containsKey(c)) {
                    work.push(c);
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            work.pop();
            if (n instanceof YamlNode.MapNode m) {
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, made.get(v)));
                made.put(n, out);
            } else {
                List<Object> out = new ArrayList<>();
                ((YamlNode.ListNode) n).items().forEach(c -> out.add(made.get(c)));
                made.put(n, out);
            }
        }
        return made.get(root);
    }

    private static Object scalar(YamlNode.Scalar s) {
        Object v = s.value();
        if (v instanceof BigDecimal d) {
            // SnakeYAML would write a BigDecimal as a Java object; a double keeps what the compiler reads of it
            return d.doubleValue();
        }
        return v instanceof String || v instanceof Boolean || v instanceof Number || v == null ? v : s.text();
    }
}
