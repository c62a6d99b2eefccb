package dev.vigil.core;

import java.util.Objects;

/**
 * Where something came from: a file, a 1-based line and column, and optionally the field at fault.
 * Unknown parts are {@code 0} (line, column) or {@code null} (file, field).
 */
public record SourcePosition(String file, int line, int column, String field) {

    /** A position with nothing known, for events and rules built in code. */
    public static final SourcePosition UNKNOWN = new SourcePosition(null, 0, 0, null);

    public static SourcePosition of(String file, int line) {
        return new SourcePosition(file, line, 0, null);
    }

    public static SourcePosition of(String file, int line, int column) {
        return new SourcePosition(file, line, column, null);
    }

    /** The same position, naming the field at fault. */
    public SourcePosition withField(String name) {
        return Objects.equals(name, field) ? this : new SourcePosition(file, line, column, name);
    }

    /** {@code file:line:column (field)}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<unknown>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        if (field != null) {
            sb.append(" (").append(field).append(')');
        }
        return sb.toString();
    }
}
