package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.map;
import static dev.vigil.sigma.SigmaTestSupport.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.rule.Rule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rules spec § LogSource: how a rule's logsource selects events, in {@link LogsourceMode#HINTS}
 * (the event's own product/category/service fields) and {@link LogsourceMode#MAPPED} (a mapping's
 * conditions and field renames).
 */
class LogsourceModeTest {

    private static final String CMD_RULE = """
            title: Cmd
            logsource:
                product: windows
                category: process_creation
            detection:
                selection:
                    Image|endswith: '\\cmd.exe'
                condition: selection
            """;

    private static final String CMD = "C:\\Windows\\System32\\cmd.exe";

    // ---- HINTS ----

    private static final SigmaLoader HINTS = SigmaLoader.builder().logsourceMode(LogsourceMode.HINTS).build();

    @ParameterizedTest(name = "product={0} category={1} service={2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        "-, -, -, true",
        "windows, -, -, true",
        "WINDOWS, Process_Creation, -, true",
        "windows, process_creation, sysmon, true",
        "-, -, sysmon, true",
        "linux, -, -, false",
        "linux, process_creation, -, false",
        "windows, file_event, -, false",
        "-, network_connection, -, false"
    })
    @DisplayName("rules spec § LogSource, HINTS: skipped only where a dimension is set on rule and event and differs")
    void hints_eventDimensions_selectRule(String product, String category, String service, boolean expected) {
        Rule r = only(HINTS, CMD_RULE);
        assertThat(r.matches(event("product", product, "category", category, "service", service, "Image", CMD)))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("rules spec § LogSource, HINTS: event hints absent entirely select the rule on its detection")
    void hints_noHintFields_detectionDecides() {
        Rule r = only(HINTS, CMD_RULE);
        assertThat(r.matches(event("Image", CMD))).isTrue();
        assertThat(r.matches(event("Image", "C:\\x\\notepad.exe"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § LogSource, HINTS: a rule's service is compared case-insensitively too")
    void hints_ruleService_comparedCaseInsensitively() {
        Rule r = only(HINTS, CMD_RULE.replace("    category: process_creation\n", "    service: Security\n"));
        assertThat(r.matches(event("service", "security", "Image", CMD))).isTrue();
        assertThat(r.matches(event("service", "SECURITY", "Image", CMD))).isTrue();
        assertThat(r.matches(event("service", "system", "Image", CMD))).isFalse();
    }

    @Test
    @DisplayName("rules spec § LogSource, HINTS: field names are used as written (no mapping)")
    void hints_noFieldMapping() {
        Rule r = only(HINTS, CMD_RULE);
        assertThat(r.matches(event("Event", map("EventData", map("Image", CMD))))).isFalse();
    }

    // ---- MAPPED, with a mapping of our own ----

    private static final String MAPPING = """
            fields:
              paths:
                - "{field}"
                - "Event.EventData.{field}"
                - "Event.System.{field}"
              aliases:
                Hostname: ["Computer", "host.name"]
            logsources:
              - id: process_creation_sysmon
                product: windows
                category: process_creation
                conditions:
                  EventID: 1
                  Channel: Microsoft-Windows-Sysmon/Operational
              - id: process_creation_security
                product: windows
                category: process_creation
                conditions:
                  EventID: 4688
                  Channel: Security
                fields:
                  Image: NewProcessName
                  ParentImage: ParentProcessName
              - id: security
                product: windows
                service: security
                conditions:
                  Channel: Security
            """;

    private static final SigmaLoader MAPPED = SigmaLoader.builder()
            .logsourceMode(LogsourceMode.MAPPED)
            .mapping(LogsourceMapping.empty().extendedWith(MAPPING, "test-mapping.yml"))
            .build();

    @Test
    @DisplayName("rules spec § LogSource, MAPPED: events are selected by an entry's conditions")
    void mapped_entryConditions_selectEvents() {
        Rule r = only(MAPPED, CMD_RULE);
        assertThat(r.matches(event("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational", "Image", CMD))).isTrue();
        assertThat(r.matches(event("EventID", "1", "Channel", "microsoft-windows-sysmon/operational", "Image", CMD)))
                .as("conditions compare case-insensitively, numbers as text").isTrue();
        assertThat(r.matches(event("EventID", 3, "Channel", "Microsoft-Windows-Sysmon/Operational", "Image", CMD))).isFalse();
        assertThat(r.matches(event("EventID", 1, "Channel", "Application", "Image", CMD))).isFalse();
        assertThat(r.matches(event("Image", CMD))).as("no entry's conditions hold").isFalse();
    }

    @Test
    @DisplayName("rules spec § Field Usage, MAPPED: an entry's fields rename rule fields for its events")
    void mapped_entryFieldRenames_applyToThatEntry() {
        Rule r = only(MAPPED, CMD_RULE);
        assertThat(r.matches(event("EventID", 4688, "Channel", "Security", "NewProcessName", CMD))).isTrue();
        assertThat(r.matches(event("EventID", 4688, "Channel", "Security", "Image", CMD)))
                .as("Image is NewProcessName under the Security entry").isFalse();
        assertThat(r.matches(event("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational", "NewProcessName", CMD)))
                .as("no rename under the Sysmon entry").isFalse();
    }

    @Test
    @DisplayName("rules spec § Field Usage, MAPPED: nested Event.EventData.X is found through fields.paths")
    void mapped_nestedEvent_foundThroughPathTemplates() {
        Rule r = only(MAPPED, CMD_RULE);
        var sysmon = event("Event", map(
                "System", map("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational"),
                "EventData", map("Image", CMD)));
        var security = event("Event", map(
                "System", map("EventID", 4688, "Channel", "Security"),
                "EventData", map("NewProcessName", CMD)));
        var wrongChannel = event("Event", map(
                "System", map("EventID", 4688, "Channel", "System"),
                "EventData", map("NewProcessName", CMD)));
        assertThat(r.matches(sysmon)).isTrue();
        assertThat(r.matches(security)).isTrue();
        assertThat(r.matches(wrongChannel)).isFalse();
    }

    @Test
    @DisplayName("rules spec § Field Usage, MAPPED: fields.aliases give further paths for a name")
    void mapped_alias_foundAtAliasPath() {
        Rule r = only(MAPPED, """
                title: Host
                logsource:
                    product: windows
                    service: security
                detection:
                    selection:
                        Hostname: 'dc01'
                    condition: selection
                """);
        assertThat(r.matches(event("Channel", "Security", "Hostname", "DC01"))).isTrue();
        assertThat(r.matches(event("Channel", "Security", "Computer", "DC01"))).isTrue();
        assertThat(r.matches(event("Channel", "Security", "host", map("name", "dc01")))).isTrue();
        assertThat(r.matches(event("Channel", "Security", "Computer", "ws01"))).isFalse();
        assertThat(r.matches(event("Channel", "System", "Computer", "DC01"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § LogSource, MAPPED: an event with hints is selected by them, not by conditions")
    void mapped_hintedEvent_selectedByHints() {
        Rule r = only(MAPPED, CMD_RULE);
        assertThat(r.matches(event("product", "windows", "category", "process_creation", "Image", CMD))).isTrue();
        assertThat(r.matches(event("product", "Windows", "Image", CMD))).isTrue();
        assertThat(r.matches(event("product", "linux", "Image", CMD))).isFalse();
        assertThat(r.matches(event("product", "linux", "EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational",
                "Image", CMD))).as("hints win over conditions").isFalse();
    }

    @Test
    @DisplayName("rules spec § LogSource, MAPPED: a log source the mapping does not know applies to hinted events only")
    void mapped_unknownLogsource_hintedEventsOnly() {
        Rule r = only(MAPPED, CMD_RULE.replace("product: windows", "product: linux"));
        assertThat(r.matches(event("Image", CMD))).isFalse();
        assertThat(r.matches(event("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational", "Image", CMD))).isFalse();
        assertThat(r.matches(event("product", "linux", "Image", CMD))).isTrue();
    }

    @Test
    @DisplayName("rules spec § LogSource, MAPPED: a rule with an empty logsource applies to every event")
    void mapped_emptyLogsource_everyEvent() {
        Rule r = only(MAPPED, CMD_RULE.replace("""
                    product: windows
                    category: process_creation
                """, "    definition: anything\n"));
        assertThat(r.matches(event("Image", CMD))).isTrue();
        assertThat(r.matches(event("product", "linux", "Image", CMD))).isTrue();
    }

    @Test
    @DisplayName("filters spec § Global filter, MAPPED: a filter's fields are renamed like the rule's")
    void mapped_filterFields_renamedPerEntry() {
        LoadResult result = MAPPED.loadString(CMD_RULE.replace("title: Cmd\n", "title: Cmd\nid: cmd-rule\n") + """
                ---
                title: Not from explorer
                logsource:
                    product: windows
                    category: process_creation
                filter:
                    rules: cmd-rule
                    parent:
                        ParentImage|endswith: '\\explorer.exe'
                    condition: not parent
                """, "mapped.yml");
        assertThat(result.errors()).isEmpty();
        Rule r = result.rules().get(0);
        assertThat(r.matches(event("EventID", 4688, "Channel", "Security", "NewProcessName", CMD,
                "ParentProcessName", "C:\\Windows\\explorer.exe"))).isFalse();
        assertThat(r.matches(event("EventID", 4688, "Channel", "Security", "NewProcessName", CMD,
                "ParentProcessName", "C:\\Windows\\services.exe"))).isTrue();
        assertThat(r.matches(event("EventID", 1, "Channel", "Microsoft-Windows-Sysmon/Operational", "Image", CMD,
                "ParentImage", "C:\\Windows\\explorer.exe"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § LogSource, IGNORE: every rule on every event, field names as written")
    void ignore_logsourceIgnored() {
        Rule r = only(SigmaTestSupport.IGNORE, CMD_RULE);
        assertThat(r.matches(event("product", "linux", "Image", CMD))).isTrue();
        assertThat(r.matches(event("NewProcessName", CMD))).isFalse();
    }

    @Test
    @DisplayName("rules spec § LogSource: an invalid mapping text is refused naming origin and line")
    void mapping_invalid_refusedWithOrigin() {
        assertThatThrownBy(() -> LogsourceMapping.empty().extendedWith("""
                logsources:
                  - conditions:
                      EventID: 1
                """, "bad-mapping.yml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad-mapping.yml:2");
    }

    @Test
    void theSharedDefaultMapping_doesNotGrowWithEveryFieldNameEverLoaded() {
        LogsourceMapping shared = LogsourceMapping.defaults();
        // a long-lived host loading rule set after rule set, each naming fields of its own
        for (int i = 0; i < LogsourceMapping.MAX_CACHED_FIELDS + 10_000; i++) {
            assertThat(shared.field("Field" + i, null)).isNotNull();
        }
        assertThat(shared.cachedFields()).isLessThanOrEqualTo(LogsourceMapping.MAX_CACHED_FIELDS);
        assertThat(shared.field("Image", null)).isEqualTo(shared.field("Image", null));
    }
}
