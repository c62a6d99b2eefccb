package dev.vigil.sigma;

import dev.vigil.core.rule.CidrMatcher;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.GlobPattern;
import dev.vigil.core.rule.NumericMatcher;
import dev.vigil.core.rule.RegexMatcher;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.TimePartMatcher;
import dev.vigil.core.rule.ValueMatcher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a Sigma {@code detection} section into a core {@link Condition}: search identifiers
 * (maps, lists, lists of maps, keyword lists), field items with their value modifiers (Sigma
 * modifiers appendix), and the condition expression.
 */
final class DetectionCompiler {

    /** Every modifier of the Sigma 2.1 modifiers appendix. */
    enum Modifier {
        CONTAINS, STARTSWITH, ENDSWITH, ALL, EXISTS, CASED, NEQ,
        WINDASH, RE, I, M, S, BASE64, BASE64OFFSET, UTF16LE, UTF16BE, UTF16, WIDE,
        LT, LTE, GT, GTE, MINUTE, HOUR, DAY, WEEK, MONTH, YEAR, CIDR, EXPAND, FIELDREF;

        static Modifier parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private static final Set<Modifier> COMPARISONS = EnumSet.of(Modifier.LT, Modifier.LTE, Modifier.GT, Modifier.GTE);
    private static final Set<Modifier> TIME_PARTS = EnumSet.of(Modifier.MINUTE, Modifier.HOUR, Modifier.DAY,
            Modifier.WEEK, Modifier.MONTH, Modifier.YEAR);
    private static final Set<Modifier> REGEX_FLAGS = EnumSet.of(Modifier.I, Modifier.M, Modifier.S);
    private static final char[] DASHES = {'-', '/', '\u2013', '\u2014', '\u2015'};

    private final Function<String, FieldRef> fields;
    private final Map<String, List<String>> placeholders;
    private final RuleLimits limits;

    /**
     * @param fields       the field of an event that a rule's field name refers to
     * @param placeholders values of {@code %name%} placeholders for {@code expand}
     */
    DetectionCompiler(Function<String, FieldRef> fields, Map<String, List<String>> placeholders, RuleLimits limits) {
        this.fields = fields;
        this.placeholders = placeholders;
        this.limits = limits;
    }

