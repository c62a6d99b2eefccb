package dev.vigil.sigma;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.RuleMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link RuleFilter} does to a set of documents, decided on their metadata before any is
 * compiled: each document is loaded, loaded only to feed a kept correlation, or skipped for a reason.
 *
 * <p>A correlation that needs, directly or through other correlations, a rule excluded by id is
 * skipped, with a warning at the reference. Every other document a kept correlation needs is loaded,
 * whatever the filter says of it. A document whose metadata cannot be read is loaded, so that
 * compiling it reports what is wrong.
 */
final class FilterPlan {

    /** Why a document the filter would keep is skipped: it needs what the filter excludes by id. */
    static final String NEEDS_EXCLUDED = "needs a rule excluded by id";

    /** The reason each skipped document is skipped, by identity. */
    private final Map<YamlNode.MapNode, String> skipped = new IdentityHashMap<>();
    private final Set<YamlNode.MapNode> referencedOnly = Collections.newSetFromMap(new IdentityHashMap<>());
    /** How many documents each reason skipped, in the order reasons were first met. */
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    private FilterPlan() {
    }

    /** The plan for {@code rules} and {@code correlations}; warnings for correlations that lost a reference go to {@code problems}. */
    static FilterPlan of(RuleFilter filter, List<RuleSetLoader.Doc> rules, List<RuleSetLoader.Doc> correlations,
            List<Problem> problems) {
        FilterPlan plan = new FilterPlan();
        if (filter.keepsAll()) {
            return plan;
        }
        List<RuleSetLoader.Doc> all = new ArrayList<>(rules);
        all.addAll(correlations);
        Map<YamlNode.MapNode, String> rejected = new IdentityHashMap<>();
        Set<YamlNode.MapNode> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, List<RuleSetLoader.Doc>> byKey = new HashMap<>();
        for (RuleSetLoader.Doc d : all) {
            RuleSetLoader.keys(d.node()).forEach(k -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(d));
            RuleMetadata m = metadata(d);
            String why = m == null ? null : filter.rejection(m);
            if (why != null) {
                rejected.put(d.node(), why);
                if (filter.excludesById(m)) {
                    excluded.add(d.node());
                }
            }
        }

        // correlations that need an excluded rule, directly or through one another: a work list over who
        // refers to whom, so a chain of n correlations costs O(n), not O(n^2)
        Map<YamlNode.MapNode, List<Dependent>> dependents = new IdentityHashMap<>();
        for (RuleSetLoader.Doc c : correlations) {
            for (Ref r : refs(c.node())) {
                for (RuleSetLoader.Doc d : byKey.getOrDefault(r.key, List.of())) {
                    dependents.computeIfAbsent(d.node(), x -> new ArrayList<>()).add(new Dependent(c, r));
                }
            }
        }
        Map<YamlNode.MapNode, String> broken = new IdentityHashMap<>();
        ArrayDeque<YamlNode.MapNode> lostNodes = new ArrayDeque<>(excluded);
        while (!lostNodes.isEmpty()) {
            YamlNode.MapNode n = lostNodes.poll();
            String lost = excluded.contains(n) ? "which the filter excludes by id"
                    : "a correlation that needs a rule the filter excludes by id";
            for (Dependent dep : dependents.getOrDefault(n, List.of())) {
                RuleSetLoader.Doc c = dep.correlation();
                Ref r = dep.ref();
                if (broken.containsKey(c.node())) {
                    continue;
                }
                broken.put(c.node(), lost);
                lostNodes.add(c.node());
                if (!rejected.containsKey(c.node())) {
                    problems.add(Problem.warning(new SourcePosition(c.file(), r.at.line(), r.at.column(),
                            "correlation.rules"), "the correlation refers to '" + r.key + "', " + lost
                            + ": the correlation is not loaded"));
                }
            }
        }
        broken.keySet().forEach(n -> rejected.putIfAbsent(n, NEEDS_EXCLUDED));

        // what the kept correlations need loads, whatever the filter says of it
        ArrayDeque<YamlNode.MapNode> needing = new ArrayDeque<>();
        for (RuleSetLoader.Doc c : correlations) {
            if (!rejected.containsKey(c.node())) {
                needing.add(c.node());
            }
        }
        while (!needing.isEmpty()) {
            for (Ref r : refs(needing.poll())) {
                for (RuleSetLoader.Doc d : byKey.getOrDefault(r.key, List.of())) {
                    if (rejected.containsKey(d.node()) && plan.referencedOnly.add(d.node())
                            && d.node().get("correlation") != null) {
                        needing.add(d.node());
                    }
                }
            }
        }
        for (RuleSetLoader.Doc d : all) {
            String why = rejected.get(d.node());
            if (why != null && !plan.referencedOnly.contains(d.node())) {
                plan.skipped.put(d.node(), why);
                plan.counts.merge(why, 1, Integer::sum);
            }
        }
        return plan;
    }

    boolean skips(YamlNode.MapNode doc) {
        return skipped.containsKey(doc);
    }

    /** Whether {@code doc} loads only because a kept correlation needs it. */
    boolean referencedOnly(YamlNode.MapNode doc) {
        return referencedOnly.contains(doc);
    }

    Map<String, Integer> counts() {
        return counts;
    }

    /** The metadata of {@code d}, or null where it cannot be read (compiling the document will say why). */
    private static RuleMetadata metadata(RuleSetLoader.Doc d) {
        try {
            return RuleCompiler.metadata(d.node(), d.file(), "rule", new ArrayList<>()).build();
        } catch (SigmaException | RuntimeException e) {
            return null;
        }
    }

    /** A correlation's reference, and where it is written. */
    /** A correlation and its reference to a document. */
    private record Dependent(RuleSetLoader.Doc correlation, Ref ref) {
    }

    private record Ref(String key, YamlNode at) {
    }

    private static List<Ref> refs(YamlNode.MapNode doc) {
        List<Ref> refs = new ArrayList<>();
        if (doc.get("correlation") instanceof YamlNode.MapNode c) {
            YamlNode rules = c.get("rules");
            List<YamlNode> items = rules instanceof YamlNode.ListNode l ? l.items()
                    : rules == null ? List.of() : List.of(rules);
            for (YamlNode item : items) {
                if (item instanceof YamlNode.Scalar s && s.value() != null) {
                    refs.add(new Ref(s.text(), item));
                }
            }
        }
        return refs;
    }
}
