package dev.vigil.cli;

import dev.vigil.core.event.Event;
import java.util.List;

/**
 * One case of {@code vigil test}: the rule it names, the events it feeds, and what should come of them; or,
 * when it could not be read, why ({@code problem}), so that it is reported and counted as failed.
 *
 * @param where the file and line (or lines) it comes from, as printed
 * @param rule the rule's id or name
 * @param expected null when {@code problem} is not
 */
record RuleCase(String where, String rule, List<Event> events, Expected expected, String problem) {

    static RuleCase bad(String where, String rule, String problem) {
        return new RuleCase(where, rule, List.of(), null, problem);
    }

    /**
     * A count of detections ({@code alerts} false) or correlation alerts, exactly or at least.
     */
    record Expected(long count, boolean atLeast, boolean alerts) {

        boolean metBy(long got) {
            return atLeast ? got >= count : got == count;
        }

        @Override
        public String toString() {
            return (atLeast ? ">= " : "") + count;
        }
    }
}