    /** The condition as quoted in an error: whole when short, else its start. */
    private static String excerpt(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    /** Compiles a whole detection section: every search identifier, then the condition. */
    Condition compile(YamlNode.MapNode detection) throws SigmaException {
        return compile(detection, DetectionTree.CONDITIONS);
    }

    /** Builds a whole detection section into {@code tree}: every search identifier, then the condition. */
    <T> T compile(YamlNode.MapNode detection, DetectionTree<T> tree) throws SigmaException {
        Map<String, T> identifiers = new LinkedHashMap<>();
        YamlNode condition = null;
        for (var e : detection.entries().entrySet()) {
            String name = e.getKey();
            if (name.equals("condition")) {
                condition = e.getValue();
            } else if (name.equals("timeframe")) {
                continue;
            } else {
                identifiers.put(name, tree.selection(name, searchIdentifier(name, e.getValue(), tree)));
            }
        }
        if (condition == null) {
            throw new SigmaException("detection has no condition", detection, "detection.condition");
        }
        List<YamlNode> conditions = condition instanceof YamlNode.ListNode l ? l.items() : List.of(condition);
        if (conditions.isEmpty()) {
            throw new SigmaException("the condition list is empty", condition, "detection.condition");
        }
        List<T> out = new ArrayList<>();
        for (YamlNode c : conditions) {
            if (!(c instanceof YamlNode.Scalar s) || !(s.value() instanceof String text)) {
                throw new SigmaException("a condition is a string, found " + YamlNode.kind(c), c, "detection.condition");
            }
            out.add(ConditionParser.parse(text, identifiers, tree, limits.maxConditionDepth(), (offset, msg) ->
                    new SigmaException(msg + " (in '" + excerpt(text) + "')", c.line(), c.column() + offset,
                            "detection.condition")));
        }
        return out.size() == 1 ? out.get(0) : tree.any(out);
    }

    /** A search identifier: a map (AND of its items), a list (OR of maps or of keywords), or a keyword. */
    <T> T searchIdentifier(String name, YamlNode node, DetectionTree<T> tree) throws SigmaException {
        String where = "detection." + name;
        if (node instanceof YamlNode.MapNode map) {
            return map(map, where, tree);
        }
        if (node instanceof YamlNode.ListNode list) {
            if (list.items().isEmpty()) {
                throw new SigmaException("search identifier '" + name + "' is an empty list", node, where);
            }
            List<T> alternatives = new ArrayList<>();
            List<YamlNode> keywords = new ArrayList<>();
            for (YamlNode item : list.items()) {
                if (item instanceof YamlNode.MapNode m) {
                    alternatives.add(map(m, where, tree));
                } else if (item instanceof YamlNode.Scalar) {
                    keywords.add(item);
                } else {
                    throw new SigmaException("a list in a search identifier holds maps or values, not lists", item, where);
                }
            }
            if (!keywords.isEmpty()) {
                alternatives.add(tree.item(name, null, keywords, item(null, List.of(), keywords, where, node)));
            }
            return alternatives.size() == 1 ? alternatives.get(0) : tree.any(alternatives);
        }
        YamlNode.Scalar s = (YamlNode.Scalar) node;
        if (s.isNull()) {
            throw new SigmaException("search identifier '" + name + "' is empty", node, where);
        }
        return tree.item(name, null, List.of(node), item(null, List.of(), List.of(node), where, node));
    }

    private <T> T map(YamlNode.MapNode map, String where, DetectionTree<T> tree) throws SigmaException {
        if (map.entries().isEmpty()) {
            throw new SigmaException("empty map in a search identifier", map, where);
        }
        List<T> all = new ArrayList<>();
        for (var e : map.entries().entrySet()) {
            String key = e.getKey();
            ShapeLimits.fieldName(key, limits, new YamlNode.Scalar(null, "", map.lineOf(key), map.columnOf(key)), key);
            YamlNode value = e.getValue();
            String[] parts = key.split("\\|", -1);
            String field = parts[0].trim();
            List<Modifier> mods = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                Modifier m = Modifier.parse(parts[i].trim());
                if (m == null) {
                    throw new SigmaException("unknown modifier '" + parts[i] + "'", map.lineOf(key), map.columnOf(key), key);
                }
                mods.add(m);
            }
            List<YamlNode> values;
            if (value instanceof YamlNode.ListNode l) {
                values = l.items();
                if (values.isEmpty()) {
                    throw new SigmaException("empty value list", value, key);
                }
            } else {
                values = List.of(value);
            }
            for (YamlNode v : values) {
                if (!(v instanceof YamlNode.Scalar)) {
                    throw new SigmaException("field values are strings, numbers, booleans or null, not "
                            + YamlNode.kind(v), v, key);
                }
            }
            String name = field.isEmpty() ? null : field;
            all.add(tree.item(key, name == null ? null : fields.apply(name), values, item(name, mods, values, key, value)));
        }
        return all.size() == 1 ? all.get(0) : tree.all(all);
    }

