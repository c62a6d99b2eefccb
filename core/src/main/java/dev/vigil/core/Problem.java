package dev.vigil.core;

/**
 * A problem found while reading events or loading rules: a value, not an exception, so that every
 * problem of a run can be collected and reported together while the rest of the input is processed.
 */
public record Problem(Severity severity, SourcePosition where, String message) {

    /** How bad a problem is: an error means the rule or record was skipped. */
    public enum Severity {
        /** Worth saying; nothing was skipped. */
        WARNING,
        /** The rule or record was skipped. */
        ERROR
    }

    public static Problem error(SourcePosition where, String message) {
        return new Problem(Severity.ERROR, where, message);
    }

    public static Problem warning(SourcePosition where, String message) {
        return new Problem(Severity.WARNING, where, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column (field): message}. */
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
