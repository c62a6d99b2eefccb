package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The specification's example correlation rules ({@code spec/tests/schema/correlation/*.yml} and the
 * complete example of the specification's text) load and behave as their titles and text say, on
 * events written here. The rules they refer to are written here too.
 */
class SpecCorrelationExamplesTest {

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final SigmaLoader IGNORE = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();

    /** The detection rules the examples refer to, by id or name. */
    static final String REFERENCED = """
            title: failed logon
            id: 5638f7c0-ac70-491d-8465-2a65075e0d86
            logsource: {product: windows}
            detection: {s: {EventID: 4625}, condition: s}
            ---
            title: recon a
            name: recon_cmd_a
            logsource: {product: windows}
            detection: {s: {CommandLine: whoami}, condition: s}
            ---
            title: recon b
            name: recon_cmd_b
            logsource: {product: windows}
            detection: {s: {CommandLine: 'net user'}, condition: s}
            ---
            title: recon c
            name: recon_cmd_c
            logsource: {product: windows}
            detection: {s: {CommandLine: ipconfig}, condition: s}
            ---
            title: website access
            name: website_access
            logsource: {category: proxy}
            detection: {s: {type: web}, condition: s}
            ---
            title: rule a
            id: rule_a_id
            logsource: {category: firewall}
            detection: {s: {type: flow}, condition: s}
            ---
            title: process creation
            name: process_creation
            logsource: {category: process_creation}
            detection: {s: {type: process}, condition: s}
            """;

    static Path example(String name) {
        return SharedData.require("sigma/spec/tests/schema/correlation/" + name);
    }

