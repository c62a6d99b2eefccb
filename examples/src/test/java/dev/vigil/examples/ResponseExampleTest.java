package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Level;
import dev.vigil.examples.ResponseExample.DisableAccount;
import dev.vigil.examples.ResponseExample.Result;
import dev.vigil.examples.ResponseExample.Step;
import dev.vigil.examples.ResponseExample.UserDirectory;
import dev.vigil.respond.incident.AlertSummary;
import dev.vigil.respond.incident.Entity;
import dev.vigil.respond.incident.Incident;
import dev.vigil.respond.incident.IncidentState;
import dev.vigil.respond.incident.Transition;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response example on the bundled rules and events: the attack's workstation is isolated and its
 * incident contained by {@code isolate-host}; the password guessing names an address, not an account, so
 * {@code disable-account} skips it and says why; the report names all of it. On event time and a fixed
 * clock, and with one call of an action at a time, every run gives the same result.
 */
class ResponseExampleTest {

    private static final Path RULES = Path.of("rules");
    private static final Path EVENTS = Path.of("events");
    private static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String GUESSING_SKIPPED = "the alert names no user (its group: IpAddress=10.20.1.15)";

    private static Result result;
    private static Incident attack;

    @BeforeAll
    static void run() throws IOException {
        result = ResponseExample.run(RULES, EVENTS, CLOCK);
        attack = result.incidents().stream()
                .filter(i -> i.entities().contains(new Entity("host", "WS-ANNA.corp.example")))
                .findFirst().orElseThrow();
    }

    @Test
    void attacksHost_isIsolated_andSoAreTheOtherHostsOfHighDetections() {
        assertThat(result.hosts().isolated()).containsOnlyKeys("WS-DANA", "WS-ANNA", "SRV-FILE01");
        assertThat(result.hosts().isolated().get("WS-ANNA"))
                .isEqualTo("PowerShell Started With a Long Encoded Command, incident " + attack.id());
        // one call at a time, in the order of the alerts: the first alert of a host isolates it, the next skip
        assertThat(result.steps()).filteredOn(s -> s.action().equals("isolate-host"))
                .extracting(Step::target, Step::outcome)
                .containsExactly(
                        tuple("WS-DANA", Outcome.done()),                  // sample-evtx.json is read first
                        tuple("WS-ANNA", Outcome.done()),
                        tuple("WS-ANNA", Outcome.skipped("host WS-ANNA is already isolated")),
                        tuple("WS-ANNA", Outcome.skipped("host WS-ANNA is already isolated")),
                        tuple("WS-ANNA", Outcome.skipped("host WS-ANNA is already isolated")),
                        tuple("SRV-FILE01", Outcome.done()));
    }

    @Test
    void passwordGuessing_namesAnAddressNotAnAccount_soDisableAccountSkipsIt_withTheReason() {
        // the correlation groups by IpAddress only: its alert names 10.20.1.15 and no user
        assertThat(attack.alerts()).filteredOn(a -> a.kind().equals("correlation"))
                .extracting(AlertSummary::ruleTitle, AlertSummary::entities)
                .containsExactly(tuple("Remote Desktop Password Guessing",
                        Set.of(new Entity("address", "10.20.1.15"))));
        assertThat(result.steps()).filteredOn(s -> s.action().equals("disable-account"))
                .extracting(Step::incidentId, Step::target, Step::outcome)
                .containsExactly(tuple(attack.id(), null, Outcome.skipped(GUESSING_SKIPPED)));
        assertThat(result.users().disabled()).isEmpty();
    }

