package dev.vigil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "test",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Tests rules against cases: events each rule must match (or must not), or that must make a "
                    + "correlation rule alert, as 'vigil hunt' would run them. For rule repositories' own CI.",
            "Prints a table (rule, case, expected, got, PASS/FAIL) and a summary line on stdout; rule problems "
                    + "and unreadable cases go to stderr too."},
        footer = {"", "Exit codes: 0 every case passed, 1 a case failed (an unreadable case counts as failed), no "
                + "rule loaded or no case found, 2 usage error."})
final class TestCommand implements Callable<Integer> {

    private static final String NAME = "vigil test";

    /** A column wider than this does not widen the others' alignment further. */
    private static final int MAX_WIDTH = 70;

    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions rules;

    @Option(names = "--cases", paramLabel = "FILE",
            description = "The cases, as JSON Lines: one object per line with \"rule\" (an id or name), \"event\" "
                    + "(an object) or \"events\" (an array), and one of expected_match_count, "
                    + "expected_min_match_count, expected_alert_count, expected_min_alert_count. See docs/CLI.md.")
    Path cases;

    @Option(names = "--shape", paramLabel = "SHAPE", converter = ShapeConverter.class,
            description = "Which event of a line to test: nested (the default: \"event\") or flat (\"flat_event\", "
                    + "as in SigmaHQ regression pairs).")
    CaseFile.Shape shape;

    @Option(names = "--sigmahq-regression",
            description = "Run the tests of a SigmaHQ-style repository instead: each rule's regression_tests_path "
                    + "info.yml and the event JSON its tests name (the default without --cases).")
    boolean sigmaHq;

    @Override
    public Integer call() {
        PrintWriter out = TerminalText.writer(spec.commandLine().getOut());
        PrintWriter err = TerminalText.writer(spec.commandLine().getErr());
        if (cases != null && sigmaHq || cases == null && shape != null) {
            err.println(NAME + ": " + (sigmaHq ? "--cases and --sigmahq-regression exclude each other"
                    : "--shape goes with --cases") + " (see '" + NAME + " --help')");
            return 2;
        }
        Pipeline pipeline = Pipeline.compile(rules, err, NAME);
        if (pipeline == null) {
            return 1;
        }
        List<RuleCase> all;
        String notes = "";
        int rejected = 0;
        if (cases != null) {
            try {
                all = CaseFile.read(cases, shape == null ? CaseFile.Shape.NESTED : shape, err);
            } catch (IOException e) {
                err.println(NAME + ": cannot read the cases: " + Errors.describe(e));
                return 1;
            }
        } else {
            SigmaHqTests.Found found = SigmaHqTests.find(pipeline.loaded.rules(), pipeline.detector.correlations(),
                    rules.rules, err);
            all = found.cases();
            rejected = pipeline.loaded.documents() - pipeline.loaded.loaded();
            notes = (found.withoutTests() == 0 ? "" : "; " + found.withoutTests() + " info.yml without tests")
                    + (rejected == 0 ? "" : "; " + rejected + " rules not loaded (their tests, if any, not run)");
        }
        if (all.isEmpty()) {
            err.println(NAME + ": no case " + (cases != null ? "in " + cases
                    : "found: no rule loaded has a " + SigmaHqTests.RULE_KEY + " with tests"));
            return 1;
        }
        CaseRunner runner = new CaseRunner(pipeline);
        List<CaseRunner.Result> results = new ArrayList<>();
        for (RuleCase c : all) {
            CaseRunner.Result r = runner.run(c);
            results.add(r);
            if (c.problem() != null) {
                err.println(TerminalText.escape(c.where() + ": " + c.problem()));
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        print(results, out);
        out.println(results.size() + " cases: " + (results.size() - failed) + " passed, " + failed + " failed" + notes);
        out.flush();
        err.flush();
        return failed == 0 && rejected == 0 ? 0 : 1;
    }

    /** The results as an aligned table, each cell escaped, the reason of a failure after its row. */
    static void print(List<CaseRunner.Result> results, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RULE", "CASE", "EXPECTED", "GOT", "RESULT"});
        for (CaseRunner.Result r : results) {
            RuleCase c = r.test();
            rows.add(new String[] {
                TerminalText.escape(r.title() != null ? r.title() : c.rule() != null ? c.rule() : "-"),
                TerminalText.escape(c.where()),
                c.expected() == null ? "-" : c.expected().toString(),
                r.got() == null ? "-" : r.got().toString(),
                r.passed() ? "PASS" : "FAIL  " + TerminalText.escape(r.reason())});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.min(Math.max(widths[i], row[i].length()), MAX_WIDTH);
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format(Locale.ROOT, i == 2 || i == 3 ? "%" + widths[i] + "s  " : "%-" + widths[i] + "s  ",
                        row[i]));
            }
            out.println(line.append(row[4]));
        }
    }

    static final class ShapeConverter implements ITypeConverter<CaseFile.Shape> {
        @Override
        public CaseFile.Shape convert(String text) {
            for (CaseFile.Shape s : CaseFile.Shape.values()) {
                if (s.name().equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
            throw new TypeConversionException("'" + text + "' is not one of nested, flat");
        }
    }
}
