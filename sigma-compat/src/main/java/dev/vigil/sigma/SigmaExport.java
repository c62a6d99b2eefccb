package dev.vigil.sigma;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.RuleLimits;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes rules as Sigma 2.1 YAML, from any source a loader reads: files and folders, and texts (rule
 * packs' resources and DSL rules). Each document is written as it was read, after what reading resolves
 * (YAML anchors, aliases and merge keys, Sigma 1 collections expanded), scalars keeping their kind (a
 * number stays the number as written, a quoted {@code '4688'} stays a string). What Sigma 2.1 cannot
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

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private SigmaExport() {
    }

    /** Exports the documents of {@code paths} and {@code texts}, read within the default {@link RuleLimits}. */
    public static Result of(Collection<Path> paths, Collection<SigmaText> texts) {
        return of(paths, texts, RuleLimits.defaults());
    }

    /** Exports the documents of {@code paths} and {@code texts}, read within {@code limits}. */
    public static Result of(Collection<Path> paths, Collection<SigmaText> texts, RuleLimits limits) {
        RuleSetLoader reader = new RuleSetLoader(LogsourceMapping.empty(), LogsourceMode.IGNORE, Map.of(), limits);
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
        StringWriter out = new StringWriter();
        try (JsonGenerator g = YAML.createGenerator(out)) {
            node(g, doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Iterative, as the reader bounds depth but a writer should not rely on the stack either. */
    private static void node(JsonGenerator g, YamlNode root) throws IOException {
        java.util.ArrayDeque<Object> work = new java.util.ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Object next = work.pop();
            if (next instanceof Runnable end) {
                end.run();
            } else if (next instanceof String key) {
                g.writeFieldName(key);
            } else if (next instanceof YamlNode.MapNode m) {
                g.writeStartObject();
                work.push(end(g, true));
                List<Map.Entry<String, YamlNode>> entries = new ArrayList<>(m.entries().entrySet());
                for (int i = entries.size() - 1; i >= 0; i--) {
                    work.push(entries.get(i).getValue());
                    work.push(entries.get(i).getKey());
                }
            } else if (next instanceof YamlNode.ListNode l) {
                g.writeStartArray();
                work.push(end(g, false));
                for (int i = l.items().size() - 1; i >= 0; i--) {
                    work.push(l.items().get(i));
                }
            } else {
                scalar(g, (YamlNode.Scalar) next);
            }
        }
    }

    private static Runnable end(JsonGenerator g, boolean object) {
        return () -> {
            try {
                if (object) {
                    g.writeEndObject();
                } else {
                    g.writeEndArray();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static void scalar(JsonGenerator g, YamlNode.Scalar s) throws IOException {
        Object v = s.value();
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String text) {
            g.writeString(text);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Double
                || v instanceof BigDecimal || v instanceof Float) {
            // as written: the reader that loads it back reads the same text as the same number (0x1F too)
            g.writeNumber(s.text());
        } else {
            g.writeString(s.text());
        }
    }
}
