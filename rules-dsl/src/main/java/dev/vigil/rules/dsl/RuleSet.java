package dev.vigil.rules.dsl;

import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Rules written with the DSL, loaded together: detection rules and the correlations over them, as one
 * Sigma document stream. The rules a correlation refers to are taken in too, so a set of correlations is
 * complete by itself.
 *
 * <pre>{@code
 * LoadResult loaded = RuleSet.of(failedLogon, bruteForce).load();
 * Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
 * }</pre>
 */
public final class RuleSet {

    private final List<RuleDocument> documents;

    private RuleSet(List<RuleDocument> documents) {
        this.documents = List.copyOf(documents);
    }

    /** The rules, and every rule they refer to, each once, referred rules first. */
    public static RuleSet of(RuleDocument... rules) {
        return of(List.of(rules));
    }

    /** The rules, and every rule they refer to, each once, referred rules first. */
    public static RuleSet of(List<? extends RuleDocument> rules) {
        return new RuleSet(closure(rules));
    }

    /** The documents, referred rules before the correlations that refer to them. */
    public List<RuleDocument> documents() {
        return documents;
    }

    /** Compiles the set with the default Sigma loader (the bundled field mapping). */
    public LoadResult load() {
        return load(SigmaYaml.DEFAULT_LOADER);
    }

    /** Compiles the set with {@code loader}. Every document was checked when built, so errors are not expected. */
    public LoadResult load(SigmaLoader loader) {
        return loader.loadString(toSigma(), "rule set");
    }

    /** The set as Sigma 2.1 YAML: one document per rule, separated by {@code ---}. */
    public String toSigma() {
        return SigmaYaml.write(documents);
    }

    /** Depth-first, without recursion: each document after those it refers to. */
    static List<RuleDocument> closure(List<? extends RuleDocument> roots) {
        Set<RuleDocument> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<RuleDocument> out = new ArrayList<>();
        for (RuleDocument root : roots) {
            Deque<Object[]> stack = new ArrayDeque<>();
            if (seen.add(root)) {
                stack.push(new Object[] {root, 0});
            }
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                RuleDocument d = (RuleDocument) top[0];
                int next = (int) top[1];
                if (next < d.references().size()) {
                    top[1] = next + 1;
                    RuleDocument r = d.references().get(next);
                    if (seen.add(r)) {
                        stack.push(new Object[] {r, 0});
                    }
                } else {
                    stack.pop();
                    out.add(d);
                }
            }
        }
        return out;
    }
}
