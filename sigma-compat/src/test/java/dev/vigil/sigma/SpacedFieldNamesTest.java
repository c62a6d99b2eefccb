package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.map;
import static dev.vigil.sigma.SigmaTestSupport.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Rule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/MAPPING.md, {@code spaced_names}: Microsoft Defender writes its event data names as spaced words
 * ({@code New Value}, {@code Process Name}), SigmaHQ rules write them joined ({@code NewValue}); under an
 * entry with the option both spellings are found, in the flat and the evtx_dump shape.
 */
class SpacedFieldNamesTest {

    private static final String DEFENDER = "Microsoft-Windows-Windows Defender/Operational";
    private static final SigmaLoader MAPPED = SigmaLoader.builder().build();

    private static final String EXCLUSION_RULE = """
            title: Defender exclusion added
            logsource:
                product: windows
                service: windefend
            detection:
                selection:
                    EventID: 5007
                    NewValue|contains: '\\Microsoft\\Windows Defender\\Exclusions'
                condition: selection
            """;

    private static final String AMSI_RULE = """
            title: Malware detected through AMSI
            logsource:
                product: windows
                service: windefend
            detection:
                selection:
                    EventID: 1116
                    SourceName: AMSI
                    ProcessName|endswith: '\\powershell.exe'
                    Feature_Name: '%%886'
                condition: selection
            """;

    private static final String NEW_VALUE =
            "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Temp = 0x0";

    /** A Defender event in the flat shape: System fields and event data side by side at the top. */
    private static Event flat(int eventId, Object... data) {
        Map<String, Object> m = new LinkedHashMap<>(map("Channel", DEFENDER, "EventID", eventId));
        m.putAll(map(data));
        return Event.of(m);
    }

    /** The same in the evtx_dump shape: Event.System and Event.EventData. */
    private static Event nested(int eventId, Object... data) {
        return event("Event", map("System", map("Channel", DEFENDER, "EventID", eventId), "EventData", map(data)));
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: NewValue finds Defender's 'New Value', flat and nested")
    void windefend_spacedEventData_matchesJoinedRuleField() {
        Rule r = only(MAPPED, EXCLUSION_RULE);
        assertThat(r.matches(flat(5007, "New Value", NEW_VALUE))).isTrue();
        assertThat(r.matches(nested(5007, "New Value", NEW_VALUE))).isTrue();
        assertThat(r.matches(flat(5007, "New Value", "HKLM\\SOFTWARE\\Other = 1"))).isFalse();
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: the rule's own spelling is still found (exporters that drop the spaces)")
    void windefend_joinedEventData_stillMatches() {
        Rule r = only(MAPPED, EXCLUSION_RULE);
        assertThat(r.matches(flat(5007, "NewValue", NEW_VALUE))).isTrue();
        assertThat(r.matches(nested(5007, "NewValue", NEW_VALUE))).isTrue();
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: several words, underscores, both shapes")
    void windefend_severalSpacedFields_allFound() {
        Rule r = only(MAPPED, AMSI_RULE);
        Object[] data = {"Source Name", "AMSI", "Process Name", "C:\\Windows\\System32\\powershell.exe",
            "Feature Name", "%%886"};
        assertThat(r.matches(flat(1116, data))).isTrue();
        assertThat(r.matches(nested(1116, data))).isTrue();
        Object[] wrongFeature = data.clone();
        wrongFeature[5] = "%%887";
        assertThat(r.matches(flat(1116, wrongFeature))).isFalse();
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: the log's spaced name wins over a joined name meaning something else")
    void windefend_spacedSpellingTriedFirst() {
        // the OTRF data sets write the provider as a flat SourceName; Defender's own "Source Name" is AMSI
        Rule r = only(MAPPED, AMSI_RULE);
        assertThat(r.matches(flat(1116, "SourceName", "Microsoft-Windows-Windows Defender", "Source Name", "AMSI",
                "Process Name", "C:\\x\\powershell.exe", "Feature Name", "%%886"))).isTrue();
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: the antivirus entry finds Defender's spaced names too")
    void antivirus_spacedEventData_matches() {
        Rule r = only(MAPPED, """
                title: AV detection by user
                logsource:
                    category: antivirus
                detection:
                    selection:
                        Signature|contains: Mimikatz
                        DetectionUser|endswith: '\\bob'
                    condition: selection
                """);
        Object[] data = {"Threat Name", "HackTool:Win32/Mimikatz", "Detection User", "CORP\\bob"};
        assertThat(r.matches(flat(1116, data))).isTrue();
        assertThat(r.matches(nested(1116, data))).isTrue();
        assertThat(r.matches(flat(1116, "Threat Name", "HackTool:Win32/Mimikatz", "Detection User", "CORP\\eve")))
                .isFalse();
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: entries without the option do not look for spaced names")
    void otherEntries_noSpacedLookup() {
        Rule r = only(MAPPED, """
                title: Process exit
                logsource:
                    product: windows
                    service: security
                detection:
                    selection:
                        ProcessName|endswith: '\\cmd.exe'
                    condition: selection
                """);
        assertThat(r.matches(event("Channel", "Security", "ProcessName", "C:\\cmd.exe"))).isTrue();
        assertThat(r.matches(event("Channel", "Security", "Process Name", "C:\\cmd.exe"))).isFalse();
        LogsourceMapping d = LogsourceMapping.defaults();
        assertThat(d.fieldUnder("ProcessName", LogsourceMapping.Naming.NONE).paths())
                .as("no extra path where the option is off")
                .hasSize(d.fieldUnder("Path", LogsourceMapping.Naming.NONE).paths().size())
                .doesNotContain(FieldPath.of("Process Name"));
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: a user mapping can set it on its own entry")
    void userEntry_spacedNames() {
        LogsourceMapping m = LogsourceMapping.defaults().extendedWith("""
                logsources:
                  - id: acme
                    product: acme
                    service: audit
                    conditions:
                      Channel: Acme/Audit
                    spaced_names: true
                """, "acme.yml");
        Rule r = only(SigmaLoader.builder().mapping(m).build(), """
                title: Acme login
                logsource:
                    product: acme
                    service: audit
                detection:
                    selection:
                        TargetUserName: root
                    condition: selection
                """);
        assertThat(r.matches(event("Channel", "Acme/Audit", "Target User Name", "root"))).isTrue();
        assertThat(r.matches(event("Channel", "Acme/Audit", "Target User Name", "bob"))).isFalse();
    }

    @Test
    @DisplayName("MAPPING.md spaced_names: a value other than true/false is an error naming file and line")
    void spacedNames_notBoolean_rejectedWithFileAndLine() {
        assertThatThrownBy(() -> LogsourceMapping.defaults().extendedWith("""
                logsources:
                  - id: acme
                    product: acme
                    spaced_names: sometimes
                """, "acme.yml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("acme.yml:4:")
                .hasMessageContaining("spaced_names");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "NewValue|New Value",
        "ProcessName|Process Name",
        "Feature_Name|Feature Name",
        "ThreatID|Threat ID",
        "SecurityIntelligenceVersion|Security Intelligence Version",
        "Sha256Hash|Sha256 Hash",
        "Path|Path",
        "Threat Name|Threat Name",
        "Event.EventData.NewValue|Event.EventData.NewValue"
    })
    @DisplayName("MAPPING.md spaced_names: how a rule field name is split into words")
    void spaced_wordBoundaries(String name, String expected) {
        assertThat(LogsourceMapping.spaced(name)).isEqualTo(expected);
    }
}
