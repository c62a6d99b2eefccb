package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.rule.Level;
import dev.vigil.sigma.RuleFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options that choose which of the rules named by {@link RuleOptions} load: by level, status, tag and
 * id. Shared by {@code hunt}, {@code watch} and {@code check} (so that {@code check} loads what a hunt
 * would), not by {@code explain} and {@code test}, which work on the rules they are given, deprecated or
 * not.
 */
final class RuleFilterOptions {

    /** The statuses a rule may have, as Sigma lists them. */
    static final Set<String> STATUSES = Set.of("stable", "test", "experimental", "deprecated", "unsupported");

    @Option(names = "--min-level", paramLabel = "LEVEL", converter = DetectionOptions.LevelConverter.class,
            description = "Load only rules at or above LEVEL (informational, low, medium, high or critical), and "
                    + "print only alerts at or above it. Rules without a level count as informational. A lower rule "
                    + "that a loaded correlation needs loads to feed it; its detections are not printed. "
                    + "Default: informational.")
    Level minLevel = Level.INFORMATIONAL;

    @Option(names = "--status", split = ",", paramLabel = "STATUS", converter = StatusConverter.class,
            description = "Load only rules with one of these statuses (stable, test, experimental, deprecated, "
                    + "unsupported), or 'all'. Given, it replaces the default --exclude-status. Rules without a status "
                    + "are then left out. Default: every status but those of --exclude-status.")
    List<String> statuses;

    @Option(names = "--exclude-status", split = ",", paramLabel = "STATUS", converter = ExcludedStatusConverter.class,
            description = "Leave out rules with these statuses, or 'none'. Default: deprecated,unsupported (as "
                    + "Hayabusa and Chainsaw do), unless --status is given.")
    List<String> excludedStatuses;

    @Option(names = "--tag", split = ",", paramLabel = "TAG",
            description = "Load only rules with a tag under TAG, by dotted segments and in any case: attack.t1003 "
                    + "selects attack.t1003 and attack.t1003.001. Repeat the option (or separate with commas) for "
                    + "any of several.")
    List<String> tags;

    @Option(names = "--rule-id", split = ",", paramLabel = "ID",
            description = "Load only the rules with this id (or name), and for a correlation the rules it needs. "
                    + "Repeat the option (or separate with commas) for several.")
    List<String> ruleIds;

    @Option(names = "--exclude-rules", paramLabel = "FILE",
            description = "Leave out the rules whose ids (or names) FILE lists: one per line, or CSV with the id "
                    + "first and a comment column; '#' starts a comment. A bad line is reported with its line number "
                    + "and skipped. A correlation that needs an excluded rule is not loaded, with a warning. "
                    + "May be repeated.")
    List<Path> excludeRules = new ArrayList<>();

    /**
     * The filter these options describe; the bad lines of {@code --exclude-rules} files go to {@code problems}.
     *
     * @return the filter, or {@code null} when an {@code --exclude-rules} file cannot be read (said on {@code report})
     */
    RuleFilter filter(List<Problem> problems, PrintWriter report) {
        RuleFilter filter = minLevel == Level.INFORMATIONAL ? RuleFilter.all() : RuleFilter.minLevel(minLevel);
        boolean allStatuses = statuses != null && statuses.contains("all");
        if (statuses != null && !allStatuses) {
            filter = filter.and(RuleFilter.status(statuses));
        }
        if (excludedStatuses != null) {
            if (!excludedStatuses.contains("none")) {
                filter = filter.and(RuleFilter.excludeStatus(excludedStatuses));
            }
        } else if (statuses == null) {
            filter = filter.and(RuleFilter.defaults());
        }
        if (tags != null) {
            filter = filter.and(RuleFilter.tag(tags));
        }
        if (ruleIds != null) {
            filter = filter.and(RuleFilter.ruleIds(ruleIds));
        }
        List<String> excluded = new ArrayList<>();
        for (Path file : excludeRules) {
            try {
                excluded.addAll(ExcludedRules.read(file, problems::add));
            } catch (IOException e) {
                report.println("cannot read --exclude-rules: " + TerminalText.escape(Errors.describe(e)));
                return null;
            }
        }
        return excluded.isEmpty() ? filter : filter.and(RuleFilter.excludeRuleIds(excluded));
    }

    /** A status or {@code word}, in any case, lower-cased. */
    private static String status(String text, String word) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(s) && !s.equals(word)) {
            throw new TypeConversionException("'" + text + "' is not one of stable, test, experimental, deprecated,"
                    + " unsupported, " + word);
        }
        return s;
    }

    /** A status or {@code all}. */
    static final class StatusConverter implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return status(text, "all");
        }
    }

    /** A status or {@code none}. */
    static final class ExcludedStatusConverter implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return status(text, "none");
        }
    }
}
