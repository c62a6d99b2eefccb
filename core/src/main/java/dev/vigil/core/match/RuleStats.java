package dev.vigil.core.match;

import dev.vigil.core.rule.Rule;

/**
 * What matching one rule has cost so far: how often the engine evaluated it (after its prefilter
 * let an event through), how often it matched, and the time spent evaluating it. The counters are
 * always on and cheap; use them to find the rules that dominate a workload ("hot rules").
 *
 * @param evaluations how many events the rule's condition was evaluated on
 * @param matches     how many of them matched
 * @param nanos       time spent evaluating the condition, in nanoseconds
 */
public record RuleStats(Rule rule, long evaluations, long matches, long nanos) {
}
