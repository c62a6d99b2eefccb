package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.sigma.SigmaExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Writes rules as Sigma 2.1 YAML, from any source --rules takes: files, folders and rule pack jars "
                    + "(DSL rules and bundled YAML). A folder's files keep their paths under OUTPUT, a pack's rules "
                    + "go under its jar's name. What Sigma 2.1 cannot say is reported as a warning, never changed.",
            "The last line is 'exported N files to OUTPUT'."},
        footer = {"", "Exit codes: 0 at least one file written, 1 none, 2 usage error."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Sigma rule files or folders, and rule pack jars.")
    List<Path> rules;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "The folder to write into (created if missing; files in it with the same names are replaced).")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = TerminalText.writer(spec.commandLine().getOut());
        RuleLoading.Sources sources = RuleLoading.sources(rules);
        SigmaExport.Result result = SigmaExport.of(sources.files(), sources.texts());
        List<Problem> problems = new ArrayList<>(sources.problems());
        problems.addAll(result.problems());
        Path root = output.toAbsolutePath().normalize();
        int written = 0;
        for (SigmaExport.File f : result.files()) {
            Path target = root.resolve(f.path()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                problems.add(Problem.error(SourcePosition.of(f.path(), 0), "not written: the path leaves " + output));
                continue;
            }
            try {
                Files.createDirectories(target.getParent());
                // a link inside the output folder must not carry a file out of it, nor overwrite what it points at
                if (!target.getParent().toRealPath().startsWith(root.toRealPath())) {
                    problems.add(Problem.error(SourcePosition.of(f.path(), 0), "not written: a link in " + output
                            + " leads out of it"));
                    continue;
                }
                if (Files.isSymbolicLink(target)) {
                    problems.add(Problem.error(SourcePosition.of(f.path(), 0), "not written: " + target
                            + " is a link (not followed)"));
                    continue;
                }
                try (var writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    writer.write(f.yaml());
                }
                written++;
            } catch (IOException e) {
                problems.add(Problem.error(SourcePosition.of(target.toString(), 0), "cannot write: " + Errors.describe(e)));
            }
        }
        for (Problem p : problems) {
            out.println(RuleLoading.line(p));
        }
        out.println("exported " + written + " files to " + output);
        out.flush();
        return written == 0 ? 1 : 0;
    }
}
