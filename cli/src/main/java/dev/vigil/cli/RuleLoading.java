package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.rules.dsl.RulePacks;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMapping;
import dev.vigil.sigma.RuleFilter;
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
     * Loads the rules {@code filters} choose, printing at most {@code maxProblems} problem lines (warnings
     * prefixed {@code warning: }), what the filter left out, and then {@code loaded N of M rules}.
     *
     * @return the result, or {@code null} when the mapping or an {@code --exclude-rules} file could not be read
     *         (reported on {@code report})
     */
    static LoadResult load(RuleOptions options, RuleFilterOptions filters, PrintWriter report, int maxProblems) {
        return print(read(options, filters, report), report, maxProblems);
    }

    /** Loads every rule, as {@link #load(RuleOptions, RuleFilterOptions, PrintWriter, int)} without a filter. */
    static LoadResult load(RuleOptions options, PrintWriter report, int maxProblems) {
        return print(read(options, report), report, maxProblems);
    }

    private static LoadResult print(LoadResult result, PrintWriter report, int maxProblems) {
        if (result != null) {
            print(result, List.of(), result.loaded(), report, maxProblems);
        }
        return result;
    }

    /**
     * Loads every rule without printing their problems.
     *
     * @return the result, or {@code null} when the mapping could not be read (reported on {@code report})
     */
    static LoadResult read(RuleOptions options, PrintWriter report) {
        return read(options, RuleFilter.all(), List.of(), report);
    }

    /**
     * Loads the rules {@code filters} choose without printing their problems (those of {@code --exclude-rules}
     * files come first).
     *
     * @return the result, or {@code null} when the mapping or an {@code --exclude-rules} file could not be read
     *         (reported on {@code report})
     */
    static LoadResult read(RuleOptions options, RuleFilterOptions filters, PrintWriter report) {
        List<Problem> filterProblems = new ArrayList<>();
        RuleFilter filter = filters.filter(filterProblems, report);
        return filter == null ? null : read(options, filter, filterProblems, report);
    }

    private static LoadResult read(RuleOptions options, RuleFilter filter, List<Problem> before, PrintWriter report) {
        LogsourceMapping mapping = mapping(options, report);
        if (mapping == null) {
            return null;
        }
        Sources sources = sources(options.rules);
        LoadResult loaded = SigmaLoader.builder()
                .mapping(mapping)
                .logsourceMode(options.logsourceMode)
                .placeholders(options.placeholderValues())
                .filter(filter)
                .build()
                .load(sources.files(), sources.texts());
        if (sources.problems().isEmpty() && before.isEmpty()) {
            return loaded;
        }
        List<Problem> problems = new ArrayList<>(before);
        problems.addAll(sources.problems());
        problems.addAll(loaded.problems());
        return new LoadResult(loaded.rules(), loaded.correlations(), problems,
                loaded.documents() + sources.problems().size(), loaded.loaded(), loaded.skipped(),
                loaded.referencedOnly());
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
     * Prints at most {@code maxProblems} problem lines, those of loading and then {@code more}, then what the
     * filter left out, and then {@code loaded N of M rules}, where M leaves out the rules the filter skipped.
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
        String filtered = filteredLine(result);
        if (filtered != null) {
            report.println(filtered);
        }
        report.println("loaded " + loaded + " of " + (result.documents() - result.skippedCount()) + " rules");
        report.flush();
    }

    /**
     * {@code rules skipped by filter: N (status deprecated: a, level below high: b, ...)}, with how many
     * rules it rejected were loaded to feed correlations; null where the filter rejected nothing.
     */
    static String filteredLine(LoadResult result) {
        if (result.skippedCount() == 0 && result.referencedOnly().isEmpty()) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        result.skipped().forEach((why, n) -> reasons.add(why + ": " + n));
        return "rules skipped by filter: " + result.skippedCount()
                + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")")
                + (result.referencedOnly().isEmpty() ? "" : "; " + result.referencedOnly().size()
                        + " it rejects loaded all the same, to feed the correlations that need them");
    }

    /** The problem on one line, its file name and message escaped ({@link TerminalText}): line breaks too. */
    static String line(Problem p) {
        String text = TerminalText.escape(p.toString());
        return p.isError() ? text : "warning: " + text;
    }
}
