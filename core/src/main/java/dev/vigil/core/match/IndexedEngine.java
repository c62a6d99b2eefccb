package dev.vigil.core.match;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optimized matcher. Rules are compiled against one {@link FieldTable}; each rule has a set of
 * "must be present" atoms ({@link Prefilter}) indexed per field ({@link LiteralIndex}). Per event:
 * one walk collects the fields rules read, each value is lower-cased once and scanned once per
 * field, and only rules whose atom was seen (plus rules with no atoms) are evaluated, in rule
 * order. Returns exactly what {@link ReferenceEngine} returns.
 */
final class IndexedEngine implements Engine {

    private final List<Rule> rules;
    private final CompiledCondition[] compiled;
    private final FieldTable table;
    private final boolean keywords;
    /** Rule indices evaluated on every event. */
    private final int[] always;
    /** For each atom: the rules whose first (most selective) clause it satisfies. */
    private final int[][] atomRules;
    /** For each rule: its other clauses, as atom ids; each needs one of its atoms seen. */
    private final int[][][] otherClauses;
    /** Fields whose state (present, absent, null) is an atom, those atoms, and every atom's kind. */
    private final Prefilter.Kind[] atomKinds;
    private final int[] presentFields;
    private final int[][] presentAtoms;
    /** Field index → the literal index of its atoms; and the keyword index (any leaf). */
    private final int[] indexedFields;
    private final LiteralIndex[] fieldIndexes;
    /** For each path of the field table: the indexed fields (positions in {@link #indexedFields}) that use it. */
    private final int[][] slotsOfPath;
    private final LiteralIndex keywordIndex;
    private final ThreadLocal<State> state;
    private final RuleCounters counters;

    IndexedEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.table = new FieldTable();
        int n = this.rules.size();
        this.compiled = new CompiledCondition[n];
        boolean kw = false;
        for (int i = 0; i < n; i++) {
            compiled[i] = CompiledCondition.compile(this.rules.get(i).condition(), table);
            kw |= CompiledCondition.usesKeywords(this.rules.get(i).condition());
        }
        this.keywords = kw;