    @Test
    void attackIncident_isContained_byIsolateHost() {
        assertThat(attack.state()).isEqualTo(IncidentState.CONTAINED);
        assertThat(attack.severity()).isEqualTo(Level.CRITICAL);
        assertThat(attack.entities()).contains(new Entity("host", "SRV-FILE01.corp.example"),
                new Entity("address", "10.20.1.15"), new Entity("user", "CORP\\anna"),
                new Entity("user", "administrator"));
        String first = attack.alerts().get(0).id();
        assertThat(attack.alerts().get(0).ruleTitle()).isEqualTo("PowerShell Started With a Long Encoded Command");
        assertThat(attack.transitions()).containsExactly(new Transition(IncidentState.IDENTIFIED,
                IncidentState.CONTAINED, NOW, "isolate-host", "action 'isolate-host' done for alert " + first));
        assertThat(result.incidents()).extracting(Incident::state)
                .containsExactly(IncidentState.CONTAINED, IncidentState.CONTAINED, IncidentState.IDENTIFIED);
        assertThat(result.stats().delivered()).isEqualTo(3);
        assertThat(result.stats().skipped()).isEqualTo(4);
        assertThat(result.stats().failed()).isZero();
        assertThat(result.stats().abandoned()).isZero();
    }

    @Test
    void report_namesTheIncident_theIsolatedHost_theContainment_andTheSkip() {
        assertThat(result.report())
                .startsWith("45 events, 11 alerts, 3 incidents; actions: 3 done, 4 skipped, 0 failed"
                        + " (4 alerts no route took)\n")
                .contains("\n" + attack.id() + "  critical  CONTAINED\n")
                .contains("\n    host    WS-ANNA        isolated (PowerShell Started With a Long Encoded Command,"
                        + " incident " + attack.id() + ")\n")
                .contains("\n    account administrator  not disabled\n")
                .contains("\n      disable-account: skipped: " + GUESSING_SKIPPED + "\n")
                .contains("\n    IDENTIFIED -> CONTAINED at 2026-03-02 09:30:00 by isolate-host: action 'isolate-host'"
                        + " done for alert " + attack.alerts().get(0).id() + "\n")
                .contains("\n    08:05:00  alert  high      PowerShell Started With a Long Encoded Command\n")
                .contains("\n    08:09:05  event  sample.jsonl:30  SRV-FILE01  EventID 1  wevtutil cl Security\n");
    }

    @Test
    void run_givesTheSameReport_everyTime() throws IOException {
        assertThat(ResponseExample.run(RULES, EVENTS, CLOCK).report()).isEqualTo(result.report());
    }

    @Test
    void disableAccount_takesTheEventsTargetUser_andActsOncePerIdempotencyKey() {
        Engine engine = Engine.builder().addRules(SigmaLoader.builder().build().load(List.of(RULES)).rules()).build();
        List<Detection> failedRdp = engine.match(Event.of(Map.of("EventID", 4625, "Channel", "Security",
                "LogonType", 10, "IpAddress", "10.20.1.15", "TargetUserName", "Administrator",
                "Computer", "SRV-FILE01.corp.example")));
        assertThat(failedRdp).extracting(d -> d.metadata().title()).containsExactly("Failed Remote Desktop Logon");
        UserDirectory users = new UserDirectory(List.of("administrator"));
        List<Step> steps = new ArrayList<>();
        DisableAccount action = new DisableAccount(users, steps);

        assertThat(action.execute(failedRdp.get(0), context("k1"))).isEqualTo(Outcome.done());
        assertThat(action.execute(failedRdp.get(0), context("k1")))          // a retry: nothing done twice
                .isEqualTo(Outcome.skipped("account administrator is already disabled"));
        assertThat(users.disabled()).containsExactly(Map.entry("administrator", "Failed Remote Desktop Logon"));
    }

    private static ResponseContext context(String key) {
        return new ResponseContext() {
            @Override
            public String idempotencyKey() {
                return key;
            }

            @Override
            public Map<String, String> parameters() {
                return Map.of();
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public int occurrences() {
                return 1;
            }

            @Override
            public Clock clock() {
                return CLOCK;
            }

            @Override
            public Logger logger() {
                return LoggerFactory.getLogger(ResponseExampleTest.class);
            }
        };
    }
}
