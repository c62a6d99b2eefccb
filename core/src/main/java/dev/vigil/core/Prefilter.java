package dev.vigil.core;

import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.GlobPattern;
import dev.vigil.core.rule.RegexMatcher;
import dev.vigil.core.rule.StringMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, for a rule's condition, a set of literals at least one of which an event must contain for
 * the rule to match: "must be present" atoms such as {@code Image ends with \cmd.exe}. A rule is
 * only evaluated on events where one of its atoms was seen; a rule with no such set is evaluated
 * on every event. Sound by construction: an atom set is only ever a necessary condition.
 */
final class Prefilter {

    /** Where an atom's literal must sit in a lower-cased value. */
    enum Kind { EQUALS, PREFIX, SUFFIX, CONTAINS }

    /** A literal on a field ({@code field} = -1: any leaf of the event, a keyword search). */
    record Atom(int field, Kind kind, String literal) {
    }

    /** Atoms shared by more rules than this are taken to be common in events (a log source, say). */
    private static final int COMMON = 24;

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

    /** The atoms of a condition, or {@code null} where it needs none (it must always be evaluated). */
    Set<Atom> atoms(Condition c) {
        if (c instanceof Condition.All all) {
            Set<Atom> best = null;
            double bestCost = Double.MAX_VALUE;
            for (Condition part : all.conditions()) {
                Set<Atom> s = atoms(part);
                if (s != null) {
                    double cost = cost(s);
                    if (cost < bestCost) {
                        best = s;
                        bestCost = cost;
                    }
                }
            }
            return best;
        }
        if (c instanceof Condition.Any any) {
            Set<Atom> union = new LinkedHashSet<>();
            for (Condition part : any.conditions()) {
                Set<Atom> s = atoms(part);
                if (s == null) {
                    return null;
                }
                union.addAll(s);
            }
            return union;
        }
        if (c instanceof Condition.Constant k) {
            return k.value() ? null : new LinkedHashSet<>();
        }
        return leafAtoms(c);
    }

    /** The atoms of a test on one field or on keywords: one literal, or a regex's required literals. */
    private Set<Atom> leafAtoms(Condition c) {
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
        Atom a = atom(c);
        if (a == null) {
            return null;
        }
        Set<Atom> one = new LinkedHashSet<>();
        one.add(a);
        return one;
    }

    /** An estimate of how often a set of atoms is seen: short literals and widely shared atoms are frequent. */
    private double cost(Set<Atom> atoms) {
        double sum = 0;
        for (Atom a : atoms) {
            int shared = usage.getOrDefault(a, 1);
            double p = shared > COMMON ? 1.0 : 1.0 / (1 + a.literal().length());
            if (a.kind() == Kind.EQUALS) {
                p /= 2;
            }
            if (a.field() < 0) {
                p *= 4;
            }
            sum += p;
        }
        return sum;
    }

    private Atom atom(Condition c) {
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
        String lower = best.toLowerCase(java.util.Locale.ROOT);
        if (bestIndex == 0) {
            return new Atom(field, Kind.PREFIX, lower);
        }
        if (bestIndex == parts.size() - 1) {
            return new Atom(field, Kind.SUFFIX, lower);
        }
        return new Atom(field, Kind.CONTAINS, lower);
    }

    /** The atoms of a rule as a list, or {@code null}: evaluate always. */
    List<Atom> atomsOf(Condition c) {
        Set<Atom> s = atoms(c);
        return s == null ? null : new ArrayList<>(s);
    }
}
