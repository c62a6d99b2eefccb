package dev.vigil.sigma;

import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which mapping entries serve the log sources of a rule set, and which rule fields each entry leaves
 * unmapped. A rule field is <em>mapped</em> by an entry when the entry renames it, when the entry has
 * {@code spaced_names} and the field has more than one word, or when the mapping itself knows it as an
 * event field (a condition field of any entry, such as {@code Channel} or {@code EventID}, or a name
 * under {@code fields.aliases}); {@code product}, {@code category} and {@code service} are never
 * listed. Every other field is <em>unmapped</em>: it is looked up under the rule's own name, so it is
 * found only where the log writes that name. See {@code docs/MAPPING.md}.
 */
public final class MappingCoverage {

    private static final Set<String> HINTS = Set.of("product", "category", "service");

    /**
     * One log source of the rules.
     *
     * @param logSource the rule's product, category and service
     * @param rules     how many of the rules have it
     * @param entries   the mapping entries that serve it, in mapping order; empty when none does
     */
    public record Source(LogSource logSource, int rules, List<Served> entries) {
        public Source {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A mapping entry serving a log source.
     *
     * @param entry    the entry's id
     * @param unmapped the fields the rules of that log source read that the entry does not map, sorted
     */
    public record Served(String entry, List<String> unmapped) {
        public Served {
            unmapped = List.copyOf(unmapped);
        }
    }

    private MappingCoverage() {
    }

    /** The log sources of {@code rules} (sorted by product, category, service), as {@code mapping} serves them. */
    public static List<Source> of(List<Rule> rules, LogsourceMapping mapping) {
        Map<LogSource, List<Rule>> bySource = new LinkedHashMap<>();
        for (Rule r : rules) {
            bySource.computeIfAbsent(Objects.requireNonNullElse(r.logSource(), LogSource.ANY), k -> new ArrayList<>())
                    .add(r);
        }
        Set<String> known = new HashSet<>(mapping.aliasNames());
        for (LogsourceMapping.Entry e : mapping.entries()) {
            e.conditions().keySet().forEach(k -> known.add(LogsourceMapping.conditionField(k)));
        }
        known.addAll(HINTS);
        List<Source> out = new ArrayList<>();
        for (var group : bySource.entrySet()) {
            Set<String> fields = new TreeSet<>();
            for (Rule r : group.getValue()) {
                collect(r.condition(), fields);
            }
            fields.removeAll(known);
            List<Served> served = new ArrayList<>();
            for (LogsourceMapping.Entry e : mapping.entriesFor(group.getKey())) {
                served.add(new Served(e.id(), fields.stream().filter(f -> !e.renames().containsKey(f)
                        && !(e.spacedNames() && !LogsourceMapping.spaced(f).equals(f))).toList()));
            }
            out.add(new Source(group.getKey(), group.getValue().size(), served));
        }
        Comparator<String> text = Comparator.nullsFirst(Comparator.naturalOrder());
        out.sort(Comparator.comparing((Source s) -> s.logSource().product(), text)
                .thenComparing(s -> s.logSource().category(), text)
                .thenComparing(s -> s.logSource().service(), text));
        return out;
    }

    private static void collect(Condition c, Set<String> fields) {
        if (c instanceof Condition.All a) {
            a.conditions().forEach(x -> collect(x, fields));
        } else if (c instanceof Condition.Any a) {
            a.conditions().forEach(x -> collect(x, fields));
        } else if (c instanceof Condition.Not n) {
            collect(n.condition(), fields);
        } else if (c instanceof Condition.Match m) {
            fields.add(m.field().name());
        } else if (c instanceof Condition.Exists e) {
            fields.add(e.field().name());
        } else if (c instanceof Condition.IsNull n) {
            fields.add(n.field().name());
        } else if (c instanceof Condition.FieldCompare f) {
            fields.add(f.field().name());
            fields.add(f.other().name());
        }
    }
}