    /**
     * One detection item: a field (or {@code null} for a keyword search), its modifiers and its values.
     */
    private Condition item(String fieldName, List<Modifier> mods, List<YamlNode> values, String where, YamlNode at)
            throws SigmaException {
        boolean all = mods.contains(Modifier.ALL);
        boolean neq = mods.contains(Modifier.NEQ);
        boolean cased = mods.contains(Modifier.CASED);
        if (all && values.size() < 2) {
            // Sigma 2.1, modifiers appendix, "Generic Modifiers": single item values may not have 'all'
            throw new SigmaException("'all' needs a list of two or more values; for one value leave it out", at, where);
        }
        FieldRef field = fieldName == null ? null : fields.apply(fieldName);

        // null: "field is null" (own selection only; rules specification, "Special Field Values")
        boolean hasNull = values.stream().anyMatch(v -> ((YamlNode.Scalar) v).isNull());
        if (hasNull) {
            if (values.size() > 1) {
                throw new SigmaException("null cannot be part of a list of values", at, where);
            }
            if (field == null) {
                throw new SigmaException("a keyword cannot be null", at, where);
            }
            if (!mods.isEmpty() && !(mods.size() == 1 && neq)) {
                throw new SigmaException("modifiers " + names(mods) + " cannot apply to null", at, where);
            }
            Condition isNull = new Condition.IsNull(field);
            return neq ? Condition.not(isNull) : isNull;
        }

        if (mods.contains(Modifier.EXISTS)) {
            if (field == null) {
                throw new SigmaException("'exists' needs a field", at, where);
            }
            if (mods.size() > 1 || values.size() != 1
                    || !(((YamlNode.Scalar) values.get(0)).value() instanceof Boolean b)) {
                throw new SigmaException("'exists' takes one value, true or false, and no other modifier", at, where);
            }
            return new Condition.Exists(field, b);
        }

        // one condition per value; the variants of a value (windash, base64offset, expand) are alternatives
        List<Condition> perValue = new ArrayList<>();
        if (mods.contains(Modifier.FIELDREF)) {
            if (field == null) {
                throw new SigmaException("'fieldref' needs a field", at, where);
            }
            StringMatcher.Kind kind = matchKind(mods);
            for (YamlNode v : values) {
                YamlNode.Scalar s = (YamlNode.Scalar) v;
                String name = s.isNull() ? "" : text(s);
                if (name.isEmpty()) {
                    throw new SigmaException("'fieldref' needs the name of a field, not an empty value", v, where);
                }
                if (!(s.value() instanceof String) || name.indexOf('*') >= 0 || name.indexOf('?') >= 0
                        || name.indexOf('|') >= 0 || !name.strip().equals(name)) {
                    throw new SigmaException("'fieldref' needs the plain name of a field (no wildcard, modifier or"
                            + " surrounding space), found '" + name + "'", v, where);
                }
                ShapeLimits.fieldName(name, limits, v, where);
                perValue.add(new Condition.FieldCompare(field, fields.apply(name), kind, cased));
            }
        } else {
            for (YamlNode v : values) {
                List<Condition> variants = new ArrayList<>();
                for (ValueMatcher m : matchers((YamlNode.Scalar) v, mods, fieldName == null, cased, where)) {
                    variants.add(field == null ? new Condition.Keyword(m) : new Condition.Match(field, m));
                }
                perValue.add(Condition.any(variants));
            }
        }
        Condition combined = all ? Condition.all(perValue) : Condition.any(perValue);
        return neq ? Condition.not(combined) : combined;
    }

    private static StringMatcher.Kind matchKind(List<Modifier> mods) {
        if (mods.contains(Modifier.CONTAINS)) {
            return StringMatcher.Kind.CONTAINS;
        }
        if (mods.contains(Modifier.STARTSWITH)) {
            return StringMatcher.Kind.STARTS_WITH;
        }
        if (mods.contains(Modifier.ENDSWITH)) {
            return StringMatcher.Kind.ENDS_WITH;
        }
        return StringMatcher.Kind.EQUALS;
    }

    private static String names(List<Modifier> mods) {
        return mods.stream().map(m -> m.name().toLowerCase(Locale.ROOT)).toList().toString();
    }

    private static String text(YamlNode.Scalar s) {
        Object v = s.value();
        if (v instanceof String str) {
            return str;
        }
        if (v instanceof Number) {
            return SigmaValue.numberText(v);
        }
        return String.valueOf(v);
    }

