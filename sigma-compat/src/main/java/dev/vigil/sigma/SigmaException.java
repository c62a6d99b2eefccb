package dev.vigil.sigma;

/** A fault in a Sigma document at a known place; becomes a {@link dev.vigil.core.Problem}. */
final class SigmaException extends Exception {

    private static final long serialVersionUID = 1L;

    final int line;
    final int column;
    final String field;

    SigmaException(String message, int line, int column, String field) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
        this.field = field;
    }

    SigmaException(String message, YamlNode at, String field) {
        this(message, at == null ? 0 : at.line(), at == null ? 0 : at.column(), field);
    }
}
