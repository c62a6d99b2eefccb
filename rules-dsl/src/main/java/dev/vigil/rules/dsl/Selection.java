package dev.vigil.rules.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named selection (Sigma's search identifier): field tests that must all hold
 * ({@link #where}), several such groups of which one must hold ({@link #orWhere}), or keywords
 * searched in every value of the event. Immutable; usable in a condition as it is.
 */
public final class Selection implements Expr {

    private final String name;
    private final List<List<FieldPredicate>> groups;
    private final List<String> keywords;

    private Selection(String name, List<List<FieldPredicate>> groups, List<String> keywords) {
        Objects.requireNonNull(name, "selection name");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || Reserved.WORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("not a selection name: '" + name
                    + "' (letters, digits and _, not and/or/not/of/them/1/all)");
        }
        this.name = name;
        this.groups = groups.stream().map(List::copyOf).toList();
        this.keywords = List.copyOf(keywords);
    }

    /** A selection with nothing in it yet. */
    static Selection named(String name) {
        return new Selection(name, List.of(), List.of());
    }

    /** A keyword selection: one of {@code words} appears in some value of the event. */
    static Selection keywords(String name, String... words) {
        if (words.length == 0) {
            throw new IllegalArgumentException("a keyword selection needs at least one keyword");
        }
        List<String> escaped = new ArrayList<>();
        for (String w : words) {
            escaped.add(Field.escape(Objects.requireNonNull(w, "keyword")));
        }
        return new Selection(name, List.of(), escaped);
    }

    /** This selection with {@code tests} added to its last group (all of a group must hold). */
    public Selection where(FieldPredicate... tests) {
        requireFields();
        List<List<FieldPredicate>> gs = new ArrayList<>(groups);
        List<FieldPredicate> last = gs.isEmpty() ? new ArrayList<>() : new ArrayList<>(gs.remove(gs.size() - 1));
        last.addAll(Arrays.asList(tests));
        gs.add(last);
        return new Selection(name, gs, keywords);
    }

    /** This selection with a new group of {@code tests}: the selection holds when one of its groups does. */
    public Selection orWhere(FieldPredicate... tests) {
        requireFields();
        if (groups.isEmpty()) {
            return where(tests);
        }
        List<List<FieldPredicate>> gs = new ArrayList<>(groups);
        gs.add(Arrays.asList(tests));
        return new Selection(name, gs, keywords);
    }

    private void requireFields() {
        if (!keywords.isEmpty()) {
            throw new IllegalStateException("selection " + name + " is a keyword selection");
        }
    }

    public String name() {
        return name;
    }

    /** Every field test of the selection, in all its groups. */
    List<FieldPredicate> predicates() {
        List<FieldPredicate> out = new ArrayList<>();
        groups.forEach(out::addAll);
        return out;
    }

    /** The selection as the YAML value of its name: a map, a list of maps, or a list of keywords. */
    Object yaml() {
        if (!keywords.isEmpty()) {
            return keywords;
        }
        if (groups.isEmpty() || groups.stream().anyMatch(List::isEmpty)) {
            throw new IllegalStateException("selection " + name + " tests nothing");
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (List<FieldPredicate> g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (FieldPredicate p : g) {
                if (m.containsKey(p.key())) {
                    throw new IllegalStateException("selection " + name + " tests " + p.key()
                            + " twice in one group: give it several values, use all(), or a second selection");
                }
                m.put(p.key(), p.yamlValue());
            }
            maps.add(m);
        }
        return maps.size() == 1 ? maps.get(0) : maps;
    }

    @Override
    public String sigma() {
        return name;
    }

    @Override
    public int strength() {
        return 4;
    }

    @Override
    public void selections(List<Selection> into) {
        into.add(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection s && s.name.equals(name) && s.groups.equals(groups) && s.keywords.equals(keywords);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, groups, keywords);
    }

    @Override
    public String toString() {
        return "Selection[" + name + "]";
    }

    private static final class Reserved {
        static final java.util.Set<String> WORDS = java.util.Set.of("and", "or", "not", "of", "them", "all");
    }
}
