package dev.vigil.benchmarks.drools;

import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.ValueMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates compiled rules one-to-one into DRL: one Drools rule per Vigil rule, over the facts of
 * {@link EventFacts}, so that Drools' own network (alpha-node sharing and hashing, Phreak's lazy
 * beta evaluation) selects the rules an event can match.
 *
 * <p>A condition tree becomes a disjunction of conjunctions (Drools turns a top-level {@code or}
 * into sub-rules anyway). {@code Match(field, matcher)} becomes a pattern
 * {@code FieldValue(name == "field", ...)} whose constraint is a plain DRL comparison for string
 * matchers ({@code lower == "x"}, hashed by Drools across rules; {@code lower.startsWith("x")},
 * {@code endsWith}, {@code contains}; Drools 10.2's {@code str[...]} operators fail once its JIT
 * compiles them) and a call to {@link DrlFunctions#test} for wildcard
 * patterns, regular expressions, numeric, CIDR and date comparisons. Several non-equality matchers of
 * one field under an {@code Any} share one pattern ({@code ... || ...}); equalities stay separate
 * patterns so that Drools can hash them, unless the rule would exceed {@link #MAX_BRANCHES}
 * branches. {@code Exists}/{@code IsNull} test {@link FieldPresence} facts; {@code Keyword} is a
 * {@code FieldValue} pattern without a name; {@code FieldCompare} joins two {@code FieldValue}
 * patterns; {@code Not} is DRL {@code not}, nested as deep as the tree. The logsource check of the
 * {@code hints} mode ({@code product is null or product = 'windows'}, per dimension) is a constraint
 * tested on each of the rule's field patterns right after the field name (an alpha node shared by
 * all patterns of that field and log source), so that Drools' alpha network routes each field value
 * to the rules of its log source only; a rule without field patterns tests it on the event fact.
 *
 * <p>Not translated (reported with the reason): fields with several paths (the mapped logsource
 * mode), wildcard path segments, literals with control characters, and rules with more than
 * {@link #MAX_BRANCHES} branches.
 */
public final class DrlTranslator {

    /** The most alternatives (sub-rules) one rule may become. */
    public static final int MAX_BRANCHES = 64;

    /** The most alternatives one pattern's constraint holds ({@code a || b || ...}). */
    static final int MAX_ALTERNATIVES_PER_PATTERN = 200;

    static final String PACKAGE = "dev.vigil.benchmarks.generated";

    private DrlTranslator() {
    }

    /** The DRL for {@code rules} and the rules it covers. */
    public record Translation(String drl, List<Rule> rules, Map<Rule, String> skipped, int[] firstLine,
                              int[] lastLine) {
    }

    static Translation translate(List<Rule> rules) {
        StringBuilder drl = new StringBuilder();
        drl.append("package ").append(PACKAGE).append(";\n\n")
                .append("import ").append(EventMarker.class.getName()).append(";\n")
                .append("import ").append(FieldValue.class.getName()).append(";\n")
                .append("import ").append(FieldPresence.class.getName()).append(";\n")
                .append("import ").append(DrlFunctions.class.getName()).append(";\n\n")
                .append("global ").append(Hits.class.getName()).append(" hits;\n\n");
        List<Rule> translated = new ArrayList<>();
        Map<Rule, String> skipped = new LinkedHashMap<>();
        List<int[]> lines = new ArrayList<>();
        int line = (int) drl.chars().filter(c -> c == '\n').count() + 1;
        for (Rule rule : rules) {
            String text;
            try {
                text = rule(rule, translated.size());
            } catch (Unsupported e) {
                skipped.put(rule, e.getMessage());
                continue;
            }
            int n = (int) text.chars().filter(c -> c == '\n').count();
            lines.add(new int[] {line, line + n - 1});
            line += n;
            drl.append(text);
            translated.add(rule);
        }
        int[] first = lines.stream().mapToInt(l -> l[0]).toArray();
        int[] last = lines.stream().mapToInt(l -> l[1]).toArray();
        return new Translation(drl.toString(), translated, skipped, first, last);
    }

    /** One DRL rule, ending with a newline; its consequence reports {@code index}. */
    static String rule(Rule rule, int index) throws Unsupported {
        List<List<Term>> dnf;
        try {
            dnf = new Normalizer(false).dnf(rule.condition());
        } catch (Unsupported tooMany) {
            dnf = new Normalizer(true).dnf(rule.condition());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("rule \"r").append(index).append("\"\n");
        sb.append("when");
        Renderer r = new Renderer();
        if (dnf.isEmpty()) {
            sb.append("\n    EventMarker()\n    eval(false)");
        } else if (dnf.size() == 1) {
            for (Term t : anchored(dnf.get(0))) {
                sb.append("\n    ").append(r.term(t));
            }
        } else {
            sb.append("\n    (");
            for (int i = 0; i < dnf.size(); i++) {
                sb.append(i == 0 ? "\n        " : "\n     or ").append(r.conjunction(anchored(dnf.get(i))));
            }
            sb.append("\n    )");
        }
        sb.append("\nthen\n    hits.hit(").append(index).append(");\nend\n\n");
        return sb.toString();
    }

    /**
     * The terms of a top-level conjunction in the order Drools should meet them: patterns first,
     * equalities (hashed in the alpha network) before other tests, then the logsource hints on the
     * event's {@link EventMarker}, joins, negations; a conjunction without a pattern starts with the
     * {@code EventMarker}, so that it fires once per event.
     */
    static List<Term> anchored(List<Term> conjunction) {
        List<Term> sorted = ordered(conjunction);
        if (sorted.isEmpty() || sorted.get(0) instanceof Negation) {
            sorted.add(0, new Atom("EventMarker", null, null));
        }
        return sorted;
    }

    /** The terms in evaluation order, hints merged into one {@code EventMarker} pattern after the others. */
    static List<Term> ordered(List<Term> conjunction) {
        List<String> hints = new ArrayList<>();
        List<Term> sorted = new ArrayList<>();
        for (Term t : conjunction) {
            if (t instanceof Hint h) {
                hints.add(h.constraint());
            } else {
                sorted.add(t);
            }
        }
        sorted.sort(java.util.Comparator.comparingInt(DrlTranslator::rank));
        if (hints.isEmpty()) {
            return sorted;
        }
        String hint = String.join(", ", hints);
        if (sorted.isEmpty() || !(sorted.get(0) instanceof Atom)) {
            sorted.add(0, new Atom("EventMarker", null, hint));
            return sorted;
        }
        // Routing in the alpha network: each pattern tests the hints right after its field name, in
        // an alpha node shared by all patterns of that field and log source, so that the rule's own
        // tests are not even tried on events of another log source. (As a join on the event fact
        // instead, every event would reach a beta node of every rule of its log source.)
        for (int i = 0; i < sorted.size() && sorted.get(i) instanceof Atom a; i++) {
            sorted.set(i, a.withHint(hint));
        }
        return sorted;
    }

    private static int rank(Term t) {
        if (t instanceof Atom a) {
            String c = a.constraint() == null ? "" : a.constraint();
            return (c.startsWith("lower == ") || c.startsWith("text == ")) && !c.contains("||") ? 0 : 1;
        }
        return t instanceof Hint ? -1 : t instanceof Compare ? 2 : 3;
    }

    /** A condition that DRL cannot express as generated here. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One element of a conjunction. */
    sealed interface Term permits Atom, Hint, Compare, Negation {
    }

    /** A constraint on the event's {@link EventMarker}; those of one conjunction share one pattern. */
    record Hint(String constraint) implements Term {
    }

    /** A pattern, as DRL text. */
    record Atom(String type, String name, String constraint) implements Term {

        /** The pattern, with its tests in this order: field name, hints, the atom's own test. */
        String pattern() {
            List<String> tests = new ArrayList<>(3);
            if (name != null) {
                tests.add("name == " + name);
            }
            if (constraint != null) {
                tests.add(constraint);
            }
            return type + "(" + String.join(", ", tests) + ")";
        }

        Atom withHint(String hint) {
            return new Atom(type, name, constraint == null ? hint : hint + ", " + constraint);
        }
    }

    /** Some value of {@code field} compares with some value of {@code other} (both as DRL literals). */
    record Compare(String field, String other, int kind, boolean cased) implements Term {
    }

    /** No match of the conjunction. */
    record Negation(List<Term> conjunction) implements Term {
    }

    /** Disjunctive normal form, negation kept as nested {@code not} over conjunctions. */
    private record Normalizer(boolean mergeEquals) {

        List<List<Term>> dnf(Condition c) throws Unsupported {
            if (c instanceof Condition.Constant k) {
                return k.value() ? List.of(List.of()) : List.of();
            }
            if (c instanceof Condition.All all) {
                List<List<Term>> acc = List.of(List.of());
                for (Condition child : all.conditions()) {
                    acc = product(acc, dnf(child));
                }
                return acc;
            }
            if (c instanceof Condition.Any any) {
                Hint hint = hint(any);
                return hint != null ? single(hint) : anyOf(any.conditions());
            }
            if (c instanceof Condition.Not not) {
                return negate(dnf(not.condition()));
            }
            if (c instanceof Condition.Match m) {
                return single(new Atom("FieldValue", literal(name(m.field())), constraint(m.matcher())));
            }
            if (c instanceof Condition.Keyword k) {
                return single(new Atom("FieldValue", null, constraint(k.matcher())));
            }
            if (c instanceof Condition.Exists e) {
                Atom present = new Atom("FieldPresence", literal(name(e.field())), null);
                return e.present() ? single(present) : single(new Negation(List.of(present)));
            }
            if (c instanceof Condition.IsNull n) {
                return single(new Negation(List.of(new Atom("FieldPresence", literal(name(n.field())), "nonNull"))));
            }
            if (c instanceof Condition.FieldCompare f) {
                return single(new Compare(literal(name(f.field())), literal(name(f.other())), f.kind().ordinal(),
                        f.cased()));
            }
            throw new Unsupported("condition " + c.getClass().getSimpleName());
        }

        /** The logsource hint {@code field is null or field = 'value'} (the hints mode), or null. */
        private static Hint hint(Condition.Any any) throws Unsupported {
            if (any.conditions().size() == 2 && any.conditions().get(0) instanceof Condition.IsNull n
                    && any.conditions().get(1) instanceof Condition.Match m && n.field().equals(m.field())
                    && m.matcher() instanceof StringMatcher s && s.kind() == StringMatcher.Kind.EQUALS
                    && !s.cased()) {
                return new Hint("hint(" + literal(name(n.field())) + ", " + literal(s.value()) + ")");
            }
            return null;
        }

        /**
         * Alternatives; matchers of one field that Drools cannot hash (all but equalities, unless
         * {@link #mergeEquals}) share one pattern, and so do keywords.
         */
        private List<List<Term>> anyOf(List<Condition> children) throws Unsupported {
            Map<String, List<String>> merged = new LinkedHashMap<>();
            List<List<Term>> out = new ArrayList<>();
            for (Condition child : children) {
                String key = null;
                String constraint = null;
                if (child instanceof Condition.Match m && (mergeEquals || !isEquality(m.matcher()))) {
                    key = name(m.field());
                    constraint = constraint(m.matcher());
                } else if (child instanceof Condition.Keyword k) {
                    key = "";
                    constraint = constraint(k.matcher());
                }
                if (key == null) {
                    out = union(out, dnf(child));
                } else {
                    merged.computeIfAbsent(key, x -> new ArrayList<>()).add(constraint);
                }
            }
            for (Map.Entry<String, List<String>> e : merged.entrySet()) {
                List<String> all = e.getValue();
                // MVEL cannot analyse an expression of thousands of alternatives: split it
                for (int from = 0; from < all.size(); from += MAX_ALTERNATIVES_PER_PATTERN) {
                    List<String> cs = all.subList(from, Math.min(all.size(), from + MAX_ALTERNATIVES_PER_PATTERN));
                    String constraint = cs.size() == 1 ? cs.get(0) : "(" + String.join(") || (", cs) + ")";
                    String name = e.getKey().isEmpty() ? null : literal(e.getKey());
                    out = union(out, single(new Atom("FieldValue", name, constraint)));
                }
            }
            return out;
        }

        private static List<List<Term>> negate(List<List<Term>> dnf) {
            if (dnf.isEmpty()) {
                return List.of(List.of());
            }
            List<Term> conj = new ArrayList<>();
            for (List<Term> c : dnf) {
                if (c.isEmpty()) {
                    return List.of();
                }
                conj.add(new Negation(c));
            }
            return List.of(conj);
        }

        private static List<List<Term>> single(Term t) {
            return List.of(List.of(t));
        }

        private static List<List<Term>> union(List<List<Term>> a, List<List<Term>> b) throws Unsupported {
            check((long) a.size() + b.size());
            List<List<Term>> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        private static List<List<Term>> product(List<List<Term>> a, List<List<Term>> b) throws Unsupported {
            check((long) a.size() * b.size());
            List<List<Term>> out = new ArrayList<>();
            for (List<Term> x : a) {
                for (List<Term> y : b) {
                    List<Term> both = new ArrayList<>(x);
                    both.addAll(y);
                    out.add(both);
                }
            }
            return out;
        }

        private static void check(long branches) throws Unsupported {
            if (branches > MAX_BRANCHES) {
                throw new Unsupported("more than " + MAX_BRANCHES + " alternatives");
            }
        }
    }

    private static boolean isEquality(ValueMatcher m) {
        return m instanceof StringMatcher s && s.kind() == StringMatcher.Kind.EQUALS;
    }

    /** The DRL constraint on a {@code FieldValue} that {@code matcher} stands for. */
    static String constraint(ValueMatcher matcher) throws Unsupported {
        if (matcher instanceof StringMatcher s && s.kind() != StringMatcher.Kind.GLOB) {
            String subject = s.cased() ? "text" : "lower";
            String v = literal(s.value());
            return switch (s.kind()) {
                case EQUALS -> subject + " == " + v;
                case STARTS_WITH -> subject + ".startsWith(" + v + ")";
                case ENDS_WITH -> subject + ".endsWith(" + v + ")";
                case CONTAINS -> subject + ".contains(" + v + ")";
                case GLOB -> throw new AssertionError();
            };
        }
        return "DrlFunctions.test(" + DrlFunctions.register(matcher) + ", value)";
    }

    private static String name(FieldRef field) throws Unsupported {
        if (field.paths().size() != 1) {
            throw new Unsupported("field " + field.name() + " has several paths (mapped logsource mode)");
        }
        FieldPath path = field.paths().get(0);
        for (String segment : path.text().split("\\.", -1)) {
            if (segment.equals("*")) {
                throw new Unsupported("field " + field.name() + " has a wildcard segment");
            }
        }
        return path.text();
    }

    /** A DRL string literal: the text itself, with backslash and quote escaped. */
    static String literal(String s) throws Unsupported {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        throw new Unsupported("control character in a literal");
                    }
                    sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Writes terms, with fresh binding names. */
    private static final class Renderer {
        private int bindings;

        String conjunction(List<Term> terms) {
            if (terms.isEmpty()) {
                return "EventMarker()";
            }
            terms = ordered(terms);
            StringBuilder sb = new StringBuilder();
            if (terms.size() > 1) {
                sb.append("( ");
            }
            for (int i = 0; i < terms.size(); i++) {
                if (i > 0) {
                    sb.append(" and ");
                }
                sb.append(term(terms.get(i)));
            }
            if (terms.size() > 1) {
                sb.append(" )");
            }
            return sb.toString();
        }

        String term(Term t) {
            if (t instanceof Atom a) {
                return a.pattern();
            }
            if (t instanceof Hint h) {
                return "EventMarker(" + h.constraint() + ")";
            }
            if (t instanceof Compare c) {
                String v = "$v" + bindings++;
                return "( " + v + " : FieldValue(name == " + c.other() + ") and FieldValue(name == " + c.field()
                        + ", DrlFunctions.compare(" + c.kind() + ", " + c.cased() + ", text, " + v + ".text)) )";
            }
            Negation n = (Negation) t;
            if (n.conjunction().size() == 1 && n.conjunction().get(0) instanceof Atom a) {
                return "not " + a.pattern();
            }
            return "not " + (n.conjunction().size() == 1 ? "( " + conjunction(n.conjunction()) + " )"
                    : conjunction(n.conjunction()));
        }
    }
}
