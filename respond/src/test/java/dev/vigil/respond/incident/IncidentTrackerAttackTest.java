package dev.vigil.respond.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * record() answers a snapshot, and Incident's constructor copies the alert list (List.copyOf): recording is
 * O(alerts in the incident), so an incident fed by a noisy rule costs O(n^2) on the responder's dispatcher
 * thread (which also calls incidentOf(), a second full copy, per alert).
 */
class IncidentTrackerAttackTest {

    private static final Rule RULE = Rule.builder().metadata(RuleMetadata.builder().id("r-1").title("noisy")
            .level(Level.HIGH).build()).condition(Condition.TRUE).build();

    private static Detection alert(int n) {
        return new Detection(RULE, Event.of(Map.of("n", n, "Computer", "dc01"), SourcePosition.of("e.jsonl", n),
                EventTime.defaults()));
    }

    private static long recordNanos(IncidentTracker t, int from, int count) {
        Detection[] alerts = new Detection[count];
        for (int i = 0; i < count; i++) {
            alerts[i] = alert(from + i);
            alerts[i].id(); // the id's digest is not what is measured
            alerts[i].fingerprint();
        }
        long start = System.nanoTime();
        for (Detection a : alerts) {
            t.recordId(a); // as Responder's dispatcher does, per alert
        }
        return System.nanoTime() - start;
    }

    @Test
    @Timeout(120)
    void recordCostDoesNotGrowWithTheIncidentAttackTest() {
        IncidentTracker t = IncidentTracker.builder().window(java.time.Duration.ofDays(3650)).build();
        recordNanos(t, 0, 2_000); // warm-up
        long first = recordNanos(t, 2_000, 2_000);
        recordNanos(t, 4_000, 76_000);
        long later = recordNanos(t, 80_000, 2_000);
        assertThat(t.incidents()).hasSize(1);
        System.out.printf("2,000 records at ~2k alerts: %d ms; at ~80k alerts: %d ms%n", first / 1_000_000,
                later / 1_000_000);
        assertThat(later).as("2,000 records into an incident of 80,000 alerts vs of 2,000 (ns)")
                .isLessThan(3 * first + 20_000_000L);
    }
}
