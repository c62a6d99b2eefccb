package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.map;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Rule;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Search identifiers: lists, maps, lists of maps, keywords, and the special values null and ''. */
class DetectionStructureTest {

    @Test
    @DisplayName("rules spec § Lists / § Maps: a list of values is OR (EventID 517 or 1102)")
    void valueList_anyValueEqual_matches() {
        Rule r = rule("""
                selection:
                    EventLog: Security
                    EventID:
                        - 517
                        - 1102
                condition: selection
                """);
        assertThat(r.matches(event("EventLog", "Security", "EventID", 517))).isTrue();
        assertThat(r.matches(event("EventLog", "Security", "EventID", 1102))).isTrue();
        assertThat(r.matches(event("EventLog", "Security", "EventID", 4624))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Maps: all items of a map are AND-ed")
    void map_everyItemMatches_matches() {
        Rule r = rule("""
                selection:
                    EventLog: Security
                    EventID: 4769
                    TicketOptions: '0x40810000'
                    TicketEncryption: '0x17'
                condition: selection
                """);
        assertThat(r.matches(event("EventLog", "Security", "EventID", 4769,
                "TicketOptions", "0x40810000", "TicketEncryption", "0x17"))).isTrue();
        assertThat(r.matches(event("EventLog", "Security", "EventID", 4769,
                "TicketOptions", "0x40810000", "TicketEncryption", "0x12"))).isFalse();
        assertThat(r.matches(event("EventLog", "Security", "EventID", 4769,
                "TicketOptions", "0x40810000"))).as("one field absent").isFalse();
    }

    @Test
    @DisplayName("rules spec § Lists: the maps of a list of maps are OR-ed")
    void listOfMaps_anyMapMatches_matches() {
        Rule r = rule("""
                selection:
                    - Image|endswith: '\\example.exe'
                    - Description|contains: 'Test executable'
                condition: selection
                """);
        assertThat(r.matches(event("Image", "C:\\Temp\\example.exe"))).isTrue();
        assertThat(r.matches(event("Description", "A Test Executable for demos"))).isTrue();
        assertThat(r.matches(event("Image", "C:\\Temp\\other.exe", "Description", "Notepad"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Lists: each map of a list of maps is itself an AND")
    void listOfMaps_mapPartlyMatches_doesNotMatch() {
        Rule r = rule("""
                selection:
                    - Image|endswith: '\\a.exe'
                      User: alice
                    - Image|endswith: '\\b.exe'
                      User: bob
                condition: selection
                """);
        assertThat(r.matches(event("Image", "C:\\a.exe", "User", "alice"))).isTrue();
        assertThat(r.matches(event("Image", "C:\\b.exe", "User", "bob"))).isTrue();
        assertThat(r.matches(event("Image", "C:\\a.exe", "User", "bob"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Keywords search: a keyword list matches 'EVILSERVICE' or 'svchost.exe -n evil' anywhere")
    void keywordList_anyKeywordInAnyField_matches() {
        Rule r = rule("""
                keywords:
                    - 'EVILSERVICE'
                    - 'svchost.exe -n evil'
                condition: keywords
                """);
        assertThat(r.matches(event("Message", "service evilservice was installed"))).isTrue();
        assertThat(r.matches(event("a", "x", "CommandLine", "C:\\svchost.exe -n evil -k"))).isTrue();
        assertThat(r.matches(event("Message", "svchost.exe -k netsvcs"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Keywords search: '|all' keywords must all appear")
    void allKeywords_everyKeywordPresent_matches() {
        Rule r = rule("""
                keywords_cmdlet:
                    '|all':
                        - 'OabVirtualDirectory'
                        - ' -ExternalUrl '
                condition: keywords_cmdlet
                """);
        assertThat(r.matches(event("Payload", "Set-OabVirtualDirectory -ExternalUrl 'http://x'"))).isTrue();
        assertThat(r.matches(event("Payload", "Set-OabVirtualDirectory -InternalUrl 'http://x'"))).isFalse();
        assertThat(r.matches(event("Payload", "Set-Other -ExternalUrl 'http://x'"))).isFalse();
    }

    /**
     * rules spec § Keywords search: "searching for keywords across an entire event". Keywords are
     * looked for in every leaf value, however deeply nested in maps and lists, numbers included.
     */
    @Test
    @DisplayName("rules spec § Keywords search: keywords are found in nested maps and lists")
    void keyword_inNestedValue_matches() {
        Rule r = rule("""
                keywords:
                    - 'mimikatz'
                condition: keywords
                """);
        assertThat(r.matches(event("Event", map("EventData", map("Data", List.of("x", "Invoke-Mimikatz")))))).isTrue();
        assertThat(r.matches(event("Event", map("EventData", map("Data", List.of("x", "y")))))).isFalse();
        assertThat(r.matches(event("mimikatz", "key names are not searched"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Keywords search: a keyword matches the decimal text of a number")
    void keyword_numberLeaf_matchesItsText() {
        Rule r = rule("""
                keywords:
                    - '4688'
                condition: keywords
                """);
        assertThat(r.matches(event("Event", map("EventID", 4688)))).isTrue();
        assertThat(r.matches(event("Event", map("EventID", 4689)))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Special Field Values: 'field: null' matches an absent or null field")
    void nullValue_fieldAbsentOrNull_matches() {
        Rule r = rule("""
                selection:
                    EventID: 4738
                    PasswordLastSet: null
                condition: selection
                """);
        assertThat(r.matches(event("EventID", 4738))).as("absent").isTrue();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", null))).as("null").isTrue();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", ""))).as("empty string").isFalse();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", "2024-01-01"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Special Field Values: 'not null' is a negated null selection")
    void negatedNullSelection_fieldHasValue_matches() {
        Rule r = rule("""
                selection:
                    EventID: 4738
                filter:
                    PasswordLastSet: null
                condition: selection and not filter
                """);
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", "2024-01-01"))).isTrue();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", ""))).isTrue();
        assertThat(r.matches(event("EventID", 4738, "PasswordLastSet", null))).isFalse();
        assertThat(r.matches(event("EventID", 4738))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Special Field Values: '' matches the empty string only")
    void emptyValue_emptyString_matches() {
        Rule r = rule("""
                selection:
                    FieldB: ''
                condition: selection
                """);
        assertThat(r.matches(event("FieldB", ""))).isTrue();
        assertThat(r.matches(event("FieldB", " "))).isFalse();
        assertThat(r.matches(event("FieldB", "x"))).isFalse();
        assertThat(r.matches(event("FieldB", null))).isFalse();
        assertThat(r.matches(event("Other", ""))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Special Field Values: the valid example, '' and null in separate selections")
    void emptyOrNullSelections_eitherHolds_matches() {
        Rule r = rule("""
                selection_main:
                    FieldA: 'something'
                selection_empty1:
                    FieldB: ''
                selection_empty2:
                    FieldB: null
                condition: selection_main and 1 of selection_empty*
                """);
        assertThat(r.matches(event("FieldA", "something", "FieldB", ""))).isTrue();
        assertThat(r.matches(event("FieldA", "something"))).isTrue();
        assertThat(r.matches(event("FieldA", "something", "FieldB", "x"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Special Field Values: null inside a list of values is rejected")
    void nullInList_rejectedNamingNull() {
        Problem p = rejected("""
                selection_main:
                    FieldA: 'something'
                    FieldB:
                        - ''
                        - null
                condition: selection_main
                """);
        assertThat(p.message()).contains("null");
        assertThat(p.where().field()).contains("FieldB");
        assertThat(p.where().line()).isGreaterThan(0);
    }

    @Test
    @DisplayName("rules spec § Search-Identifier: a map as a field value is rejected")
    void nestedMapValue_rejected() {
        Problem p = rejected("""
                selection:
                    Field:
                        inner: x
                condition: selection
                """);
        assertThat(p.message()).contains("a map");
    }
}
