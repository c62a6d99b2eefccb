package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.Explanation.Kind;
import dev.vigil.sigma.Explanation.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleExplainerTest {

    static final String WHOAMI = """
            title: Whoami With Privileges
            id: 0f1d3a5e-3c5e-4b8e-9a59-3b1f6a0d2c11
            logsource:
              product: windows
              category: process_creation
            detection:
              selection_img:
                Image|endswith: '\\whoami.exe'
              selection_cli:
                CommandLine|contains:
                  - '/priv'
                  - '/all'
              filter_system:
                User: SYSTEM
              condition: all of selection_* and not filter_system
            level: medium
            """;

    static final Map<String, Object> SYSMON = Map.of("Channel", "Microsoft-Windows-Sysmon/Operational", "EventID", 1);

    @TempDir
    Path dir;

    private final RuleExplainer explainer = RuleExplainer.of(SigmaLoader.builder().build());

    private Explanation explain(String yaml, Map<String, Object> fields) throws IOException {
        Path file = dir.resolve("rule.yml");
        Files.writeString(file, yaml);
        List<Explanation> all = explainer.explain(file, Event.of(fields));
        assertThat(all).hasSize(1);
        Rule rule = SigmaLoader.builder().build().load(List.of(file)).rules().get(0);
        assertThat(all.get(0).matched()).as("agrees with the compiled rule").isEqualTo(rule.matches(Event.of(fields)));
        return all.get(0);
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Sigma rules specification, "Condition": {@code all of selection_*}, {@code and}, {@code not}. */
    @Test
    void matchingEvent_everyNodeTrue_withTheEventsValues() throws IOException {
        Explanation e = explain(WHOAMI, with(SYSMON, "Image", "C:\\Windows\\System32\\whoami.exe",
                "CommandLine", "whoami /priv", "User", "alice"));

        assertThat(e.matched()).isTrue();
        assertThat(e.logsource().result()).isTrue();
        Node and = e.condition().children().get(0);
        assertThat(and.kind()).isEqualTo(Kind.AND);
        assertThat(and.children()).extracting(Node::kind, Node::label, Node::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.ALL_OF, "all of selection_*", true),
                org.assertj.core.groups.Tuple.tuple(Kind.NOT, "not", true));
        Node cli = e.selection("selection_cli").children().get(0);
        assertThat(cli.kind()).isEqualTo(Kind.FIELD);
        assertThat(cli.label()).isEqualTo("CommandLine|contains: ['/priv', '/all']");
        assertThat(cli.eventValues()).containsExactly(Map.entry("CommandLine", List.of("whoami /priv")));
        assertThat(e.selection("filter_system").result()).isFalse();
    }

    @Test
    void filteredEvent_notNodeFalse_andCausesNameTheFilterItem() throws IOException {
        Explanation e = explain(WHOAMI, with(SYSMON, "Image", "C:\\Windows\\System32\\whoami.exe",
                "CommandLine", "whoami /all", "User", "SYSTEM"));

        assertThat(e.matched()).isFalse();
        assertThat(e.selection("filter_system").result()).isTrue();
        assertThat(e.root().causes()).extracting(Node::label).containsExactly("User: 'SYSTEM'");
        assertThat(e.toString()).contains("✗ not", "  ✓ User: 'SYSTEM'    event User: 'SYSTEM'");
    }

    @Test
    void absentField_isShownAbsent_andIsTheCause() throws IOException {
        Explanation e = explain(WHOAMI, with(SYSMON, "Image", "C:\\whoami.exe"));

        assertThat(e.matched()).isFalse();
        assertThat(e.root().causes()).extracting(Node::label)
                .containsExactly("CommandLine|contains: ['/priv', '/all']");
        assertThat(e.root().causes().get(0).eventValues()).containsExactly(Map.entry("CommandLine", List.of()));
        assertThat(e.toString()).contains("✗ CommandLine|contains: ['/priv', '/all']    event CommandLine: absent");
    }

    /**
     * MAPPED log source: a process_creation rule selects Sysmon EventID 1 and Security EventID 4688, and under
     * 4688 reads Image as NewProcessName (the bundled mapping, docs/MAPPING.md).
     */
    @Test
    void logsource_otherEventId_isFalse_andMappedRenamesAreShown() throws IOException {
        Explanation wrong = explain(WHOAMI, Map.of("Channel", "Microsoft-Windows-Sysmon/Operational", "EventID", 3,
                "Image", "C:\\whoami.exe", "CommandLine", "whoami /all"));
        assertThat(wrong.matched()).isFalse();
        assertThat(wrong.logsource().result()).isFalse();
        assertThat(wrong.condition().result()).isTrue();
        assertThat(wrong.logsource().children()).extracting(Node::label).contains(
                "mapped: Channel = 'Microsoft-Windows-Sysmon/Operational' and EventID = 1",
                "mapped: Channel = 'Security' and EventID = 4688");
        assertThat(wrong.logsource().children().get(1).eventValues())
                .containsEntry("EventID", List.of(3));

        Explanation security = explain(WHOAMI, Map.of("Channel", "Security", "EventID", 4688,
                "NewProcessName", "C:\\whoami.exe", "CommandLine", "whoami /all"));
        assertThat(security.matched()).isTrue();
        assertThat(security.selection("selection_img").children().get(0).eventValues())
                .containsExactly(Map.entry("Image at NewProcessName", List.of("C:\\whoami.exe")));
    }

    /** Sigma rules specification, "Keywords search" and "Condition" ({@code 1 of them}). */
    @Test
    void keywords_andOneOfThem() throws IOException {
        String yaml = """
                title: Keywords
                logsource:
                  product: linux
                detection:
                  keywords:
                    - 'rm -rf'
                    - 'mkfs'
                  sel:
                    proc: dd
                  condition: 1 of them
                """;
        Explanation e = explain(yaml, Map.of("product", "linux", "msg", "sudo mkfs /dev/sda"));

        assertThat(e.matched()).isTrue();
        Node oneOf = e.condition().children().get(0);
        assertThat(oneOf.kind()).isEqualTo(Kind.ONE_OF);
        assertThat(oneOf.label()).isEqualTo("1 of them");
        Node keywords = e.selection("keywords").children().get(0);
        assertThat(keywords.kind()).isEqualTo(Kind.KEYWORD);
        assertThat(keywords.label()).isEqualTo("keywords ['rm -rf', 'mkfs']");
        assertThat(keywords.result()).isTrue();
        assertThat(e.selection("sel").result()).isFalse();
    }

    /** Sigma modifiers appendix, {@code fieldref}: both fields' values are shown. */
    @Test
    void fieldref_showsBothFields() throws IOException {
        String yaml = """
                title: Same User
                logsource:
                  category: test
                detection:
                  sel:
                    SubjectUserName|fieldref: TargetUserName
                  condition: sel
                """;
        Explanation e = explain(yaml, Map.of("category", "test", "SubjectUserName", "bob", "TargetUserName", "eve"));

        assertThat(e.matched()).isFalse();
        assertThat(e.selection("sel").children().get(0).eventValues()).containsExactly(
                Map.entry("SubjectUserName", List.of("bob")), Map.entry("TargetUserName", List.of("eve")));
    }

    @Test
    void listOfMaps_isAnOrOfAnds_andNumbersShowAsNumbers() throws IOException {
        String yaml = """
                title: Ports
                logsource:
                  category: test
                detection:
                  sel:
                    - DestinationPort: 4444
                      Initiated: 'true'
                    - DestinationPort|gte: 50000
                  condition: sel
                """;
        Explanation e = explain(yaml, Map.of("category", "test", "DestinationPort", 4444, "Initiated", "false"));

        assertThat(e.matched()).isFalse();
        Node or = e.selection("sel").children().get(0);
        assertThat(or.kind()).isEqualTo(Kind.OR);
        assertThat(or.children()).extracting(Node::kind).containsExactly(Kind.AND, Kind.FIELD);
        assertThat(or.children().get(0).children()).extracting(Node::label, Node::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("DestinationPort: 4444", true),
                org.assertj.core.groups.Tuple.tuple("Initiated: 'true'", false));
        assertThat(e.toString()).contains("event DestinationPort: 4444");
    }

    @Test
    void logsourceModeIgnore_checksNothing() {
        RuleExplainer ignore = RuleExplainer.of(SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build());
        Explanation e = ignore.explain(WHOAMI, "inline", Event.of(Map.of("Image", "x\\whoami.exe",
                "CommandLine", "/all"))).get(0);

        assertThat(e.matched()).isTrue();
        assertThat(e.logsource().children()).extracting(Node::label)
                .containsExactly("not checked (logsource mode ignore)");
    }

    @Test
    void everyRuleOfAFile_correlationsSkipped() {
        String yaml = WHOAMI + """
                ---
                title: Other
                name: other
                logsource:
                  category: test
                detection:
                  sel:
                    a: 1
                  condition: sel
                ---
                title: Many
                correlation:
                  type: event_count
                  rules: other
                  group-by: [a]
                  timespan: 1m
                  condition:
                    gte: 2
                """;
        List<Explanation> all = explainer.explain(yaml, "rules.yml", Event.of(Map.of("category", "test", "a", 1)));

        assertThat(all).extracting(Explanation::title, Explanation::matched)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Whoami With Privileges", false),
                        org.assertj.core.groups.Tuple.tuple("Other", true));
        int line = SigmaLoader.builder().build().loadString(yaml, "rules.yml").rules().get(1).source().line();
        assertThat(all.get(1).source().line()).isEqualTo(line);
        assertThat(all.get(1).toString()).startsWith("✓ rule 'Other' (rules.yml:" + line + ") matched\n");
    }

    @Test
    void invalidRule_namesOriginLineAndReason() {
        String yaml = """
                title: Bad
                logsource:
                  category: test
                detection:
                  sel:
                    a: 1
                  condition: sel and missing
                """;
        assertThatThrownBy(() -> explainer.explain(yaml, "bad.yml", Event.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad.yml:7:")
                .hasMessageContaining("unknown search identifier 'missing'");
    }

    @Test
    void format_escapesLabelsAndValues() {
        String yaml = """
                title: Esc
                logsource:
                  category: test
                detection:
                  sel:
                    a: "x"
                  condition: sel
                """;
        Explanation e = explainer.explain(yaml, "e.yml", Event.of(Map.of("category", "test", "a", "line\nbreak")))
                .get(0);

        assertThat(e.format(s -> s.replace("\n", "\\n"))).contains("event a: 'line\\nbreak'").doesNotContain("line\nbreak");
    }
}