        Prefilter prefilter = new Prefilter(table);
        for (Rule r : this.rules) {
            prefilter.survey(r.condition());
        }
        Map<Prefilter.Atom, Integer> atomIds = new LinkedHashMap<>();
        Map<Integer, List<Integer>> rulesOfAtom = new HashMap<>();
        List<Integer> alwaysList = new ArrayList<>();
        this.otherClauses = new int[n][][];
        for (int i = 0; i < n; i++) {
            List<Set<Prefilter.Atom>> clauses = prefilter.clauses(this.rules.get(i).condition());
            otherClauses[i] = new int[Math.max(0, clauses.size() - 1)][];
            if (clauses.isEmpty()) {
                alwaysList.add(i);
                continue;
            }
            for (int c = 0; c < clauses.size(); c++) {
                int[] ids = new int[clauses.get(c).size()];
                int k = 0;
                for (Prefilter.Atom a : clauses.get(c)) {
                    int id = atomIds.computeIfAbsent(a, x -> atomIds.size());
                    ids[k++] = id;
                    if (c == 0) {
                        rulesOfAtom.computeIfAbsent(id, x -> new ArrayList<>()).add(i);
                    }
                }
                if (c > 0) {
                    otherClauses[i][c - 1] = ids;
                }
            }
        }
        this.always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
        this.atomRules = new int[atomIds.size()][];
        Prefilter.Kind[] kinds = new Prefilter.Kind[atomIds.size()];
        Map<Integer, List<Prefilter.Atom>> byField = new LinkedHashMap<>();
        Map<Integer, List<Integer>> idsByField = new LinkedHashMap<>();
        Map<Integer, List<Integer>> presentByField = new LinkedHashMap<>();
        atomIds.forEach((a, id) -> {
            atomRules[id] = rulesOfAtom.getOrDefault(id, List.of()).stream().mapToInt(Integer::intValue).toArray();
            kinds[id] = a.kind();
            if (a.kind().isFieldState()) {
                presentByField.computeIfAbsent(a.field(), f -> new ArrayList<>()).add(id);
            } else {
                byField.computeIfAbsent(a.field(), f -> new ArrayList<>()).add(a);
                idsByField.computeIfAbsent(a.field(), f -> new ArrayList<>()).add(id);
            }
        });
        List<Integer> fields = new ArrayList<>();
        List<LiteralIndex> indexes = new ArrayList<>();
        LiteralIndex kwIndex = null;
        for (var e : byField.entrySet()) {
            LiteralIndex idx = LiteralIndex.build(e.getValue(), idsByField.get(e.getKey()), kinds);
            if (e.getKey() < 0) {
                kwIndex = idx;
            } else {
                fields.add(e.getKey());
                indexes.add(idx);
            }
        }
        this.indexedFields = fields.stream().mapToInt(Integer::intValue).toArray();
        this.fieldIndexes = indexes.toArray(new LiteralIndex[0]);
        List<List<Integer>> slots = new ArrayList<>();
        for (int p = 0; p < table.paths.size(); p++) {
            slots.add(new ArrayList<>());
        }
        for (int i = 0; i < indexedFields.length; i++) {
            for (int p : table.refPaths.get(indexedFields[i])) {
                slots.get(p).add(i);
            }
        }
        this.slotsOfPath = slots.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        this.keywordIndex = kwIndex;
        this.atomKinds = kinds;
        this.presentFields = presentByField.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.presentAtoms = presentByField.values().stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        this.counters = new RuleCounters(this.rules);
        FieldTable fieldTable = table;
        boolean anyKeywords = keywords;
        int[][] rulesOfAtoms = atomRules;
        int[][][] clausesOfRules = otherClauses;
        int[] evaluatedAlways = always;
        int indexedCount = indexedFields.length;
        RuleCounters ruleCounters = counters;
        this.state = ThreadLocal.withInitial(() -> new State(fieldTable, anyKeywords, rulesOfAtoms, clausesOfRules,
                evaluatedAlways, indexedCount, ruleCounters.newSlot()));
    }

    /**
     * Per-thread working memory, reused from event to event. Static, holding only arrays of the engine: a
     * thread's map of thread-locals must not keep a dropped engine reachable (its key, the engine's
     * {@link ThreadLocal}, is weak only while its value does not lead back to the engine).
     */
    private static final class State implements LiteralIndex.Sink {
        final int[][] atomRules;
        final int[][][] otherClauses;
        final int[] always;
        final EventScan scan;
        final int[] atomStamp;
        final int[] ruleStamp;
        final int[] slotStamp;
        int[] touched = new int[64];
        int touchedCount;
        int[] candidates = new int[64];
        int count;
        int epoch;
        final RuleCounters.Slot counts;

        State(FieldTable table, boolean keywords, int[][] atomRules, int[][][] otherClauses, int[] always, int slots,
                RuleCounters.Slot counts) {
            this.atomRules = atomRules;
            this.otherClauses = otherClauses;
            this.always = always;
            this.scan = new EventScan(table, keywords);
            this.atomStamp = new int[atomRules.length];
            this.ruleStamp = new int[otherClauses.length];
            this.slotStamp = new int[slots];
            this.counts = counts;
        }

        void begin() {
            epoch++;
            if (epoch == Integer.MAX_VALUE) {
                epoch = 1;
                Arrays.fill(atomStamp, 0);
                Arrays.fill(ruleStamp, 0);
                Arrays.fill(slotStamp, 0);
            }
            touchedCount = 0;
            count = 0;
        }

        @Override
        public void atom(int id) {
            if (atomStamp[id] == epoch) {
                return;
            }
            atomStamp[id] = epoch;
            for (int r : atomRules[id]) {
                if (ruleStamp[r] != epoch) {
                    ruleStamp[r] = epoch;
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, touchedCount * 2);
                    }
                    touched[touchedCount++] = r;
                }
            }
        }

        void candidate(int r) {
            if (count == candidates.length) {
                candidates = Arrays.copyOf(candidates, count * 2);
            }
            candidates[count++] = r;
        }

        /**
         * The rules whose first clause was satisfied and whose other clauses each saw one of their
         * atoms, and the rules evaluated always, in rule order.
         */
        void collect() {
            for (int i = 0; i < touchedCount; i++) {
                int r = touched[i];
                if (othersSatisfied(otherClauses[r])) {
                    candidate(r);
                }
            }
            for (int r : always) {
                candidate(r);
            }
            Arrays.sort(candidates, 0, count);
        }

        private boolean othersSatisfied(int[][] clauses) {
            for (int[] clause : clauses) {
                boolean seen = false;
                for (int a : clause) {
                    if (atomStamp[a] == epoch) {
                        seen = true;
                        break;
                    }
                }
                if (!seen) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public List<RuleStats> stats() {
        return counters.snapshot();
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public List<Detection> match(Event event) {
        State s = state.get();
        s.begin();
        EventScan scan = s.scan;
        scan.scan(event);
        // only the indexed fields this event has: those with a path the walk reached
        for (int k = 0; k < scan.reachedCount; k++) {
            for (int i : slotsOfPath[scan.reached[k]]) {
                if (s.slotStamp[i] == s.epoch) {
                    continue;
                }
                s.slotStamp[i] = s.epoch;
                EventScan.ValueList values = scan.values(indexedFields[i]);
                LiteralIndex idx = fieldIndexes[i];
                for (int v = 0; v < values.size; v++) {
                    String t = values.lower[v];
                    if (t != null) {
                        idx.scan(t, s);
                    }
                }
            }
        }
        if (keywordIndex != null) {
            EventScan.ValueList leaves = scan.leaves;
            for (int v = 0; v < leaves.size; v++) {
                String t = leaves.lower[v];
                if (t != null) {
                    keywordIndex.scan(t, s);
                }
            }
        }
        for (int i = 0; i < presentFields.length; i++) {
            EventScan.ValueList values = scan.values(presentFields[i]);
            boolean present = values != null;
            for (int a : presentAtoms[i]) {
                boolean holds = switch (atomKinds[a]) {
                    case PRESENT -> present;
                    case ABSENT -> !present;
                    default -> !present || values.allNull();
                };
                if (holds) {
                    s.atom(a);
                }
            }
        }
        s.collect();
        List<Detection> out = null;
        for (int i = 0; i < s.count; i++) {
            int r = s.candidates[i];
            long start = System.nanoTime();
            boolean matched = compiled[r].test(scan);
            s.counts.record(r, matched, System.nanoTime() - start);
            if (matched) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(new Detection(rules.get(r), event));
            }
        }
        scan.event = null;
        return out == null ? List.of() : out;
    }

    /** How many rules are evaluated on every event, for diagnostics. */
    int alwaysEvaluated() {
        return always.length;
    }
}
