package dev.vigil.cli;

import dev.vigil.sigma.LoadResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Loads Sigma rules and prints one line per rejected rule or file, "
                    + "'file:line:col (field): reason', and each warning prefixed 'warning: '.",
            "The last line is 'loaded N of M rules'."},
        footer = {"", "Exit codes: 0 at least one rule loaded, 1 none, 2 usage error."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Override
    public Integer call() {
        LoadResult result = RuleLoading.load(rules, TerminalText.writer(spec.commandLine().getOut()), Integer.MAX_VALUE);
        return result == null || result.loaded() == 0 ? 1 : 0;
    }
}
