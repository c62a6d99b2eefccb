package dev.vigil.cli;

import dev.vigil.core.Problem;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** Prints the first problems found while reading events, one line each, and counts the rest. */
final class ProblemLines implements Consumer<Problem> {

    private final PrintWriter err;
    private final int max;
    private long seen;

    ProblemLines(PrintWriter err, int max) {
        this.err = err;
        this.max = max;
    }

    @Override
    public void accept(Problem problem) {
        if (seen++ < max) {
            err.println(problem);
            err.flush();
        }
    }

    void finish() {
        if (seen > max) {
            err.println("... " + (seen - max) + " more event problems");
        }
    }
}
