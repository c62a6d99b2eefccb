package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.rules.dsl.RulePacks;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMapping;
import dev.vigil.sigma.SigmaLoader;
import dev.vigil.sigma.SigmaText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads rules as {@link RuleOptions} say and reports the outcome, one line per problem. */
final class RuleLoading {

    private RuleLoading() {
    }

    /**
     * Loads the rules, printing at most {@code maxProblems} problem lines (warnings prefixed
     * {@code warning: }) and then {@code loaded N of M rules}.
     *
     * @return the result, or {@code null} when the mapping could not be read (reported on {@code report})
     */
    static LoadResult load(RuleOptions options, PrintWriter report, int maxProblems) {
        LoadResult result = read(options, report);
        if (result != null) {
            print(result, List.of(), result.loaded(), report, maxProblems);
        }
        return result;
    }

    /**
     * Loads the rules without printing their problems.
     *
     * @return the result, or {@code null} when the mapping could not be read (reported on {@code report})
     */
    static LoadResult read(RuleOptions options, PrintWriter report) {
        LogsourceMapping mapping = mapping(options, report);
        if (mapping == null) {
            return null;
        }
        Sources sources = sources(options.rules);
        LoadResult loaded = SigmaLoader.builder()
                .mapping(mapping)
                .logsourceMode(options.logsourceMode)
                .placeholders(options.placeholderValues())
                .build()
                .load(sources.files(), sources.texts());
        if (sources.problems().isEmpty()) {
            return loaded;
        }
        List<Problem> problems = new ArrayList<>(sources.problems());
        problems.addAll(loaded.problems());
        return new LoadResult(loaded.rules(), loaded.correlations(), problems,
                loaded.documents() + sources.problems().size(), loaded.loaded());
    }

    /**
     * The bundled mapping, extended by {@code --mapping} if given.
     *
     * @return the mapping, or {@code null} when the file could not be read (reported on {@code report})
     */
    static LogsourceMapping mapping(RuleOptions options, PrintWriter report) {
        LogsourceMapping mapping = LogsourceMapping.defaults();
        if (options.mapping != null) {
            try {
                mapping = mapping.extendedWith(options.mapping);
            } catch (IOException e) {
                report.println("cannot read mapping: " + Errors.describe(e));
                return null;
            } catch (IllegalArgumentException e) {
                report.println(Errors.firstLine(e.getMessage()));
                return null;
            }
        }
        return mapping;
    }

    /** What {@code --rules} names: files and folders, and the texts of rule pack jars with their problems. */
    record Sources(List<Path> files, List<SigmaText> texts, List<Problem> problems) {
    }

    /** Splits {@code --rules} into files and folders, and rule pack jars read into texts (they load together). */
    static Sources sources(List<Path> rules) {
        List<Path> files = new ArrayList<>();
        List<SigmaText> texts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path p : rules) {
            if (RulePacks.isJar(p) && Files.isRegularFile(p)) {
                texts.addAll(RulePacks.read(p, problems::add));
            } else {
                files.add(p);
            }
        }
        return new Sources(files, texts, problems);
    }

    /**
     * Prints at most {@code maxProblems} problem lines, those of loading and then {@code more}, and then
     * {@code loaded N of M rules}.
     */
    static void print(LoadResult result, List<Problem> more, int loaded, PrintWriter report, int maxProblems) {
        List<Problem> all = new ArrayList<>(result.problems());
        all.addAll(more);
        int shown = 0;
        for (Problem p : all) {
            if (shown++ == maxProblems) {
                break;
            }
            report.println(line(p));
        }
        if (shown > maxProblems) {
            report.println("... " + (all.size() - maxProblems)
                    + " more rule problems (run 'vigil check' to list them all)");
        }
        report.println("loaded " + loaded + " of " + result.documents() + " rules");
        report.flush();
    }

    /** The problem on one line, its file name and message escaped ({@link TerminalText}): line breaks too. */
    static String line(Problem p) {
        String text = TerminalText.escape(p.toString());
        return p.isError() ? text : "warning: " + text;
    }
}
