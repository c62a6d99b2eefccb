package dev.vigil.correlation;

import dev.vigil.core.Problem;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.core.rule.correlation.ReferenceCycles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

/**
 * Detection rules and correlation rules compiled together: the fast single-event {@link Engine} in
 * front, and the correlations (a Drools rule base in STREAM mode) behind it, fed only with the matches
 * of the rules they refer to. Immutable and thread-safe; build once, then open a
 * {@link DetectorSession} per event stream.
 *
 * <pre>{@code
 * Detector detector = Detector.builder().addRules(rules).addCorrelations(correlations).build();
 * detector.problems().forEach(System.err::println);   // correlations that could not be used
 * try (DetectorSession session = detector.newSession().onAlert(System.out::println).open()) {
 *     for (Event e : events) {
 *         session.accept(e);
 *     }
 *     session.finish();   // decide the windows still open
 * }
 * }</pre>
 *
 * <p>Correlations refer to rules by id or name. A correlation whose references cannot be resolved, or
 * that is part of a cycle, is reported in {@link #problems()} and left out; the others still run.
 */
public final class Detector {

    private final Engine engine;
    private final List<Rule> rules;
    private final List<Compiled> compiled;
    private final List<CorrelationRule> correlations;
    private final List<Problem> problems;
    private final KieBase kieBase;
    /** For each detection rule (by identity): the (correlation, position) pairs it feeds. */
    private final Map<Rule, int[][]> ruleFeeds;
    /** For each correlation index: the (correlation, position) pairs its alerts feed. */
    private final int[][][] correlationFeeds;
    private final Set<Rule> hiddenRules;
    private final boolean[] hiddenCorrelations;
    /** For each correlation index: its chain depth (see {@link #depth}). */
    private final int[] depths;
    private final long buildNanos;

