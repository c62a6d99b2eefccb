package dev.vigil.cli;

import dev.vigil.core.Problem;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints the first problems found while reading events, one line each (warnings prefixed
 * {@code warning: }), and counts the rest. Problems
 * with a record (a line) and problems with a whole file or folder (cannot open, no records, ...) are
 * limited separately, so that many bad records do not hide that a file gave nothing.
 */
final class ProblemLines implements Consumer<Problem> {

    private final PrintWriter err;
    private final int max;
    private long records;
    private long inputs;
    private Runnable beforePrint = () -> { };

    ProblemLines(PrintWriter err, int max) {
        this.err = err;
        this.max = max;
    }

    /** Run before each line is printed (to clear a progress bar's line). */
    void beforePrint(Runnable action) {
        this.beforePrint = action;
    }

    @Override
    public void accept(Problem problem) {
        long seen = problem.where().line() > 0 ? records++ : inputs++;
        if (seen < max) {
            beforePrint.run();
            err.println(RuleLoading.line(problem));
            err.flush();
        }
    }

    void finish() {
        long more = Math.max(records - max, 0) + Math.max(inputs - max, 0);
        if (more > 0) {
            err.println("... " + more + " more event problems");
        }
    }
}