    /** The matchers one value compiles to under {@code mods}: several where a modifier expands it. */
    private List<ValueMatcher> matchers(YamlNode.Scalar v, List<Modifier> mods, boolean keyword, boolean cased,
                                        String where) throws SigmaException {
        List<ValueMatcher> out = new ArrayList<>();
        if (mods.contains(Modifier.RE)) {
            boolean i = false;
            boolean m = false;
            boolean s = false;
            for (Modifier mod : mods) {
                switch (mod) {
                    case RE, ALL, NEQ, CASED -> { }
                    case I -> i = true;
                    case M -> m = true;
                    case S -> s = true;
                    default -> throw new SigmaException("'re' cannot be combined with '"
                            + mod.name().toLowerCase(Locale.ROOT) + "'", v, where);
                }
            }
            if (!(v.value() instanceof String)) {
                throw new SigmaException("'re' needs a string value", v, where);
            }
            try {
                ShapeLimits.regex(text(v), limits, v, where);
                out.add(RegexMatcher.of(text(v), i, m, s));
            } catch (IllegalArgumentException e) {
                throw new SigmaException(e.getMessage(), v, where);
            }
            return out;
        }
        for (Modifier mod : mods) {
            if (REGEX_FLAGS.contains(mod)) {
                throw new SigmaException("'" + mod.name().toLowerCase(Locale.ROOT) + "' is a sub-modifier of 're'", v, where);
            }
        }
        if (mods.contains(Modifier.CIDR)) {
            for (Modifier mod : mods) {
                if (mod != Modifier.CIDR && mod != Modifier.ALL && mod != Modifier.NEQ) {
                    throw new SigmaException("'cidr' cannot be combined with '" + mod.name().toLowerCase(Locale.ROOT) + "'", v, where);
                }
            }
            CidrMatcher cidr;
            try {
                cidr = CidrMatcher.of(text(v));
            } catch (IllegalArgumentException e) {
                throw new SigmaException(e.getMessage(), v, where);
            }
            if (cidr.hasHostBits()) {
                // the spec is silent; pySigma, the reference implementation, rejects it (docs/SEMANTICS.md)
                throw new SigmaException("'" + text(v) + "' has bits set past its prefix length: write the network"
                        + " address (192.168.1.0/24, not 192.168.1.1/24)", v, where);
            }
            out.add(cidr);
            return out;
        }
        Modifier timePart = mods.stream().filter(TIME_PARTS::contains).findFirst().orElse(null);
        Modifier comparison = mods.stream().filter(COMPARISONS::contains).findFirst().orElse(null);
        if (timePart != null || comparison != null) {
            for (Modifier mod : mods) {
                if (mod != Modifier.ALL && mod != Modifier.NEQ && !TIME_PARTS.contains(mod) && !COMPARISONS.contains(mod)) {
                    // Sigma 2.1, modifiers appendix: numeric modifiers apply to numbers, string modifiers to strings
                    throw new SigmaException("'" + (comparison != null ? comparison : timePart).name().toLowerCase(Locale.ROOT)
                            + "' compares numbers and cannot be combined with the string modifier '"
                            + mod.name().toLowerCase(Locale.ROOT) + "'", v, where);
                }
            }
            if (mods.stream().filter(COMPARISONS::contains).count() > 1) {
                throw new SigmaException("one comparison per value: use a second field entry for a range", v, where);
            }
            BigDecimal number = Numbers.of(v, limits, where);
            if (number == null) {
                throw new SigmaException("'" + (comparison != null ? comparison : timePart).name().toLowerCase(Locale.ROOT)
                        + "' needs a number, found '" + v.text() + "'", v, where);
            }
            NumericMatcher.Op op = comparison == null ? NumericMatcher.Op.EQ : switch (comparison) {
                case LT -> NumericMatcher.Op.LT;
                case LTE -> NumericMatcher.Op.LTE;
                case GT -> NumericMatcher.Op.GT;
                default -> NumericMatcher.Op.GTE;
            };
            NumericMatcher cmp = new NumericMatcher(op, number);
            if (timePart == null) {
                out.add(cmp);
            } else {
                out.add(new TimePartMatcher(TimePartMatcher.Unit.valueOf(timePart.name()), cmp));
            }
            return out;
        }

        // string matching: transformations in the order written, then the match kind
        List<SigmaValue> values = new ArrayList<>();
        Object raw = v.value();
        if (raw instanceof String s) {
            if (mods.contains(Modifier.EXPAND)) {
                for (String expanded : expand(s, v, where)) {
                    values.add(SigmaValue.parseText(expanded));
                }
            } else {
                values.add(SigmaValue.parseText(s));
            }
        } else if (raw instanceof Number n) {
            values.add(SigmaValue.Text.literal(SigmaValue.numberText(n)));
        } else if (raw instanceof Boolean b) {
            values.add(SigmaValue.Text.literal(b.toString()));
        }
        boolean wrapped = false;
        for (Modifier mod : mods) {
            switch (mod) {
                case CONTAINS, STARTSWITH, ENDSWITH -> {
                    if (wrapped) {
                        throw new SigmaException("only one of contains, startswith, endswith may apply", v, where);
                    }
                    wrapped = true;
                    values = wrap(values, mod, v, where);
                }
                case WINDASH -> values = windash(values, v, where);
                case BASE64 -> values = base64(values, false, v, where);
                case BASE64OFFSET -> values = base64(values, true, v, where);
                case UTF16LE, WIDE -> values = encode(values, "UTF-16LE", false, v, where);
                case UTF16BE -> values = encode(values, "UTF-16BE", false, v, where);
                case UTF16 -> values = encode(values, "UTF-16LE", true, v, where);
                case ALL, NEQ, CASED, EXPAND -> { }
                default -> throw new SigmaException("modifier '" + mod.name().toLowerCase(Locale.ROOT)
                        + "' does not apply here", v, where);
            }
            if (values.size() > limits.maxValueVariants()) {
                throw new SigmaException("the modifiers expand this value into more than " + limits.maxValueVariants()
                        + " variants (RuleLimits.maxValueVariants)", v, where);
            }
        }
        if (keyword && !wrapped) {
            values = wrap(values, Modifier.CONTAINS, v, where);
        }
        for (SigmaValue sv : values) {
            SigmaValue.Text t = sv instanceof SigmaValue.Bytes b
                    ? SigmaValue.Text.literal(SigmaValue.latin1(b.bytes())) : (SigmaValue.Text) sv;
            out.add(StringMatcher.of(GlobPattern.of(t.parts()), cased));
        }
        return out;
    }

