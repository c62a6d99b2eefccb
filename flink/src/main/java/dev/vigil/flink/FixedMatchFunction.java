package dev.vigil.flink;

import dev.vigil.core.event.Event;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Single-event matching with a rule set fixed for the job's life: a one-input operator, so event time
 * flows through it untouched by a second input (a rule-update stream's watermarks).
 */
final class FixedMatchFunction extends ProcessFunction<Event, AlertRecord> {

    private static final long serialVersionUID = 1L;

    private final RuleSet ruleSet;
    private transient CompiledRules rules;

    FixedMatchFunction(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    @Override
    public void open(OpenContext context) {
        rules = CompiledRules.compile(ruleSet);
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<AlertRecord> out) {
        MatchFunction.match(rules, event, out, m -> ctx.output(MatchFunction.ROUTED, m));
    }
}
