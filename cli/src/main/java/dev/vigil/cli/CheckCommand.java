package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.match.Engine;
import dev.vigil.correlation.Detector;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMapping;
import dev.vigil.sigma.MappingCoverage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Loads Sigma rules, builds what 'vigil hunt' would run from them (the engine and the correlation "
                    + "detector), and prints one line per rejected rule or file, "
                    + "'file:line:col (field): reason', and each warning prefixed 'warning: '.",
            "Then the line 'loaded N of M rules'; with --coverage, a table of the rules' log sources follows it."},
        footer = {"", "Exit codes: 0 at least one rule loaded, 1 none, 2 usage error."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Mixin
    RuleFilterOptions ruleFilter;

    @Option(names = "--coverage",
            description = "After loading, print for each log source of the loaded rules (product/category/service) "
                    + "how many rules have it, the mapping entries that serve it, and the rule fields each entry "
                    + "does not map (see docs/CLI.md).")
    boolean coverage;

    @Override
    public Integer call() {
        PrintWriter out = TerminalText.writer(spec.commandLine().getOut());
        LoadResult result = RuleLoading.read(rules, ruleFilter, out);
        if (result == null) {
            return 1;
        }
        List<Problem> more = new ArrayList<>();
        int loaded = result.loaded();
        if (loaded > 0) {
            try {
                Detector detector = Pipeline.detector(result, Engine.builder().addRules(result.rules()).build());
                more.addAll(detector.problems());
                loaded -= result.correlations().size() - detector.correlations().size();
            } catch (RuntimeException e) {
                more.add(Problem.error(SourcePosition.of(rules.rules.toString(), 0), Pipeline.cannotBuild(e)));
                loaded = 0;
            }
        }
        RuleLoading.print(result, more, loaded, out, Integer.MAX_VALUE);
        if (coverage) {
            LogsourceMapping mapping = RuleLoading.mapping(rules, out);
            CoverageTable.print(MappingCoverage.of(result.rules(), mapping), out);
        }
        return loaded == 0 ? 1 : 0;
    }
}
