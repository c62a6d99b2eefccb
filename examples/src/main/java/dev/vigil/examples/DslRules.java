package dev.vigil.examples;

import static dev.vigil.rules.dsl.RuleDsl.*;

import dev.vigil.core.rule.Level;
import dev.vigil.rules.dsl.Correlation;
import dev.vigil.rules.dsl.DetectionRule;
import dev.vigil.rules.dsl.RuleSet;
import dev.vigil.rules.dsl.Selection;
import dev.vigil.sigma.LoadResult;
import java.time.Duration;

/**
 * The rules shown in README.md ("Rules in Java"), written with the DSL; {@code ReadmeDslTwinTest} checks them
 * against the Sigma YAML shown beside them.
 */
public final class DslRules {

    public static final Selection OFFICE = selection("office").where(field("ParentImage").endsWith("\\winword.exe", "\\excel.exe"));
    public static final Selection SHELL = selection("shell").where(field("Image").endsWith("\\cmd.exe", "\\powershell.exe"));
    public static final Selection ADDIN = selection("addin").where(field("CommandLine").contains("\\OfficeAddins\\"));

    public static final DetectionRule OFFICE_SHELL = detection("Office application starting a shell")
            .id("5f1c3a53-94e2-4bd0-9e06-0a0b4b2f6c11").level(Level.HIGH)
            .logsource("windows", "process_creation", null)
            .condition(OFFICE.and(SHELL).and(not(ADDIN)))
            .build();

    public static final DetectionRule FAILED_LOGON = detection("Failed logon")
            .name("failed_logon").id("0e95725d-7320-415d-80f7-004da920fc11")
            .logsource("windows", null, "security")
            .condition(selection("selection").where(field("EventID").equalTo(4625)))
            .build();

    public static final Correlation BRUTE_FORCE = correlation("Brute force on an account")
            .id("9b0f6d8e-5a51-4c1e-8f43-0e2d1c3b4a50").level(Level.HIGH)
            .eventCount(FAILED_LOGON).groupBy("TargetUserName").timespan(Duration.ofMinutes(5)).gte(10)
            .build();

    private DslRules() {
    }

    public static LoadResult load() {
        return RuleSet.of(OFFICE_SHELL, BRUTE_FORCE).load();   // rules and correlations, as SigmaLoader gives them
    }
}