    /**
     * Replaces {@code %name%} placeholders (a name is word characters, as in pySigma) with each of
     * their values. {@code \%} is a plain percent sign; {@code \\} is an escaped backslash, left for
     * the Sigma string parser, so {@code \\%name%} is a backslash before a placeholder. A percent
     * sign that opens no placeholder ({@code 100%}) is plain.
     */
    private List<String> expand(String s, YamlNode at, String where) throws SigmaException {
        List<String> results = new ArrayList<>();
        results.add("");
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            int end = c == '%' ? placeholderEnd(s, i) : -1;
            if (c == '\\' && (next == '%' || next == '\\')) {
                append(results, next == '%' ? "%" : "\\\\");
                i += 2;
            } else if (end > 0) {
                String name = s.substring(i + 1, end);
                List<String> values = placeholders.get(name);
                if (values == null || values.isEmpty()) {
                    throw new SigmaException("placeholder %" + name + "% has no value", at, where);
                }
                if ((long) results.size() * values.size() > limits.maxValueVariants()) {
                    throw new SigmaException("'expand' expands this value into more than " + limits.maxValueVariants()
                            + " variants (RuleLimits.maxValueVariants)", at, where);
                }
                List<String> combined = new ArrayList<>();
                for (String prefix : results) {
                    for (String value : values) {
                        combined.add(prefix + value);
                    }
                }
                results = combined;
                i = end + 1;
            } else {
                append(results, String.valueOf(c));
                i++;
            }
        }
        return results;
    }

    /** The index of the {@code %} closing a placeholder opened at {@code start}, or -1. */
    private static int placeholderEnd(String s, int start) {
        int j = start + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j > start + 1 && j < s.length() && s.charAt(j) == '%' ? j : -1;
    }

    private static void append(List<String> results, String s) {
        results.replaceAll(r -> r + s);
    }

    private static List<SigmaValue> wrap(List<SigmaValue> values, Modifier mod, YamlNode at, String where)
            throws SigmaException {
        List<SigmaValue> out = new ArrayList<>();
        for (SigmaValue sv : values) {
            List<GlobPattern.Part> parts = new ArrayList<>(textOf(sv, mod, at, where).parts());
            if (mod != Modifier.STARTSWITH && (parts.isEmpty() || parts.get(0) != GlobPattern.ANY_RUN)) {
                parts.add(0, GlobPattern.ANY_RUN);
            }
            if (mod != Modifier.ENDSWITH && parts.get(parts.size() - 1) != GlobPattern.ANY_RUN) {
                parts.add(GlobPattern.ANY_RUN);
            }
            out.add(new SigmaValue.Text(parts));
        }
        return out;
    }

    private static SigmaValue.Text textOf(SigmaValue sv, Modifier mod, YamlNode at, String where) throws SigmaException {
        if (sv instanceof SigmaValue.Text t) {
            return t;
        }
        if (sv instanceof SigmaValue.Bytes b) {
            return SigmaValue.Text.literal(SigmaValue.latin1(b.bytes()));
        }
        throw new SigmaException("'" + mod.name().toLowerCase(Locale.ROOT) + "' needs a string value", at, where);
    }

    /** Every combination of the five dash characters wherever one of them occurs in a literal part. */
    private List<SigmaValue> windash(List<SigmaValue> values, YamlNode at, String where) throws SigmaException {
        List<SigmaValue> out = new ArrayList<>();
        for (SigmaValue sv : values) {
            SigmaValue.Text t = textOf(sv, Modifier.WINDASH, at, where);
            List<List<GlobPattern.Part>> variants = new ArrayList<>();
            variants.add(new ArrayList<>());
            for (GlobPattern.Part p : t.parts()) {
                if (p instanceof GlobPattern.Literal l) {
                    List<String> texts = new ArrayList<>();
                    texts.add("");
                    for (char c : l.text().toCharArray()) {
                        if (isDash(c)) {
                            List<String> next = new ArrayList<>();
                            for (String prefix : texts) {
                                for (char d : DASHES) {
                                    next.add(prefix + d);
                                }
                            }
                            texts = next;
                            if (texts.size() * variants.size() > limits.maxValueVariants()) {
                                throw new SigmaException("'windash' expands this value into more than "
                                        + limits.maxValueVariants() + " variants (RuleLimits.maxValueVariants)", at, where);
                            }
                        } else {
                            texts.replaceAll(x -> x + c);
                        }
                    }
                    List<List<GlobPattern.Part>> next = new ArrayList<>();
                    for (List<GlobPattern.Part> prefix : variants) {
                        for (String text : texts) {
                            List<GlobPattern.Part> copy = new ArrayList<>(prefix);
                            copy.add(new GlobPattern.Literal(text));
                            next.add(copy);
                        }
                    }
                    variants = next;
                } else {
                    variants.forEach(v -> v.add(p));
                }
            }
            for (List<GlobPattern.Part> v : variants) {
                out.add(new SigmaValue.Text(v));
            }
        }
        return out;
    }

