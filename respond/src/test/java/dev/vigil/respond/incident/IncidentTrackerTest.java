package dev.vigil.respond.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grouping alerts into incidents by entity and time, the lifecycle, and the journal surviving a restart. */
class IncidentTrackerTest {

    @TempDir
    Path dir;

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC);

    static Detection detection(String ruleId, Level level, List<String> tags, int minute, Object... kv) {
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().id(ruleId).title("rule " + ruleId).level(level)
                .tags(tags).build()).condition(Condition.TRUE).build();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("@timestamp", T0.plusSeconds(60L * minute).toString());
        for (int i = 0; i < kv.length; i += 2) {
            fields.put((String) kv[i], kv[i + 1]);
        }
        return new Detection(rule, Event.of(fields, SourcePosition.of("e.jsonl", minute + 1), EventTime.defaults()));
    }

    static CorrelationAlert brute(String user, int minute) {
        CorrelationRule rule = CorrelationRule.builder().metadata(RuleMetadata.builder().id("brute").title("Brute force")
                .level(Level.HIGH).tags(List.of("attack.credential_access", "attack.t1110")).build())
                .type(CorrelationType.EVENT_COUNT).rules(List.of("fail")).groupBy(List.of("TargetUserName"))
                .timespan(Duration.ofMinutes(5)).condition(CorrelationCondition.atLeast(5)).build();
        Instant end = T0.plusSeconds(60L * minute);
        return new CorrelationAlert(rule, Map.of("TargetUserName", user), new TimeWindow(end.minusSeconds(60), end), 5L,
                List.of(), 5);
    }

    @Test
    void alertsSharingAnEntityWithinTheWindow_areOneIncident_othersAnother() {
        IncidentTracker t = IncidentTracker.builder().clock(CLOCK).build();
        Incident a = t.record(detection("r1", Level.MEDIUM, List.of("attack.execution", "attack.t1059.001"), 0,
                "Computer", "WS-1", "User", "CORP\\anna", "Image", "C:\\powershell.exe"));
        Incident b = t.record(detection("r2", Level.CRITICAL, List.of("attack.credential-access", "attack.t1003"), 10,
                "Computer", "WS-1", "User", "CORP\\anna", "Image", "C:\\pd.exe"));
        Incident c = t.record(detection("r3", Level.LOW, List.of(), 20, "Computer", "WS-2"));
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(c.id()).isNotEqualTo(a.id());
        Incident one = t.get(a.id()).orElseThrow();
        assertThat(one.alerts()).hasSize(2);
        assertThat(one.severity()).isEqualTo(Level.CRITICAL);
        assertThat(one.title()).isEqualTo("rule r1");
        assertThat(one.techniques()).containsExactly("T1003", "T1059.001");
        assertThat(one.tactics()).containsExactly("credential-access", "execution");
        assertThat(one.entities()).containsExactly(new Entity("host", "WS-1"), new Entity("user", "CORP\\anna"));
        assertThat(one.firstSeen()).isEqualTo(T0);
        assertThat(one.lastSeen()).isEqualTo(T0.plusSeconds(600));
        assertThat(t.incidents()).extracting(Incident::id).containsExactly(a.id(), c.id());
    }

    @Test
    void theSameProgramOnTwoHosts_isTwoIncidents_processesAreNotADefaultEntity() {
        IncidentTracker t = IncidentTracker.builder().clock(CLOCK).build();
        Incident a = t.record(detection("r1", Level.HIGH, List.of(), 0, "Computer", "WS-1", "Image", "C:\\certutil.exe"));
        Incident b = t.record(detection("r1", Level.HIGH, List.of(), 1, "Computer", "WS-2", "Image", "C:\\certutil.exe"));
        assertThat(b.id()).isNotEqualTo(a.id());
    }

    @Test
    void aSharedEntityOutsideTheWindow_opensANewIncident() {
        IncidentTracker t = IncidentTracker.builder().window(Duration.ofMinutes(30)).clock(CLOCK).build();
        Incident a = t.record(detection("r1", Level.HIGH, List.of(), 0, "Computer", "WS-1"));
        Incident b = t.record(detection("r1", Level.HIGH, List.of(), 90, "Computer", "WS-1"));
        assertThat(b.id()).isNotEqualTo(a.id());
    }

    @Test
    void aCorrelationAlert_joinsByItsGroupValues() {
        IncidentTracker t = IncidentTracker.builder().clock(CLOCK).build();
        Incident a = t.record(detection("fail", Level.LOW, List.of(), 0, "TargetUserName", "bob", "IpAddress", "10.0.0.9"));
        Incident b = t.record(brute("bob", 3));
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.techniques()).containsExactly("T1110");
        assertThat(b.tactics()).containsExactly("credential-access");
    }

    @Test
    void anAlertWithoutEntities_isAnIncidentOfItsOwn_andRecordingAnAlertTwiceChangesNothing() {
        IncidentTracker t = IncidentTracker.builder().clock(CLOCK).build();
        Detection lone = detection("r1", Level.LOW, List.of(), 0);
        Incident a = t.record(lone);
        Incident again = t.record(lone);
        Incident b = t.record(detection("r1", Level.LOW, List.of(), 1));
        assertThat(again).isEqualTo(a);
        assertThat(a.alerts()).hasSize(1);
        assertThat(b.id()).isNotEqualTo(a.id());
    }

    @Test
    void lifecycle_movesForwardOnly_withTimeActorAndNote_andAClosedIncidentTakesNoAlert() {
        IncidentTracker t = IncidentTracker.builder().clock(CLOCK).build();
        Incident i = t.record(detection("r1", Level.HIGH, List.of(), 0, "Computer", "WS-1"));
        assertThat(i.state()).isEqualTo(IncidentState.IDENTIFIED);
        t.transition(i.id(), IncidentState.CONTAINED, "isolate-host", "host isolated");
        assertThatThrownBy(() -> t.transition(i.id(), IncidentState.IDENTIFIED, "anna", "reopen"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only moves forward");
        Incident closed = t.transition(i.id(), IncidentState.CLOSED, "anna", "reimaged");
        assertThat(closed.transitions()).extracting(Transition::to)
                .containsExactly(IncidentState.CONTAINED, IncidentState.CLOSED);
        assertThat(closed.transitions().get(0).actor()).isEqualTo("isolate-host");
        assertThat(closed.transitions().get(0).time()).isEqualTo(CLOCK.instant());
        Incident next = t.record(detection("r1", Level.HIGH, List.of(), 5, "Computer", "WS-1"));
        assertThat(next.id()).isNotEqualTo(i.id());
        assertThatThrownBy(() -> t.transition("INC-none", IncidentState.CLOSED, "anna", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void journal_aRestartLosesNoIncidentAndNoTransition_andSkipsATornLastLine() throws IOException {
        Path journal = dir.resolve("incidents.jsonl");
        List<Incident> before;
        try (JournalIncidentStore store = JournalIncidentStore.open(journal)) {
            IncidentTracker t = IncidentTracker.builder().store(store).clock(CLOCK).build();
            Incident a = t.record(detection("r1", Level.HIGH, List.of("attack.t1059"), 0, "Computer", "WS-1"));
            t.record(detection("r2", null, List.of(), 5, "Computer", "WS-1", "User", "anna"));
            t.record(brute("bob", 7));
            t.transition(a.id(), IncidentState.CONTAINED, "isolate-host", "done by the action");
            before = t.incidents();
        }
        Files.writeString(journal, "{\"change\":\"alert\",\"incident\":\"INC-x\",\"al", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (JournalIncidentStore store = JournalIncidentStore.open(journal)) {
            IncidentTracker t = IncidentTracker.builder().store(store).clock(CLOCK).build();
            assertThat(t.incidents()).isEqualTo(before);
            assertThat(store.problems()).singleElement().satisfies(p -> assertThat(p.where().line()).isEqualTo(5));
            Incident more = t.record(detection("r3", Level.LOW, List.of(), 9, "Computer", "WS-1"));
            assertThat(more.id()).isEqualTo(before.get(0).id());
            assertThat(more.state()).isEqualTo(IncidentState.CONTAINED);
        }
        try (JournalIncidentStore store = JournalIncidentStore.open(journal)) {
            IncidentTracker t = IncidentTracker.builder().store(store).clock(CLOCK).build();
            assertThat(t.get(before.get(0).id()).orElseThrow().alerts()).as("written after the torn line")
                    .extracting(AlertSummary::ruleId).contains("r3");
            assertThat(store.problems()).hasSize(1);
        }
    }
}
