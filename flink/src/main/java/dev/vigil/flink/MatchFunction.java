package dev.vigil.flink;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-event matching: the compiled engine, stateless but for the rule set, which is broadcast. An
 * update is compiled whole before it replaces the current set, so every event is matched by one rule
 * set, old or new, never a mixture. An update takes effect at each instance with the first event it
 * processes after receiving the update. A set that does not compile is refused: the old one stays.
 * Matches are routed to the correlations the job started with (the correlating operator runs those):
 * an updated rule feeds them when it has the name or id their references use.
 */
final class MatchFunction extends BroadcastProcessFunction<Event, RuleSet, AlertRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MatchFunction.class);
    private static final String CURRENT = "current";

    static final MapStateDescriptor<String, RuleSet> RULES =
            new MapStateDescriptor<>("vigil-rules", Types.STRING, VigilTypes.ruleSet());
    static final OutputTag<RoutedMatch> ROUTED = new OutputTag<>("vigil-routed", RoutedMatch.TYPE);

    private final RuleSet initial;
    private transient CompiledRules rules;
    /** The initial set: its correlations are the ones the correlating operator runs. */
    private transient CompiledRules correlating;
    private transient String refused;

    MatchFunction(RuleSet initial) {
        this.initial = initial;
    }

    @Override
    public void open(OpenContext context) {
        rules = CompiledRules.compile(initial);
        correlating = rules;
    }

    @Override
    public void processElement(Event event, ReadOnlyContext ctx, Collector<AlertRecord> out) throws Exception {
        RuleSet latest = ctx.getBroadcastState(RULES).get(CURRENT);
        if (latest != null && !latest.version().equals(rules.version) && !latest.version().equals(refused)) {
            // after a restore: the broadcast state holds the last update, this instance the initial set
            replace(latest);
        }
        match(rules, correlating, event, out, m -> ctx.output(ROUTED, m));
    }

    /** {@link #match(CompiledRules, CompiledRules, Event, Collector, Consumer)} with one set for both. */
    static void match(CompiledRules r, Event event, Collector<AlertRecord> out, Consumer<RoutedMatch> routed) {
        match(r, r, event, out, routed);
    }

    /**
     * Matches {@code event} with {@code r}: reported detections to {@code out}, and one routed match per
     * correlation of {@code correlating} and group that takes a detection (with the group's key and the
     * rule as {@code correlating} knows it, see {@link CompiledRules#correlatedAs}) to {@code routed}.
     */
    static void match(CompiledRules r, CompiledRules correlating, Event event, Collector<AlertRecord> out,
            Consumer<RoutedMatch> routed) {
        for (Detection d : r.detector.engine().match(event)) {
            if (r.detector.reports(d.rule())) {
                out.collect(AlertRecord.of(d, r.version));
            }
            Rule rule = correlating.correlatedAs(d.rule());
            if (rule == null) {
                continue;
            }
            Detection match = rule == d.rule() ? d : new Detection(rule, event);
            for (Map.Entry<String, List<String>> k : correlating.detector.groupKeys(match).entrySet()) {
                for (String group : k.getValue()) {
                    routed.accept(RoutedMatch.of(k.getKey(), group, rule.key(), event));
                }
            }
        }
    }

    @Override
    public void processBroadcastElement(RuleSet update, Context ctx, Collector<AlertRecord> out) throws Exception {
        if (replace(update)) {
            ctx.getBroadcastState(RULES).put(CURRENT, update);
        }
    }

    private boolean replace(RuleSet update) {
        CompiledRules next = CompiledRules.compile(update);
        if (next.hasErrors()) {
            LOG.error("rule set {} refused, {} stays: {}", update.version(), rules.version, next.problems());
            refused = update.version();
            return false;
        }
        List<String> missing = correlating.referencesMissingIn(next);
        if (!missing.isEmpty()) {
            LOG.warn("rule set {} has no rule named (or with the id) {}: the correlations of {} that reference them "
                    + "get no matches of them while it is in force", update.version(), missing, correlating.version);
        }
        rules = next;
        return true;
    }
}