    private static boolean isDash(char c) {
        for (char d : DASHES) {
            if (c == d) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytesOf(SigmaValue sv, String mod, YamlNode at, String where) throws SigmaException {
        if (sv instanceof SigmaValue.Bytes b) {
            return b.bytes();
        }
        SigmaValue.Text t = (SigmaValue.Text) sv;
        if (t.hasWildcards()) {
            throw new SigmaException("'" + mod + "' cannot encode a value with wildcards; escape them"
                    + " or apply contains/startswith/endswith after it", at, where);
        }
        return t.literal().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code base64}: the value's bytes Base64-encoded. {@code base64offset}: the three encodings of
     * the value at byte offsets 0, 1 and 2 of a longer text, cut to the characters that do not depend
     * on the neighbouring bytes.
     */
    private static List<SigmaValue> base64(List<SigmaValue> values, boolean offsets, YamlNode at, String where)
            throws SigmaException {
        List<SigmaValue> out = new ArrayList<>();
        Base64.Encoder enc = Base64.getEncoder();
        for (SigmaValue sv : values) {
            byte[] bytes = bytesOf(sv, offsets ? "base64offset" : "base64", at, where);
            if (!offsets) {
                out.add(SigmaValue.Text.literal(enc.encodeToString(bytes)));
                continue;
            }
            int[] start = {0, 2, 3};
            int[] endCut = {0, 3, 2};
            for (int i = 0; i < 3; i++) {
                byte[] shifted = new byte[bytes.length + i];
                for (int k = 0; k < i; k++) {
                    shifted[k] = ' ';
                }
                System.arraycopy(bytes, 0, shifted, i, bytes.length);
                String encoded = enc.encodeToString(shifted);
                int cut = endCut[(bytes.length + i) % 3];
                int end = encoded.length() - cut;
                if (end > start[i]) {
                    out.add(SigmaValue.Text.literal(encoded.substring(start[i], end)));
                }
            }
        }
        return out;
    }

    private static List<SigmaValue> encode(List<SigmaValue> values, String charset, boolean bom, YamlNode at,
                                           String where) throws SigmaException {
        List<SigmaValue> out = new ArrayList<>();
        for (SigmaValue sv : values) {
            if (sv instanceof SigmaValue.Bytes) {
                throw new SigmaException("the value is encoded twice", at, where);
            }
            SigmaValue.Text t = (SigmaValue.Text) sv;
            java.nio.charset.Charset cs = java.nio.charset.Charset.forName(charset);
            if (t.hasWildcards()) {
                // as pySigma does: the literal parts encoded, the wildcards kept (a base64 after it still
                // cannot encode them, and says so)
                List<GlobPattern.Part> parts = new ArrayList<>();
                if (bom) {
                    parts.add(new GlobPattern.Literal("\u00FF\u00FE"));
                }
                for (GlobPattern.Part p : t.parts()) {
                    parts.add(p instanceof GlobPattern.Literal l
                            ? new GlobPattern.Literal(SigmaValue.latin1(l.text().getBytes(cs))) : p);
                }
                out.add(new SigmaValue.Text(parts));
                continue;
            }
            byte[] encoded = t.literal().getBytes(cs);
            if (bom) {
                byte[] withBom = new byte[encoded.length + 2];
                withBom[0] = (byte) 0xFF;
                withBom[1] = (byte) 0xFE;
                System.arraycopy(encoded, 0, withBom, 2, encoded.length);
                encoded = withBom;
            }
            out.add(new SigmaValue.Bytes(encoded));
        }
        return out;
    }
}
