package dev.vigil.benchmarks.drools;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.compiler.compiler.RuleBuildError;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Vigil rules evaluated by Drools: translated to DRL by {@link DrlTranslator}, built into one
 * {@link KieBase}, and run on each event in a {@link Session} (one stateful Drools session, reused:
 * insert the event's facts, fire, delete them). Rules that cannot be translated, or that Drools
 * rejects, are left out with their reason.
 */
public final class DroolsMatcher {

    private final KieBase kieBase;
    private final List<Rule> rules;
    private final Map<Rule, String> skipped;
    private final String drl;

    private DroolsMatcher(KieBase kieBase, List<Rule> rules, Map<Rule, String> skipped, String drl) {
        this.kieBase = kieBase;
        this.rules = List.copyOf(rules);
        this.skipped = Collections.unmodifiableMap(skipped);
        this.drl = drl;
    }

    /** Translates and builds {@code rules}, leaving out those that cannot be. */
    public static DroolsMatcher build(List<Rule> rules) {
        List<Rule> candidates = new ArrayList<>(rules);
        Map<Rule, String> skipped = new LinkedHashMap<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            DrlTranslator.Translation t = DrlTranslator.translate(candidates);
            skipped.putAll(t.skipped());
            KnowledgeBuilder kb = KnowledgeBuilderFactory.newKnowledgeBuilder();
            kb.add(ResourceFactory.newByteArrayResource(t.drl().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath("dev/vigil/benchmarks/generated/rules.drl"), ResourceType.DRL);
            if (!kb.hasErrors()) {
                return new DroolsMatcher(kb.newKieBase(), t.rules(), skipped, t.drl());
            }
            Set<Integer> bad = new HashSet<>();
            for (KnowledgeBuilderError e : kb.getErrors()) {
                int rule = culprit(e, t);
                if (rule >= 0 && bad.add(rule)) {
                    skipped.put(t.rules().get(rule), "rejected by Drools: " + e.getMessage().lines().findFirst()
                            .orElse(""));
                }
            }
            if (bad.isEmpty()) {
                throw new IllegalStateException("the generated DRL does not build: " + kb.getErrors());
            }
            candidates = new ArrayList<>();
            for (int i = 0; i < t.rules().size(); i++) {
                if (!bad.contains(i)) {
                    candidates.add(t.rules().get(i));
                }
            }
        }
        throw new IllegalStateException("the generated DRL still fails to build after 5 attempts");
    }

    /** The index of the translated rule an error is about, or -1. */
    private static int culprit(KnowledgeBuilderError e, DrlTranslator.Translation t) {
        if (e instanceof RuleBuildError r && r.getRule() != null && r.getRule().getName().startsWith("r")) {
            return Integer.parseInt(r.getRule().getName().substring(1));
        }
        for (int line : e.getLines()) {
            int i = Arrays.binarySearch(t.firstLine(), line);
            int rule = i >= 0 ? i : -i - 2;
            if (rule >= 0 && line <= t.lastLine()[rule]) {
                return rule;
            }
        }
        return -1;
    }

    /** The rules Drools evaluates, in order; {@link Session#matched()} indexes this list. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rules left out, with why. */
    public Map<Rule, String> skipped() {
        return skipped;
    }

    /** The generated DRL. */
    public String drl() {
        return drl;
    }

    /** A session for one thread. */
    public Session newSession() {
        return new Session();
    }

    /** Matches events one at a time on one Drools session; one thread only. */
    public final class Session implements AutoCloseable {
        private final KieSession session;
        private final Hits hits;
        private final List<Object> facts = new ArrayList<>(64);
        private final List<FactHandle> handles = new ArrayList<>(64);

        private Session() {
            this.session = kieBase.newKieSession();
            this.hits = new Hits(rules.size());
            session.setGlobal("hits", hits);
        }

        /** Evaluates every rule on {@code event}; returns how many matched. */
        public int match(Event event) {
            hits.clear();
            facts.clear();
            EventFacts.collect(event, facts);
            for (Object f : facts) {
                handles.add(session.insert(f));
            }
            session.fireAllRules();
            for (FactHandle h : handles) {
                session.delete(h);
            }
            handles.clear();
            return hits.size();
        }

        /** The rules the last event matched, as sorted indices into {@link #rules()}. */
        public int[] matched() {
            return hits.sorted();
        }

        @Override
        public void close() {
            session.dispose();
        }
    }
}
