package dev.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs Sigma detection rules over event logs.",
        subcommands = {CheckCommand.class, HuntCommand.class, SearchCommand.class, WatchCommand.class, BenchCommand.class, ExportCommand.class,
            ExplainCommand.class, TestCommand.class, HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 nothing loaded or read (or a failure), 2 usage error.",
                "Run 'vigil COMMAND --help' for a command's options."})
final class VigilCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("vigil: missing command: check, hunt, watch, bench, export, explain or test (see 'vigil --help')");
        return spec.exitCodeOnInvalidInput();
    }
}
