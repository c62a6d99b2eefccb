package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the Sigma 1 aggregation syntax in a rule's condition into the equivalent correlation:
 * {@code sel | count() [by F] > N} into {@code event_count}, {@code | count(X) by F > N} into
 * {@code value_count}, {@code | sum(X)} into {@code value_sum}, {@code | avg(X)} into
 * {@code value_avg}, and {@code sel | near a and b} into {@code temporal}, over the rule's
 * {@code timeframe}. The part before the pipe (and each search of {@code near}) becomes a detection
 * rule of its own that only the correlation sees. What has no correlation equivalent is rejected
 * with the reason.
 */
final class LegacyAggregation {

    /** The timespan of a legacy aggregation that names no timeframe. */
    static final Duration DEFAULT_TIMEFRAME = Duration.ofDays(1);

    private static final Pattern AGGREGATE = Pattern.compile(
            "(count|sum|avg|min|max)\\s*\\(\\s*([^()\\s]*)\\s*\\)\\s*(?:by\\s+([^\\s<>=!]+)\\s*)?(<=|>=|==|!=|<|>|=)\\s*"
                    + "(-?\\d+(?:\\.\\d+)?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PER = Pattern.compile(
            "count\\s*\\(\\s*([^()\\s]*)\\s*\\)\\s*((?:per\\s+[^\\s<>=!]+\\s*)+)(<=|>=|==|!=|<|>|=)\\s*(-?\\d+(?:\\.\\d+)?)"
                    + "(?:\\s+and\\s+(.+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);

    /** The detection rules (as documents) and the correlation a legacy rule becomes. */
    record Translation(List<YamlNode.MapNode> rules, CorrelationRule correlation) {
    }

    private final LogsourceMapping mapping;
    private final RuleLimits limits;

    LegacyAggregation(LogsourceMapping mapping, RuleLimits limits) {
        this.mapping = mapping;
        this.limits = limits;
    }

    /** Whether the rule's condition uses legacy syntax that this class handles (or rejects precisely). */
    static boolean applies(YamlNode.MapNode doc) {
        String c = condition(doc);
        if (c == null) {
            return false;
        }
        String t = c.trim().toLowerCase(Locale.ROOT);
        return topLevelPipe(c) >= 0 || PER.matcher(c.trim()).matches() || t.startsWith("write ");
    }

    Translation translate(YamlNode.MapNode doc, String file, List<Problem> warnings) throws SigmaException {
        YamlNode.MapNode detection = (YamlNode.MapNode) doc.get("detection");
        YamlNode.Scalar condNode = (YamlNode.Scalar) detection.get("condition");
        String text = condNode.text().trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("write ")) {
            throw error("the legacy 'write ... to list ...; then if ... -> alert' syntax keeps a list of values across"
                    + " events; no correlation type expresses that", condNode);
        }
        String title = RuleCompiler.optString(doc, "title");
        String key = RuleCompiler.optString(doc, "id");
        key = "legacy:" + (key != null ? key : title != null ? title : file);
        Duration span = timeframe(detection, file, warnings);
        CorrelationRule.Builder corr = metadata(doc, file).timespan(span).generate(false);

        Matcher per = PER.matcher(text);
        if (per.matches()) {
            // count(X) per A per B > N [and selection]: the distinct values of X per (A, B)
            if (per.group(5) == null) {
                throw error("'count(...) per ...' names no search to count events of", condNode);
            }
            List<String> groups = new ArrayList<>();
            for (String p : per.group(2).trim().split("\\s+")) {
                if (!p.equalsIgnoreCase("per")) {
                    groups.add(p);
                }
            }
            String base = per.group(5).trim();
            corr.rules(List.of(key + "#1"));
            aggregate(corr, "count", per.group(1), groups, per.group(3),
                    per.group(4), condNode);
            return new Translation(List.of(baseDoc(doc, detection, condNode, base, key + "#1", title)), build(corr, condNode));
        }

        int pipe = topLevelPipe(text);
        String left = text.substring(0, pipe).trim();
        String right = text.substring(pipe + 1).trim();
        if (left.isEmpty()) {
            throw error("nothing before '|' selects the events to aggregate", condNode);
        }
        if (right.toLowerCase(Locale.ROOT).startsWith("near")) {
            String searches = right.substring(4).trim();
            if (searches.isEmpty()) {
                throw error("'near' names no search", condNode);
            }
            List<String> parts = new ArrayList<>();
            parts.add(left);
            for (String p : AND.split(searches)) {
                String part = p.trim();
                if (part.toLowerCase(Locale.ROOT).startsWith("not ")) {
                    throw error("legacy 'near ... and not " + part.substring(4).trim() + "' asks for the absence of a"
                            + " match within the timeframe; no correlation type expresses absence", condNode);
                }
                parts.add(part);
            }
            List<YamlNode.MapNode> docs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                String name = key + "#" + (i + 1);
                names.add(name);
                docs.add(baseDoc(doc, detection, condNode, parts.get(i), name, title));
            }
            corr.type(CorrelationType.TEMPORAL).rules(names);
            return new Translation(docs, build(corr, condNode));
        }
        Matcher m = AGGREGATE.matcher(right);
        if (!m.matches()) {
            throw error("cannot read the legacy aggregation '" + right + "' (expected count(), count(field), sum(field)"
                    + " or avg(field), optionally 'by field', then a comparison with a number; or 'near')", condNode);
        }
        String fn = m.group(1).toLowerCase(Locale.ROOT);
        if (fn.equals("min") || fn.equals("max")) {
            throw error("legacy " + fn + "() has no correlation equivalent (value_sum, value_avg, value_percentile and"
                    + " value_median exist; a minimum or maximum does not)", condNode);
        }
        corr.rules(List.of(key + "#1"));
        aggregate(corr, fn, m.group(2), m.group(3) == null ? List.of() : List.of(m.group(3)), m.group(4), m.group(5),
                condNode);
        return new Translation(List.of(baseDoc(doc, detection, condNode, left, key + "#1", title)), build(corr, condNode));
    }

    private void aggregate(CorrelationRule.Builder corr, String fn, String field, List<String> groups, String op,
            String number, YamlNode at) throws SigmaException {
        CorrelationType type = switch (fn) {
            case "count" -> field.isEmpty() ? CorrelationType.EVENT_COUNT : CorrelationType.VALUE_COUNT;
            case "sum" -> CorrelationType.VALUE_SUM;
            default -> CorrelationType.VALUE_AVG;
        };
        if (type != CorrelationType.EVENT_COUNT) {
            if (field.isEmpty()) {
                throw error(fn + "() needs a field", at);
            }
            ShapeLimits.fieldName(field, limits, at, "detection.condition");
            corr.valueField(mapping.field(field, null));
        }
        corr.type(type).groupBy(groups);
        for (String g : groups) {
            ShapeLimits.fieldName(g, limits, at, "detection.condition");
            corr.field(g, mapping.field(g, null));
        }
        CorrelationCondition.Op o = switch (op) {
            case ">" -> CorrelationCondition.Op.GT;
            case ">=" -> CorrelationCondition.Op.GTE;
            case "<" -> CorrelationCondition.Op.LT;
            case "<=" -> CorrelationCondition.Op.LTE;
            case "!=" -> CorrelationCondition.Op.NEQ;
            default -> CorrelationCondition.Op.EQ;
        };
        corr.condition(CorrelationCondition.of(o, Numbers.parse(number, limits, at, "detection.condition")));
    }

    private static CorrelationRule build(CorrelationRule.Builder b, YamlNode at) throws SigmaException {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), at);
        }
    }

    /** The correlation carries the rule's metadata (id, title, level, ...): it is what the rule meant. */
    private static CorrelationRule.Builder metadata(YamlNode.MapNode doc, String file) throws SigmaException {
        // the rule's own compilation reports its metadata's warnings once
        return CorrelationRule.builder().metadata(RuleCompiler.metadata(doc, file, "rule", new ArrayList<>()).build());
    }

    private Duration timeframe(YamlNode.MapNode detection, String file, List<Problem> warnings)
            throws SigmaException {
        String tf = RuleCompiler.optString(detection, "timeframe");
        if (tf == null) {
            YamlNode c = detection.get("condition");
            warnings.add(Problem.warning(new SourcePosition(file, c.line(), c.column(), "detection.timeframe"),
                    "the legacy aggregation names no timeframe; using " + DEFAULT_TIMEFRAME.toHours() + "h"));
            return DEFAULT_TIMEFRAME;
        }
        return CorrelationCompiler.timespan(tf, detection.get("timeframe"), "detection.timeframe", limits);
    }

    /** A copy of the rule as a detection rule with condition {@code condition}, named {@code name}, without id. */
    private static YamlNode.MapNode baseDoc(YamlNode.MapNode doc, YamlNode.MapNode detection, YamlNode.Scalar condNode,
            String condition, String name, String title) {
        Map<String, YamlNode> det = new LinkedHashMap<>(detection.entries());
        det.put("condition", new YamlNode.Scalar(condition, condition, condNode.line(), condNode.column()));
        det.remove("timeframe");
        Map<String, YamlNode> entries = new LinkedHashMap<>(doc.entries());
        entries.remove("id");
        entries.put("name", new YamlNode.Scalar(name, name, doc.line(), doc.column()));
        String t = (title == null ? "" : title) + " [" + condition + "]";
        entries.put("title", new YamlNode.Scalar(t, t, doc.lineOf("title"), doc.columnOf("title")));
        entries.put("detection", new YamlNode.MapNode(det, new LinkedHashMap<>(detection.keyPositions()),
                detection.line(), detection.column()));
        return new YamlNode.MapNode(entries, new LinkedHashMap<>(doc.keyPositions()), doc.line(), doc.column());
    }

    private static String condition(YamlNode.MapNode doc) {
        return doc.get("detection") instanceof YamlNode.MapNode d && d.get("condition") instanceof YamlNode.Scalar s
                && s.value() instanceof String str ? str : null;
    }

    /** The index of the first '|' outside parentheses, or -1. */
    static int topLevelPipe(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static SigmaException error(String message, YamlNode at) {
        return new SigmaException(message, at, "detection.condition");
    }
}