    private Detector(Builder b) {
        long start = System.nanoTime();
        this.rules = List.copyOf(b.rules);
        this.engine = b.engine != null ? b.engine : Engine.builder().addRules(rules).build();
        List<Problem> problems = new ArrayList<>();
        this.compiled = resolve(rules, b.correlations, problems);
        this.problems = List.copyOf(problems);
        List<CorrelationRule> usable = new ArrayList<>();
        for (Compiled c : compiled) {
            usable.add(c.rule);
        }
        this.correlations = List.copyOf(usable);

        Map<Rule, List<int[]>> feeds = new IdentityHashMap<>();
        List<List<int[]>> corrFeeds = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            corrFeeds.add(new ArrayList<>());
        }
        Set<Rule> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean[] corrShown = new boolean[compiled.size()];
        for (Compiled c : compiled) {
            for (int k = 0; k < c.refs.size(); k++) {
                Compiled.Ref r = c.refs.get(k);
                if (r.rule() != null) {
                    feeds.computeIfAbsent(r.rule(), x -> new ArrayList<>()).add(new int[] {c.index, k});
                    if (c.rule.generate()) {
                        shown.add(r.rule());
                    }
                } else {
                    corrFeeds.get(r.correlation()).add(new int[] {c.index, k});
                    if (c.rule.generate()) {
                        corrShown[r.correlation()] = true;
                    }
                }
            }
        }
        this.ruleFeeds = new IdentityHashMap<>();
        feeds.forEach((r, l) -> ruleFeeds.put(r, l.toArray(new int[0][])));
        this.correlationFeeds = new int[compiled.size()][][];
        for (int i = 0; i < compiled.size(); i++) {
            correlationFeeds[i] = corrFeeds.get(i).toArray(new int[0][]);
        }
        Set<Rule> hidden = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Rule r : feeds.keySet()) {
            if (!shown.contains(r)) {
                hidden.add(r);
            }
        }
        this.hiddenRules = hidden;
        this.hiddenCorrelations = new boolean[compiled.size()];
        for (int i = 0; i < compiled.size(); i++) {
            hiddenCorrelations[i] = correlationFeeds[i].length > 0 && !corrShown[i];
        }
        this.depths = new int[compiled.size()];
        for (Compiled c : compiled) {
            // referred correlations come first in the numbering, so their depth is known
            for (Compiled.Ref r : c.refs) {
                if (r.rule() == null) {
                    depths[c.index] = Math.max(depths[c.index], depths[r.correlation()] + 1);
                }
            }
        }
        this.kieBase = compiled.isEmpty() ? null : buildKieBase(DrlWriter.write(compiled));
        this.buildNanos = System.nanoTime() - start;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The detection rules, in the order they were added. */
    public List<Rule> rules() {
        return rules;
    }

    /** The correlations that are in use (those without problems), in the order they were added. */
    public List<CorrelationRule> correlations() {
        return correlations;
    }

    /** Why correlations were left out: unknown references, cycles, unsupported conditions; each with the rule's position. */
    public List<Problem> problems() {
        return problems;
    }

    /** The single-event engine in front. */
    public Engine engine() {
        return engine;
    }

    /**
     * Whether detections of {@code rule} are reported: false for a rule that only correlations with
     * {@code generate: false} refer to (Sigma's default).
     */
    public boolean reports(Rule rule) {
        return !hiddenRules.contains(rule);
    }

    /** Whether alerts of {@code correlation} are reported: false where it only feeds correlations with {@code generate: false}. */
    public boolean reports(CorrelationRule correlation) {
        int i = correlations.indexOf(correlation);
        return i < 0 || !hiddenCorrelations[i];
    }

    /** How long compiling the correlations (resolving references, generating and building the Drools rules) took. */
    public java.time.Duration buildTime() {
        return java.time.Duration.ofNanos(buildNanos);
    }

    /** The generated Drools rules, for the curious. */
    public String drl() {
        return compiled.isEmpty() ? "" : DrlWriter.write(compiled);
    }

    /** Options for a new stream; {@link SessionBuilder#open()} opens it. */
    public SessionBuilder newSession() {
        return new SessionBuilder(this);
    }

    // ---- package-private access for sessions

    List<Compiled> compiled() {
        return compiled;
    }

    KieBase kieBase() {
        return kieBase;
    }

    /**
     * What a correlation is, for a session moving from one detector to another: two correlations with
     * the same definition share their state. Metadata other than the key (title, level, tags) may differ.
     */
    static String definition(CorrelationRule r) {
        return String.join("\u0000", r.key(), r.type().toString(), r.rules().toString(), r.groupBy().toString(),
                r.fields().toString(), r.aliases().toString(), r.timespan().toString(),
                r.condition() == null ? "" : r.condition().bounds().toString(), r.valueFields().toString(),
                String.valueOf(r.percentile()), String.valueOf(r.generate()));
    }

    /**
     * The most matches one group needs to hold for a count correlation (event_count, value_count,
     * temporal) to be decided: to reach a lower bound, or to tell that an upper bound, an equality or
     * an inequality is exceeded (one more than the bound).
     */
    long largestCountNeeded() {
        long most = 0;
        for (Compiled c : compiled) {
            if (!c.boundedByMatches()) {
                continue;
            }
            for (var e : c.condition.bounds().entrySet()) {
                double b = e.getValue().doubleValue();
                double need = switch (e.getKey()) {
                    case GT, LTE, EQ, NEQ -> Math.floor(b) + 1;
                    case GTE, LT -> Math.ceil(b);
                };
                most = Math.max(most, (long) Math.min(Integer.MAX_VALUE, need));
            }
        }
        return most;
    }

    /**
     * For a stream processor that keeps each group's state where the group's key lives (vigil-flink):
     * for each correlation that takes {@code match}'s rule directly, the keys of the groups the match joins in
     * it (one, or several when a group-by field holds several values: see {@link DetectorSession}), by
     * correlation key ({@code CorrelationRule.key()}), in correlation order. A correlation whose group-by
     * fields the match lacks is left out (it would not correlate the match). Matches with equal keys in a
     * correlation belong to one group; feed each (correlation, group) pair with
     * {@link DetectorSession#acceptMatch(Detection, String, String)}. Empty, never null.
     */
    public Map<String, List<String>> groupKeys(Detection match) {
        int[][] fs = ruleFeeds.get(match.rule());
        if (fs == null) {
            return Map.of();
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (int[] f : fs) {
            Compiled c = compiled.get(f[0]);
            List<String> groups = DetectorSession.groupKeys(match.event(), c.refs.get(f[1]).groupFields());
            if (!groups.isEmpty()) {
                keys.putIfAbsent(c.rule.key(), groups);
            }
        }
        return keys;
    }

    /**
     * The chained counterpart of {@link #groupKeys(Detection)}: for each correlation that refers to the
     * correlation that raised {@code alert}, the key of the group the alert joins in it (its group values
     * under that correlation's group-by fields and aliases, as the session feeds a chained alert), by
     * correlation key. A correlation whose group-by fields the alert's group lacks is left out. Feed each
     * with {@link DetectorSession#acceptAlert}. Empty, never null.
     */
    public Map<String, List<String>> groupKeys(CorrelationAlert alert) {
        int from = correlationIndex(alert.rule().key());
        if (from < 0) {
            return Map.of();
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (int[] f : correlationFeeds[from]) {
            Compiled c = compiled.get(f[0]);
            String[] values = DetectorSession.chainedGroup(c.refs.get(f[1]), alert.group());
            if (values != null) {
                keys.putIfAbsent(c.rule.key(), List.of(DetectorSession.key(values)));
            }
        }
        return keys;
    }

    /**
     * How many correlations deep {@code correlation} sits: 0 when it refers to detection rules only, else one
     * more than the deepest correlation it refers to; -1 for a key this detector does not use. A stream
     * processor can correlate each depth in its own stage, alerts flowing to deeper stages only.
     */
    public int depth(String correlationKey) {
        int i = correlationIndex(correlationKey);
        return i < 0 ? -1 : depths[i];
    }

    /** The index of the correlation whose key is {@code key}, or -1. */
    int correlationIndex(String key) {
        for (Compiled c : compiled) {
            if (c.rule.key().equals(key)) {
                return c.index;
            }
        }
        return -1;
    }

    int[][] feeds(Rule rule) {
        return ruleFeeds.get(rule);
    }

    int[][] correlationFeeds(int correlation) {
        return correlationFeeds[correlation];
    }

    boolean hidden(int correlation) {
        return hiddenCorrelations[correlation];
    }

    boolean hiddenRule(Rule rule) {
        return hiddenRules.contains(rule);
    }

    private static KieBase buildKieBase(String drl) {
        try {
            return new KieHelper().addContent(drl, ResourceType.DRL).build(EventProcessingOption.STREAM);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the generated correlation rules do not compile (a Vigil bug): "
                    + e.getMessage(), e);
        }
    }

    /** Resolves references, drops what cannot run (with a problem each), and numbers the rest. */
    private static List<Compiled> resolve(List<Rule> rules, List<CorrelationRule> all, List<Problem> problems) {
        Map<String, Rule> rulesByKey = new HashMap<>();
        for (Rule r : rules) {
            if (r.name() != null) {
                rulesByKey.putIfAbsent(r.name(), r);
            }
            if (r.id() != null) {
                rulesByKey.putIfAbsent(r.id(), r);
            }
        }
        Map<String, Integer> corrByKey = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            CorrelationRule c = all.get(i);
            if (c.name() != null) {
                corrByKey.putIfAbsent(c.name(), i);
            }
            if (c.id() != null) {
                corrByKey.putIfAbsent(c.id(), i);
            }
        }
        // first pass: each correlation's references, and whether it can run at all
        Map<Integer, String> bad = new LinkedHashMap<>();
        List<List<Object>> targets = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            CorrelationRule c = all.get(i);
            List<Object> t = new ArrayList<>();
            for (String ref : c.rules()) {
                Integer ci = corrByKey.get(ref);
                Rule r = rulesByKey.get(ref);
                if (r != null) {
                    t.add(r);
                } else if (ci != null) {
                    t.add(ci);
                } else {
                    bad.putIfAbsent(i, "refers to '" + ref + "', which is neither a loaded rule nor a correlation (by id or name)");
                }
            }
            for (int a = 0; a < t.size(); a++) {
                for (int b2 = a + 1; b2 < t.size(); b2++) {
                    if (t.get(a).equals(t.get(b2)) || t.get(a) == t.get(b2)) {
                        bad.putIfAbsent(i, "refers to the same rule twice ('" + c.rules().get(a) + "' and '"
                                + c.rules().get(b2) + "')");
                    }
                }
            }
            String why = check(c);
            if (why != null) {
                bad.putIfAbsent(i, why);
            }
            targets.add(t);
        }
        // cycles
        int[][] corrRefs = new int[all.size()][];
        for (int i = 0; i < all.size(); i++) {
            corrRefs[i] = targets.get(i).stream().filter(Integer.class::isInstance).mapToInt(t -> (Integer) t).toArray();
        }
        boolean[] cyclic = ReferenceCycles.onCycle(corrRefs);
        for (int i = 0; i < all.size(); i++) {
            for (int j : corrRefs[i]) {
                if (cyclic[i] && cyclic[j]) {
                    bad.putIfAbsent(i, "is part of a cycle of correlations (through '" + all.get(j).key() + "')");
                }
            }
        }
        // a correlation over a dropped correlation is dropped too
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < all.size(); i++) {
                if (bad.containsKey(i)) {
                    continue;
                }
                for (Object t : targets.get(i)) {
                    if (t instanceof Integer j && bad.containsKey(j)) {
                        bad.put(i, "refers to correlation '" + all.get(j).key() + "', which cannot be used");
                        changed = true;
                        break;
                    }
                }
            }
        }
        bad.forEach((i, why) -> problems.add(Problem.error(all.get(i).source().withField("correlation"),
                "correlation '" + all.get(i).key() + "' " + why)));
        // number the good ones in an order where every correlation comes after those it refers to
        List<Integer> order = new ArrayList<>();
        boolean[] placed = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            place(i, targets, placed, order, bad);
        }
        Map<Integer, Integer> newIndex = new HashMap<>();
        for (int i : order) {
            newIndex.put(i, newIndex.size());
        }
        List<Compiled> out = new ArrayList<>();
        for (int i : order) {
            CorrelationRule c = all.get(i);
            List<Compiled.Ref> refs = new ArrayList<>();
            for (int k = 0; k < c.rules().size(); k++) {
                Object t = targets.get(i).get(k);
                String text = c.rules().get(k);
                List<FieldRef> group = new ArrayList<>();
                if (t instanceof Rule r) {
                    for (String g : c.groupBy()) {
                        group.add(c.groupField(g, text, r.id(), r.name()));
                    }
                    refs.add(new Compiled.Ref(text, r, -1, r.id(), r.name(), r.key(), group));
                } else {
                    CorrelationRule inner = all.get((Integer) t);
                    for (String g : c.groupBy()) {
                        group.add(c.groupField(g, text, inner.id(), inner.name()));
                    }
                    refs.add(new Compiled.Ref(text, null, newIndex.get((Integer) t), inner.id(), inner.name(),
                            inner.key(), group));
                }
            }
            CorrelationCondition cond = c.condition() != null ? c.condition()
                    : CorrelationCondition.atLeast(c.rules().size());
            Compiled.Mode mode = c.type() == CorrelationType.TEMPORAL_ORDERED ? Compiled.Mode.ORDERED
                    : cond.hasLowerBound() ? Compiled.Mode.SLIDING : Compiled.Mode.CLOSING;
            out.add(new Compiled(out.size(), c, mode, cond, refs));
        }
        return out;
    }

    /** Why a correlation cannot run as it is, or null. */
    private static String check(CorrelationRule c) {
        if (c.type() == CorrelationType.TEMPORAL_ORDERED && c.condition() != null) {
            int n = c.rules().size();
            if (!c.condition().test(n)) {
                return "has a condition (" + c.condition() + ") that its " + n + " rules in order can never satisfy";
            }
            for (int k = 0; k < n; k++) {
                if (c.condition().test(k)) {
                    return "has a condition (" + c.condition() + ") that fewer than all of its rules satisfy;"
                            + " temporal_ordered needs all of them, in order";
                }
            }
        }
        if (c.type() == CorrelationType.TEMPORAL && c.condition() != null
                && !c.condition().test(c.rules().size()) && !anyBelow(c)) {
            return "has a condition (" + c.condition() + ") that no number of its rules satisfies";
        }
        return null;
    }

    private static boolean anyBelow(CorrelationRule c) {
        for (int k = 1; k < c.rules().size(); k++) {
            if (c.condition().test(k)) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code i} to {@code order} after the correlations it refers to, without recursion. */
    private static void place(int i, List<List<Object>> targets, boolean[] placed, List<Integer> order,
            Map<Integer, String> bad) {
        if (placed[i] || bad.containsKey(i)) {
            return;
        }
        placed[i] = true;
        java.util.Deque<int[]> stack = new java.util.ArrayDeque<>();
        stack.push(new int[] {i, 0});
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            List<Object> refs = targets.get(top[0]);
            if (top[1] < refs.size()) {
                if (refs.get(top[1]++) instanceof Integer j && !placed[j] && !bad.containsKey(j)) {
                    placed[j] = true;
                    stack.push(new int[] {j, 0});
                }
            } else {
                stack.pop();
                order.add(top[0]);
            }
        }
    }

    /** Builds a {@link Detector}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<CorrelationRule> correlations = new ArrayList<>();
        private Engine engine;

        private Builder() {
        }

        public Builder addRule(Rule rule) {
            rules.add(rule);
            return this;
        }

        public Builder addRules(Collection<Rule> rules) {
            this.rules.addAll(rules);
            return this;
        }

        public Builder addCorrelation(CorrelationRule correlation) {
            correlations.add(correlation);
            return this;
        }

        public Builder addCorrelations(Collection<CorrelationRule> correlations) {
            this.correlations.addAll(correlations);
            return this;
        }

        /** The single-event engine to use, built from the same rules (default: {@code Engine.builder().addRules(rules).build()}). */
        public Builder engine(Engine engine) {
            this.engine = engine;
            return this;
        }

        public Detector build() {
            return new Detector(this);
        }
    }
}
