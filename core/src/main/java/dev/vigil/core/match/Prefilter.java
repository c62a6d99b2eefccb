package dev.vigil.core.match;

import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.GlobPattern;
import dev.vigil.core.rule.RegexMatcher;
import dev.vigil.core.rule.StringMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds what an event must contain for a rule to match: a few clauses, each a set of "atoms"
 * (literals on fields such as {@code Image ends with \cmd.exe}, or the presence of a field) of which
 * at least one must hold. A rule is evaluated only on events that satisfy all its clauses; a rule
 * with no clause is evaluated on every event. Sound by construction: every clause is a necessary
 * condition of the rule's condition.
 */
final class Prefilter {

    /**
     * Where an atom's literal must sit in a lower-cased value; or, with no literal, the state of the
     * field itself: present, absent, or absent or null.
     */
    enum Kind {
        EQUALS, PREFIX, SUFFIX, CONTAINS, PRESENT, ABSENT, NULL;

        boolean isFieldState() {
            return this == PRESENT || this == ABSENT || this == NULL;
        }
    }

    /** A literal on a field ({@code field} = -1: any leaf of the event, a keyword search). */
    record Atom(int field, Kind kind, String literal) {
    }

    /** The most clauses kept per rule. */
    static final int MAX_CLAUSES = 3;

    private final FieldTable table;
    private final Map<Atom, Integer> usage = new HashMap<>();

    Prefilter(FieldTable table) {
        this.table = table;
    }

    /** Counts the atoms each rule could use, so that later choices avoid the common ones. */
    void survey(Condition c) {
        Set<Atom> seen = new LinkedHashSet<>();
        collectAll(c, seen);
        for (Atom a : seen) {
            usage.merge(a, 1, Integer::sum);
        }
    }

    private void collectAll(Condition c, Set<Atom> out) {
        if (c instanceof Condition.All all) {
            all.conditions().forEach(x -> collectAll(x, out));
        } else if (c instanceof Condition.Any any) {
            any.conditions().forEach(x -> collectAll(x, out));
        } else {
            Set<Atom> leaf = leafAtoms(c);
            if (leaf != null) {
                out.addAll(leaf);
            }
        }
    }

    /**
     * The clauses of a rule's condition, cheapest first: every one must be satisfied by an event the
     * condition matches. Empty: no requirement is known. A clause with no atoms: never matches.
     */
    List<Set<Atom>> clauses(Condition c) {
        if (c instanceof Condition.All all) {
            List<Set<Atom>> out = new ArrayList<>();
            for (Condition part : all.conditions()) {
                out.addAll(clauses(part));
            }
            return best(out);
        }
        if (c instanceof Condition.Any any) {
            Set<Atom> union = new LinkedHashSet<>();
            for (Condition part : any.conditions()) {
                List<Set<Atom>> cs = clauses(part);
                if (cs.isEmpty()) {
                    return List.of();
                }
                union.addAll(cs.get(0));
            }
            return List.of(union);
        }
        if (c instanceof Condition.Constant k) {
            return k.value() ? List.of() : List.of(Set.of());
        }
        Set<Atom> leaf = leafAtoms(c);
        return leaf == null ? List.of() : List.of(leaf);
    }

    private List<Set<Atom>> best(List<Set<Atom>> clauses) {
        List<Set<Atom>> distinct = new ArrayList<>(new LinkedHashSet<>(clauses));
        distinct.sort(Comparator.comparingDouble(this::cost));
        return distinct.size() <= MAX_CLAUSES ? distinct : new ArrayList<>(distinct.subList(0, MAX_CLAUSES));
    }

    /**
     * An estimate of how often a clause holds in events, led by its most frequent atom. An atom that
     * many rules share is usually a common one (a log source condition such as a channel name, or a
     * popular image name), and a short substring is found more often than a long one.
     */
    private double cost(Set<Atom> clause) {
        double max = 0;
        double sum = 0;
        for (Atom a : clause) {
            // a whole value (a channel, an event id) is no rarer for being long; a substring is;
            // absence is the usual state of most fields, so it says little
            double p = usage.getOrDefault(a, 1) * switch (a.kind()) {
                case EQUALS, PRESENT -> 0.25;
                case ABSENT, NULL -> 1000.0;
                default -> 1.0 / (1.0 + a.literal().length());
            };
            if (a.field() < 0) {
                p *= 4;
            }
            max = Math.max(max, p);
            sum += p;
        }
        return max + 0.05 * sum;
    }

    /** The atoms of a test on one field or on keywords, or {@code null} where it needs none. */
    private Set<Atom> leafAtoms(Condition c) {
        if (c instanceof Condition.Exists e) {
            return Set.of(new Atom(table.add(e.field()), e.present() ? Kind.PRESENT : Kind.ABSENT, ""));
        }
        if (c instanceof Condition.IsNull isNull) {
            return Set.of(new Atom(table.add(isNull.field()), Kind.NULL, ""));
        }
        if (c instanceof Condition.Not n && n.condition() instanceof Condition.IsNull isNull) {
            return Set.of(new Atom(table.add(isNull.field()), Kind.PRESENT, ""));
        }
        RegexMatcher re = null;
        int field = -1;
        if (c instanceof Condition.Match m && m.matcher() instanceof RegexMatcher r) {
            re = r;
            field = table.add(m.field());
        } else if (c instanceof Condition.Keyword k && k.matcher() instanceof RegexMatcher r) {
            re = r;
        }
        if (re != null) {
            Set<String> literals = RegexLiterals.required(re.regex(), re.ignoreCase());
            if (literals == null) {
                return null;
            }
            Set<Atom> out = new LinkedHashSet<>();
            for (String l : literals) {
                out.add(new Atom(field, Kind.CONTAINS, l));
            }
            return out;
        }
        Atom a = stringAtom(c);
        return a == null ? null : Set.of(a);
    }

    private Atom stringAtom(Condition c) {
        StringMatcher m;
        int field;
        if (c instanceof Condition.Match match && match.matcher() instanceof StringMatcher s) {
            m = s;
            field = table.add(match.field());
        } else if (c instanceof Condition.Keyword k && k.matcher() instanceof StringMatcher s) {
            m = s;
            field = -1;
        } else {
            return null;
        }
        // lower-casing is context-sensitive for a few letters, so a case-sensitive literal is not
        // always found in the lower-cased value: such matchers get no atom
        if (m.cased()) {
            return null;
        }
        return switch (m.kind()) {
            case EQUALS -> new Atom(field, Kind.EQUALS, m.value());
            case STARTS_WITH -> m.value().isEmpty() ? null : new Atom(field, Kind.PREFIX, m.value());
            case ENDS_WITH -> m.value().isEmpty() ? null : new Atom(field, Kind.SUFFIX, m.value());
            case CONTAINS -> m.value().isEmpty() ? null : new Atom(field, Kind.CONTAINS, m.value());
            case GLOB -> longestLiteral(m, field);
        };
    }

    private static Atom longestLiteral(StringMatcher m, int field) {
        List<GlobPattern.Part> parts = m.pattern().parts();
        String best = "";
        int bestIndex = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof GlobPattern.Literal l && l.text().length() > best.length()) {
                best = l.text();
                bestIndex = i;
            }
        }
        if (best.isEmpty()) {
            return null;
        }
        String lower = best.toLowerCase(Locale.ROOT);
        if (bestIndex == 0) {
            return new Atom(field, Kind.PREFIX, lower);
        }
        if (bestIndex == parts.size() - 1) {
            return new Atom(field, Kind.SUFFIX, lower);
        }
        return new Atom(field, Kind.CONTAINS, lower);
    }
}
