package dev.vigil.cli;

import dev.vigil.core.Problem;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints the first problems found while reading events, one line each (warnings prefixed
 * {@code warning: }), and counts the rest. The limit is per input and kind: problems with a record (a line, a
 * record of an .evtx file) and problems with the whole input (cannot open, no records, a damaged chunk, ...)
 * count apart, so that many bad records do not hide that a file gave nothing, nor one file's damage another's;
 * and no more than {@link #MAX_LINES} lines are printed in all.
 */
final class ProblemLines implements Consumer<Problem> {

    private final PrintWriter err;
    private final int max;
    /** How many problem lines are printed at most, whatever the number of files. */
    static final int MAX_LINES = 1_000;

    /** Problems seen per input and kind; bounded by the inputs read. */
    private final java.util.Map<String, Long> seenByInput = new java.util.HashMap<>();
    private long printed;
    private long hidden;
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
        String key = (problem.where().line() > 0 ? "record " : "input ") + problem.where().file();
        long seen = seenByInput.merge(key, 1L, Long::sum) - 1;
        if (seen >= max || printed >= MAX_LINES) {
            hidden++;
            return;
        }
        printed++;
        beforePrint.run();
        err.println(RuleLoading.line(problem));
        err.flush();
    }

    void finish() {
        if (hidden > 0) {
            err.println("... " + hidden + " more event problems");
        }
    }
}