    static List<CorrelationAlert> run(String correlationFile, List<Event> events) throws IOException {
        String yaml = REFERENCED + "---\n" + Files.readString(example(correlationFile));
        LoadResult loaded = IGNORE.loadString(yaml, correlationFile);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.correlations()).hasSize(1);
        return alerts(loaded, events);
    }

    static List<CorrelationAlert> alerts(LoadResult loaded, List<Event> events) {
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        assertThat(detector.problems()).isEmpty();
        List<CorrelationAlert> out = new ArrayList<>();
        java.util.function.Consumer<Alert> sink = a -> {
            if (a instanceof CorrelationAlert c) {
                out.add(c);
            }
        };
        try (DetectorSession s = detector.newSession().onAlert(sink).open()) {
            events.forEach(s::accept);
            s.finish();
        }
        return out;
    }

    static Event event(double seconds, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@timestamp", T0.plusMillis(Math.round(seconds * 1000)).toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Event.of(m);
    }

    @Test
    @DisplayName("event_count.yml: 'Many failed logins': 100 per ComputerName within 1h")
    void eventCount() throws IOException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            events.add(event(i * 30, "EventID", 4625, "ComputerName", "PC1"));
            events.add(event(i * 30 + 1, "EventID", 4625, "ComputerName", "PC" + (i % 7 + 2)));
        }
        assertThat(run("event_count.yml", events)).isEmpty();
        events.add(event(3000, "EventID", 4625, "ComputerName", "PC1"));
        List<CorrelationAlert> alerts = run("event_count.yml", events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).group()).containsEntry("ComputerName", "PC1");
        assertThat(alerts.get(0).value()).isEqualTo(100L);
        assertThat(alerts.get(0).metadata().title()).isEqualTo("Many failed logins");
    }

    @Test
    @DisplayName("event_count_ecs.yml: grouped by the dotted ECS field dns.question.name")
    void eventCountEcs() throws IOException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(event(i, "EventID", 4625, "dns", Map.of("question", Map.of("name", "evil.example"))));
        }
        List<CorrelationAlert> alerts = run("event_count_ecs.yml", events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).group()).containsEntry("dns.question.name", "evil.example");
    }

    @Test
    @DisplayName("value_count.yml: 'Failed login' with 100 distinct users per computer and workstation in a day")
    void valueCount() throws IOException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(event(i * 60, "EventID", 4625, "ComputerName", "DC1", "WorkstationName", "WS7",
                    "User", "user" + (i % 99)));
        }
        assertThat(run("value_count.yml", events)).isEmpty();
        events.add(event(20_000, "EventID", 4625, "ComputerName", "DC1", "WorkstationName", "WS7", "User", "admin"));
        List<CorrelationAlert> alerts = run("value_count.yml", events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value()).isEqualTo(100L);
        assertThat(alerts.get(0).group()).containsExactly(Map.entry("ComputerName", "DC1"),
                Map.entry("WorkstationName", "WS7"));
    }

    static List<Event> recon(String... commands) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            events.add(event(i * 60, "CommandLine", commands[i], "ComputerName", "WS1", "User", "mallory"));
        }
        return events;
    }

    @Test
    @DisplayName("temporal.yml: the three recon commands in any order within 5 minutes on one system by one user")
    void temporal() throws IOException {
        assertThat(run("temporal.yml", recon("ipconfig", "whoami", "net user"))).hasSize(1);
        assertThat(run("temporal.yml", recon("ipconfig", "whoami", "whoami"))).isEmpty();
    }

    @Test
    @DisplayName("temporal_ordered.yml: the three recon commands in the listed order; not in another order")
    void temporalOrdered() throws IOException {
        assertThat(run("temporal_ordered.yml", recon("whoami", "net user", "ipconfig"))).hasSize(1);
        assertThat(run("temporal_ordered.yml", recon("ipconfig", "whoami", "net user"))).isEmpty();
    }

    @Test
    @DisplayName("value_sum.yml: 'Possible Exfiltration to Website': more than 1,000,000 bytes sent in an hour")
    void valueSum() throws IOException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(event(i * 60, "type", "web", "SourceIP", "10.1.1.1", "User", "u", "bytes_sent", 100_000));
        }
        assertThat(run("value_sum.yml", events)).isEmpty();
        events.add(event(700, "type", "web", "SourceIP", "10.1.1.1", "User", "u", "bytes_sent", 1));
        assertThat(run("value_sum.yml", events)).singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(1_000_001.0));
    }

    @Test
    @DisplayName("value_avg.yml: 'Suspicious average network traffic': average BytesOut above 500")
    void valueAvg() throws IOException {
        assertThat(run("value_avg.yml", List.of(event(0, "type", "flow", "SourceIP", "a", "User", "u", "BytesOut", 400),
                event(1, "type", "flow", "SourceIP", "a", "User", "u", "BytesOut", 600)))).isEmpty();
        assertThat(run("value_avg.yml", List.of(event(0, "type", "flow", "SourceIP", "a", "User", "u", "BytesOut", 400),
                event(1, "type", "flow", "SourceIP", "a", "User", "u", "BytesOut", 700)))).hasSize(1);
    }

    @Test
    @DisplayName("value_percentile.yml: a process name making up at most 1% of a computer's processes in 24h")
    void valuePercentile() throws IOException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(event(i * 60, "type", "process", "ComputerName", "WS1", "Image", i % 2 == 0 ? "a.exe" : "b.exe"));
        }
        assertThat(run("value_percentile.yml", events)).isEmpty();
        events.add(event(9500, "type", "process", "ComputerName", "WS1", "Image", "rare.exe"));
        List<CorrelationAlert> alerts = run("value_percentile.yml", events);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).matches()).singleElement()
                .satisfies(m -> assertThat(m.timestamp()).isEqualTo(T0.plusSeconds(9500)));
    }

    @Test
    @DisplayName("specification § Example: multiple failed logins followed by a successful login (chained, multi-document)")
    void completeExample() throws IOException {
        Path spec = SharedData.require("sigma/spec/specification/sigma-correlation-rules-specification.md");
        String md = Files.readString(spec);
        int at = md.indexOf("### Failed Logins Followed by Successful Login");
        assumeTrue(at >= 0, "the specification no longer has its example");
        int start = md.indexOf("```yml", at) + "```yml".length();
        String yaml = md.substring(start, md.indexOf("```", start));
        LoadResult loaded = SigmaLoader.builder().build().loadString(yaml, "example.yml");
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.correlations()).hasSize(2);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(event(i * 20, "Channel", "Security", "EventID", 4625, "User", "bob"));
        }
        events.add(event(300, "Channel", "Security", "EventID", 4624, "User", "bob"));
        events.add(event(310, "Channel", "Security", "EventID", 4624, "User", "alice"));
        List<CorrelationAlert> alerts = alerts(loaded, events);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.metadata().title()).isEqualTo("Correlation - Multiple Failed Logins Followed by Successful Login");
            assertThat(a.metadata().level().label()).isEqualTo("high");
            assertThat(a.group()).containsEntry("User", "bob");
        });
        // nine failures are not "multiple" enough
        assertThat(alerts(loaded, events.subList(1, events.size()))).isEmpty();
    }
}
