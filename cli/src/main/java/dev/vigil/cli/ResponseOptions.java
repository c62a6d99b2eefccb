package dev.vigil.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The response options {@code hunt} and {@code watch} share: a policy, its audit trail, the containing actions. */
final class ResponseOptions {

    @Option(names = "--respond", paramLabel = "POLICY",
            description = "Deliver every alert printed (after --min-level) to the response actions the policy POLICY "
                    + "(YAML) routes it to; actions are found on the class path. A policy with errors, or naming an "
                    + "action that does not exist, stops the command before any event is read. See docs/RESPONSE.md.")
    Path policy;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "With --respond: append one JSON line per delivery attempt to FILE.")
    Path audit;

    @Option(names = "--containing-action", paramLabel = "NAME", split = ",",
            description = "With --respond and incidents: when action NAME reports done for an alert, its incident "
                    + "moves to contained. Repeat or separate with commas.")
    List<String> containingActions = new ArrayList<>();

    /**
     * The usage error in these options, given whether the command keeps incidents ({@code incidentsOption}
     * names the option that does, for the message), or null.
     */
    String usageError(boolean incidents, String incidentsOption) {
        if (audit != null && policy == null) {
            return "--audit needs --respond";
        }
        if (!containingActions.isEmpty() && (policy == null || !incidents)) {
            return "--containing-action needs --respond and " + incidentsOption;
        }
        return null;
    }
}
