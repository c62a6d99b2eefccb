package dev.vigil.rules.dsl;

import static dev.vigil.rules.dsl.RuleDsl.detection;
import static dev.vigil.rules.dsl.RuleDsl.field;
import static dev.vigil.rules.dsl.RuleDsl.not;
import static dev.vigil.rules.dsl.RuleDsl.oneOf;
import static dev.vigil.rules.dsl.RuleDsl.selection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building, checking and exporting DSL rules. */
class DetectionRuleTest {

    private static DetectionRule officeShell() {
        Selection office = selection("office").where(field("ParentImage").endsWith("\\winword.exe", "\\excel.exe"));
        Selection shell = selection("shell").where(field("Image").endsWith("\\cmd.exe", "\\powershell.exe"));
        Selection legit = selection("legit").where(field("CommandLine").contains("\\OfficeAddins\\"));
        return detection("Office application starting a shell")
                .id("5f1c3a53-94e2-4bd0-9e06-0a0b4b2f6c11").status("experimental").level(Level.HIGH)
                .author("Vigil").date(LocalDate.of(2026, 11, 29)).tags("attack.execution", "attack.t1059")
                .description("Word or Excel starting cmd or PowerShell, as macro droppers do")
                .references("https://attack.mitre.org/techniques/T1059/")
                .logsource("windows", "process_creation", null)
                .falsePositives("Office add-ins that shell out")
                .condition(office.and(shell).and(not(legit)))
                .build();
    }

    @Test
    void aRule_compilesToTheCoreModel_withItsMetadata() {
        Rule rule = officeShell().compile();
        assertThat(rule.metadata().title()).isEqualTo("Office application starting a shell");
        assertThat(rule.metadata().id()).isEqualTo("5f1c3a53-94e2-4bd0-9e06-0a0b4b2f6c11");
        assertThat(rule.metadata().level()).isEqualTo(Level.HIGH);
        assertThat(rule.metadata().tags()).containsExactly("attack.execution", "attack.t1059");
        Rule ignoringLogsource = officeShell().compile(SigmaLoader.builder()
                .logsourceMode(dev.vigil.sigma.LogsourceMode.IGNORE).build());
        assertThat(ignoringLogsource.matches(Event.of(Map.of("ParentImage", "C:\\Office\\WINWORD.EXE",
                "Image", "C:\\Windows\\System32\\cmd.exe", "CommandLine", "cmd /c whoami")))).isTrue();
        assertThat(ignoringLogsource.matches(Event.of(Map.of("ParentImage", "C:\\Office\\WINWORD.EXE",
                "Image", "C:\\Windows\\System32\\cmd.exe", "CommandLine", "C:\\OfficeAddins\\x.cmd")))).isFalse();
    }

    @Test
    void theSigmaExport_loadsBackAsTheSameRule() {
        DetectionRule rule = officeShell();
        String yaml = rule.toSigma();
        assertThat(yaml).contains("title: \"Office application starting a shell\"")
                .contains("ParentImage|endswith:").contains("condition: \"office and shell and not legit\"");
        LoadResult back = SigmaLoader.builder().build().loadString(yaml, "exported.yml");
        assertThat(back.problems()).isEmpty();
        Rule again = back.rules().get(0);
        assertThat(again.metadata()).usingRecursiveComparison().ignoringFields("source").isEqualTo(rule.compile().metadata());
        assertThat(again.condition().toString()).isEqualTo(rule.compile().condition().toString());
    }

    @Test
    void anInvalidRule_failsWhenBuilt_namingTheRuleWhereItWasWrittenAndTheProblem() {
        // |all with a single value: Sigma 2.1 modifiers appendix, "Generic Modifiers"
        assertThatThrownBy(() -> detection("Broken on purpose")
                .logsource("windows", null, null)
                .condition(selection("sel").where(field("CommandLine").matches("(unclosed")))
                .build())
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("rule 'Broken on purpose' is invalid")
                .hasMessageContaining("DetectionRuleTest.java:")
                .hasMessageContaining("CommandLine");
    }

    @Test
    void aConditionPatternThatReachesNoSelection_isReported() {
        assertThatThrownBy(() -> detection("Nothing to reach").logsource("windows", null, null)
                .selections(selection("sel").where(field("A").equalTo("1")))
                .condition(oneOf("filter_*")).build())
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("Nothing to reach");
    }

    @Test
    void aSelectionWithoutTests_orTheSameFieldTwiceInOneGroup_isRefused() {
        assertThatThrownBy(() -> detection("Empty").logsource("windows", null, null)
                .condition(selection("sel")).build())
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("selection sel tests nothing");
        assertThatThrownBy(() -> detection("Twice").logsource("windows", null, null)
                .condition(selection("sel").where(field("A").contains("x"), field("A").contains("y"))).build())
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("tests A|contains twice");
    }

    @Test
    void namesThatSigmaCannotCarry_areRefusedAtOnce() {
        assertThatThrownBy(() -> selection("not")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> selection("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> field("A|contains")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> field("A").contains()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalValues_escapeSigmasWildcards_andGlobKeepsThem() {
        assertThat(Field.escape("a*b?c")).isEqualTo("a\\*b\\?c");
        assertThat(Field.escape("C:\\dir\\*")).isEqualTo("C:\\dir\\\\\\*");
        assertThat(Field.escape("end\\")).isEqualTo("end\\");
        assertThat(field("A").glob("a*").values()).containsExactly("a*");
    }
}
