package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hunt the report tests look at, written here: five rules (one a correlation) whose titles, and nine events
 * whose values, carry markup an attacker or a careless rule author could plant.
 */
final class ReportFixture {

    /** Rule titles, as a rule author could write them. */
    static final String ENCODED = "Encoded PowerShell <script>window.pwned='title'</script>";
    static final String WHOAMI = "Whoami \"onerror=\"window.pwned='attr' x=\"";
    static final String FAILED = "Failed Logon";
    static final String GUESSING = "Password Guessing";
    static final String LOGON = "Logon";

    /** Event values, as an attacker could plant them. */
    static final String EVIL_COMMAND = "ps -enc </script><script>window.pwned='event'</script>";
    static final String EVIL_HOST = "<img src=x onerror=\"window.pwned='host'\">";
    static final String EVIL_USER = "\"><svg onload=\"window.pwned='user'\">";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFixture() {
    }

    /** The five rules, written to {@code dir}/rules. */
    static Path rules(Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("encoded.yml"), rule("11111111-1111-4111-8111-111111111111", ENCODED, "high",
                List.of("attack.execution", "attack.t1059.001"), "category: process_creation",
                "Image|endswith: '\\powershell.exe'\n    CommandLine|contains: ' -enc '"));
        Files.writeString(rules.resolve("whoami.yml"), rule("22222222-2222-4222-8222-222222222222", WHOAMI, "low",
                List.of("attack.discovery", "attack.t1033"), "category: process_creation",
                "Image|endswith: '\\whoami.exe'"));
        Files.writeString(rules.resolve("failed.yml"), rule("33333333-3333-4333-8333-333333333333", FAILED, "medium",
                List.of("attack.credential_access", "attack.t1110"), "service: security", "EventID: 4625"));
        Files.writeString(rules.resolve("logon.yml"), rule("44444444-4444-4444-8444-444444444444", LOGON,
                "informational", List.of(), "service: security", "EventID: 4624"));
        Files.writeString(rules.resolve("guessing.yml"), """
                title: %s
                id: 55555555-5555-4555-8555-555555555555
                status: test
                tags:
                  - attack.credential-access
                  - attack.t1110.001
                generate: true
                correlation:
                  type: event_count
                  rules:
                    - 33333333-3333-4333-8333-333333333333
                  group-by:
                    - IpAddress
                  timespan: 5m
                  condition:
                    gte: 3
                level: critical
                """.formatted(GUESSING));
        return rules;
    }

    /** A detection rule on Windows events of {@code logsource}, matching {@code selection}. */
    static String rule(String id, String title, String level, List<String> tags, String logsource, String selection) {
        StringBuilder tagLines = new StringBuilder();
        for (String tag : tags) {
            tagLines.append("\n  - ").append(tag);
        }
        return """
                title: '%s'
                id: %s
                status: test
                tags:%s
                logsource:
                  product: windows
                  %s
                detection:
                  selection:
                    %s
                  condition: selection
                level: %s
                """.formatted(title.replace("'", "''"), id, tags.isEmpty() ? " []" : tagLines, logsource, selection,
                level);
    }

    static Map<String, Object> sysmon(String time, String host, String user, String image, String command) {
        return Map.of("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational", "Computer", host,
                "UtcTime", time, "User", user, "Image", image, "CommandLine", command);
    }

    static Map<String, Object> security(String time, int id, String user) {
        return Map.of("EventID", id, "Channel", "Security", "Computer", "SRV-2", "@timestamp", time,
                "TargetUserName", user, "IpAddress", "10.0.0.9", "LogonType", 3);
    }

    /**
     * Eight detections from 08:00 to 12:00: two high (one on a planted host and user), two low, three medium
     * (and a critical correlation over them), one informational; one event matches nothing.
     */
    static Path events(Path dir) throws IOException {
        List<Map<String, Object>> events = List.of(
                sysmon("2026-03-02 08:00:00.000", "WS-1", "CORP\\alice", "C:\\Windows\\powershell.exe",
                        "powershell.exe -enc ZQBjAGgAbwA="),
                sysmon("2026-03-02 08:30:00.000", EVIL_HOST, EVIL_USER, "C:\\Windows\\powershell.exe", EVIL_COMMAND),
                sysmon("2026-03-02 09:15:00.000", "WS-1", "CORP\\alice", "C:\\Windows\\System32\\whoami.exe",
                        "whoami /all"),
                sysmon("2026-03-02 10:00:00.000", "SRV-2", "CORP\\bob", "C:\\Windows\\System32\\whoami.exe", "whoami"),
                security("2026-03-02T11:00:00Z", 4625, "admin"),
                security("2026-03-02T11:01:00Z", 4625, "admin"),
                security("2026-03-02T11:02:00Z", 4625, "admin"),
                security("2026-03-02T12:00:00Z", 4624, "bob"),
                security("2026-03-02T12:30:00Z", 4634, "bob"));
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> e : events) {
            lines.add(JSON.writeValueAsString(e));
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines);
        return file;
    }
}
