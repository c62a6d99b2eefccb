package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles one Sigma correlation document (Sigma correlation rules specification 2.1) into a core
 * {@link CorrelationRule}. References are checked later, against every rule of the load.
 */
final class CorrelationCompiler {

    private static final Set<String> KNOWN = Set.of("title", "id", "name", "related", "taxonomy", "status",
            "description", "license", "references", "author", "date", "modified", "correlation", "fields",
            "falsepositives", "level", "tags", "scope", "generate");
    private static final Set<String> KNOWN_CORRELATION = Set.of("type", "rules", "aliases", "group-by", "timespan",
            "timeframe", "condition", "generate");
    private static final Pattern TIMESPAN = Pattern.compile("(\\d+)\\s*([smhdwMy])");

    private final LogsourceMapping mapping;
    private final RuleLimits limits;

    CorrelationCompiler(LogsourceMapping mapping, RuleLimits limits) {
        this.mapping = mapping;
        this.limits = limits;
    }

    CorrelationRule compile(YamlNode.MapNode doc, String file, List<Problem> warnings) throws SigmaException {
        CorrelationRule.Builder b = CorrelationRule.builder()
                .metadata(RuleCompiler.metadata(doc, file, "correlation rule", warnings).build());
        for (String key : doc.entries().keySet()) {
            if (!KNOWN.contains(key)) {
                warnings.add(Problem.warning(at(file, doc, key), "unknown attribute '" + key + "' in a correlation rule"));
            }
        }
        YamlNode cn = doc.get("correlation");
        if (!(cn instanceof YamlNode.MapNode c)) {
            throw new SigmaException("correlation is a map, found " + YamlNode.kind(cn), cn, "correlation");
        }
        for (String key : c.entries().keySet()) {
            if (!KNOWN_CORRELATION.contains(key)) {
                warnings.add(Problem.warning(new SourcePosition(file, c.lineOf(key), c.columnOf(key), "correlation." + key),
                        "unknown attribute '" + key + "' in correlation"));
            }
        }
        // generate: at the top level as the specification shows it; inside correlation as some tools write it
        Boolean generate = bool(doc, "generate", "generate");
        if (generate == null) {
            generate = bool(c, "generate", "correlation.generate");
        }
        b.generate(generate != null && generate);

        String typeText = RuleCompiler.optString(c, "type");
        if (typeText == null) {
            throw new SigmaException("the correlation has no type", c, "correlation.type");
        }
        CorrelationType type = CorrelationType.parse(typeText);
        if (type == null) {
            throw new SigmaException("unknown correlation type '" + typeText + "' (event_count, value_count, temporal, "
                    + "temporal_ordered, value_sum, value_avg, value_percentile, value_median)", c.get("type"),
                    "correlation.type");
        }
        b.type(type);

        YamlNode rulesNode = c.get("rules");
        if (rulesNode == null) {
            throw new SigmaException("the correlation names no rules", c, "correlation.rules");
        }
        List<String> rules = strings(c, "rules", "correlation.rules");
        if (rules.isEmpty()) {
            throw new SigmaException("the correlation names no rules", rulesNode, "correlation.rules");
        }
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                if (rules.get(i).equals(rules.get(j))) {
                    throw new SigmaException("rule '" + rules.get(i) + "' is named twice", rulesNode, "correlation.rules");
                }
            }
        }
        b.rules(rules);

        // group-by is optional (absent: one group for all matches), whatever the specification's "mandatory" says
        List<String> groupBy = strings(c, "group-by", "correlation.group-by");
        b.groupBy(groupBy);
        for (String g : groupBy) {
            ShapeLimits.fieldName(g, limits, c.get("group-by"), "correlation.group-by");
            b.field(g, mapping.field(g, null));
        }
        YamlNode aliasesNode = c.get("aliases");
        if (aliasesNode != null && !(aliasesNode instanceof YamlNode.Scalar s && s.isNull())) {
            if (!(aliasesNode instanceof YamlNode.MapNode aliases)) {
                throw new SigmaException("aliases is a map of alias names to maps of rule names to fields, found "
                        + YamlNode.kind(aliasesNode), aliasesNode, "correlation.aliases");
            }
            for (var e : aliases.entries().entrySet()) {
                String alias = e.getKey();
                if (!(e.getValue() instanceof YamlNode.MapNode perRule)) {
                    throw new SigmaException("alias '" + alias + "' is a map of rule names to fields, found "
                            + YamlNode.kind(e.getValue()), e.getValue(), "correlation.aliases." + alias);
                }
                for (var r : perRule.entries().entrySet()) {
                    if (!(r.getValue() instanceof YamlNode.Scalar s) || s.isNull()) {
                        throw new SigmaException("the field of alias '" + alias + "' for rule '" + r.getKey()
                                + "' is a field name", r.getValue(), "correlation.aliases." + alias);
                    }
                    if (!rules.contains(r.getKey())) {
                        warnings.add(Problem.warning(new SourcePosition(file, perRule.lineOf(r.getKey()),
                                perRule.columnOf(r.getKey()), "correlation.aliases." + alias), "alias '" + alias
                                + "' names rule '" + r.getKey() + "', which the correlation does not refer to"));
                    }
                    ShapeLimits.fieldName(s.text(), limits, s, "correlation.aliases." + alias);
                    b.alias(alias, r.getKey(), mapping.field(s.text(), null));
                }
                if (!groupBy.contains(alias)) {
                    warnings.add(Problem.warning(new SourcePosition(file, aliases.lineOf(alias), aliases.columnOf(alias),
                            "correlation.aliases." + alias), "alias '" + alias + "' is not used in group-by"));
                }
            }
        }

        String spanKey = c.get("timespan") != null ? "timespan" : "timeframe";
        String span = RuleCompiler.optString(c, spanKey);
        if (span == null) {
            throw new SigmaException("the correlation has no timespan", c, "correlation.timespan");
        }
        b.timespan(timespan(span, c.get(spanKey), "correlation." + spanKey, limits));

        YamlNode condNode = c.get("condition");
        if (condNode == null || condNode instanceof YamlNode.Scalar s && s.isNull()) {
            if (type != CorrelationType.TEMPORAL && type != CorrelationType.TEMPORAL_ORDERED) {
                throw new SigmaException(type.label() + " needs a condition", c, "correlation.condition");
            }
        } else {
            if (!(condNode instanceof YamlNode.MapNode cond)) {
                throw new SigmaException("the condition is a map such as {gte: 10}, found " + YamlNode.kind(condNode),
                        condNode, "correlation.condition");
            }
            condition(b, type, cond);
        }
        if (type.needsField() && c.get("condition") instanceof YamlNode.MapNode cond && cond.get("field") == null) {
            throw new SigmaException(type.label() + " needs the field to aggregate (condition.field)", cond,
                    "correlation.condition.field");
        }
        CorrelationRule rule;
        try {
            rule = b.build();
        } catch (IllegalArgumentException e) {
            throw new SigmaException(e.getMessage(), c, "correlation");
        }
        checkRuleCount(rule, c.get("condition"));
        return rule;
    }

    /**
     * For temporal correlations the condition counts rules: temporal_ordered needs all of them (a
     * condition fewer would satisfy has no defined order), temporal at least some number of them.
     */
    private static void checkRuleCount(CorrelationRule rule, YamlNode at) throws SigmaException {
        CorrelationCondition cond = rule.condition();
        int n = rule.rules().size();
        if (cond == null) {
            return;
        }
        if (rule.type() == CorrelationType.TEMPORAL_ORDERED) {
            for (int k = 0; k < n; k++) {
                if (cond.test(k)) {
                    throw new SigmaException("temporal_ordered needs all of its " + n + " rules, in order; the condition ("
                            + cond + ") is satisfied by " + k, at, "correlation.condition");
                }
            }
        }
        if (rule.type() == CorrelationType.TEMPORAL || rule.type() == CorrelationType.TEMPORAL_ORDERED) {
            boolean any = false;
            for (int k = 1; k <= n; k++) {
                any |= cond.test(k);
            }
            if (!any) {
                throw new SigmaException("no number of the " + n + " rules satisfies the condition (" + cond + ")", at,
                        "correlation.condition");
            }
        }
    }

    private void condition(CorrelationRule.Builder b, CorrelationType type, YamlNode.MapNode cond)
            throws SigmaException {
        Map<CorrelationCondition.Op, BigDecimal> bounds = new EnumMap<>(CorrelationCondition.Op.class);
        for (var e : cond.entries().entrySet()) {
            String key = e.getKey();
            String field = "correlation.condition." + key;
            if (key.equals("field")) {
                List<String> fields = strings(cond, "field", field);
                if (fields.isEmpty()) {
                    throw new SigmaException("the condition's field is empty", e.getValue(), field);
                }
                if (fields.size() > 1 && type != CorrelationType.VALUE_COUNT) {
                    throw new SigmaException(type.label() + " aggregates one field, found " + fields.size(),
                            e.getValue(), field);
                }
                if (!type.needsField()) {
                    throw new SigmaException(type.label() + " aggregates no field", e.getValue(), field);
                }
                List<FieldRef> refs = new ArrayList<>();
                for (String f : fields) {
                    ShapeLimits.fieldName(f, limits, e.getValue(), field);
                    refs.add(mapping.field(f, null));
                }
                b.valueFields(refs);
                continue;
            }
            if (key.equals("percentile")) {
                if (type != CorrelationType.VALUE_PERCENTILE) {
                    throw new SigmaException("percentile belongs to value_percentile", e.getValue(), field);
                }
                BigDecimal p = number(e.getValue(), field);
                if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new SigmaException("a percentile is between 0 and 100", e.getValue(), field);
                }
                b.percentile(p.doubleValue());
                continue;
            }
            CorrelationCondition.Op op = CorrelationCondition.Op.parse(key);
            if (op == null) {
                throw new SigmaException("unknown condition operator '" + key + "' (gt, gte, lt, lte, eq, neq, field)",
                        e.getValue(), field);
            }
            bounds.put(op, number(e.getValue(), field));
        }
        if (bounds.isEmpty()) {
            if (type == CorrelationType.TEMPORAL || type == CorrelationType.TEMPORAL_ORDERED) {
                return;
            }
            throw new SigmaException("the condition has no comparison (gt, gte, lt, lte, eq or neq)", cond,
                    "correlation.condition");
        }
        b.condition(CorrelationCondition.of(bounds));
    }

    /**
     * A Sigma timespan: a number and a unit, s, m, h, d, w (weeks), M (months of 30 days) or y (years of
     * 365 days); at most {@link RuleLimits#maxTimespan()}.
     */
    static Duration timespan(String text, YamlNode at, String field, RuleLimits limits) throws SigmaException {
        Matcher m = TIMESPAN.matcher(text.trim());
        if (!m.matches()) {
            throw new SigmaException("a timespan is a number and a unit (s, m, h, d, w, M, y), such as 10m; found '"
                    + (text.length() <= 40 ? text : text.substring(0, 37) + "...") + "'", at, field);
        }
        long unitSeconds = switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3_600;
            case "d" -> 86_400;
            case "w" -> 7 * 86_400;
            case "M" -> 30 * 86_400;
            default -> 365 * 86_400;
        };
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        long max = limits.maxTimespan().getSeconds() / unitSeconds;
        if (digits.length() > 18 || Long.parseLong(digits) > max) {
            throw new SigmaException("the timespan " + (text.length() <= 40 ? text.trim() : text.substring(0, 37) + "...")
                    + " is longer than " + limits.maxTimespan().toDays() + " days (RuleLimits.maxTimespan)", at, field);
        }
        long n = Long.parseLong(digits);
        if (n == 0) {
            throw new SigmaException("the timespan must be longer than zero", at, field);
        }
        return Duration.ofSeconds(n * unitSeconds);
    }

    private BigDecimal number(YamlNode n, String field) throws SigmaException {
        BigDecimal d = n instanceof YamlNode.Scalar s ? Numbers.of(s, limits, field) : null;
        if (d == null) {
            throw new SigmaException("a condition value is a number, found " + YamlNode.kind(n), n, field);
        }
        return d;
    }

    private static Boolean bool(YamlNode.MapNode m, String key, String field) throws SigmaException {
        YamlNode n = m.get(key);
        if (n == null || n instanceof YamlNode.Scalar s && s.isNull()) {
            return null;
        }
        if (n instanceof YamlNode.Scalar s && s.value() instanceof Boolean v) {
            return v;
        }
        throw new SigmaException("'" + key + "' is true or false, found " + YamlNode.kind(n), n, field);
    }

    /** A list of strings, or one string standing for a list of one. */
    private static List<String> strings(YamlNode.MapNode m, String key, String field) throws SigmaException {
        YamlNode n = m.get(key);
        if (n == null || n instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : n instanceof YamlNode.ListNode l ? l.items() : List.of(n)) {
            if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
                throw new SigmaException("'" + key + "' is a list of names, found " + YamlNode.kind(item), item, field);
            }
            out.add(s.value() instanceof String str ? str : s.text());
        }
        return out;
    }

    private static SourcePosition at(String file, YamlNode.MapNode doc, String key) {
        return new SourcePosition(file, doc.lineOf(key), doc.columnOf(key), key);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
