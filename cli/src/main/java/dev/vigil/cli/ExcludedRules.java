package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads an {@code --exclude-rules} file: the ids (or names) of rules known to give false positives, one a
 * line, each optionally followed by a comment, as {@code ID # why} or as CSV {@code ID,why} (the id may be
 * quoted, {@code "ID","why, with a comma"}). Blank lines and lines starting with {@code #} are skipped, and so
 * is a CSV header whose first cell is {@code id} or {@code rule_id}. A line that is none of these is reported
 * as a warning with its file and line and skipped; the rest of the file is read.
 */
final class ExcludedRules {

    /** The largest file read, in bytes: some 400,000 ids with their comments. A larger file is an error. */
    static final long MAX_FILE_BYTES = 16L << 20;

    /** How many bad lines of one file are reported one by one; the rest are counted. */
    static final int MAX_WARNINGS = 20;

    private static final Set<String> HEADERS = Set.of("id", "rule_id", "ruleid", "rule id", "rule-id");

    private ExcludedRules() {
    }

    /**
     * The ids {@code file} lists, in order; the first {@value #MAX_WARNINGS} bad lines each go to
     * {@code warnings}, the rest are counted in one more warning. The bytes read are counted, so a pipe or a
     * growing file is held to {@link #MAX_FILE_BYTES} as a regular file is.
     */
    static List<String> read(Path file, Consumer<Problem> warnings) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) {
            throw tooLarge(file);
        }
        List<String> ids = new ArrayList<>();
        boolean first = true;
        long bad = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new BoundedInput(Files.newInputStream(file), file), StandardCharsets.UTF_8))) {
            String raw;
            int number = 0;
            while ((raw = in.readLine()) != null) {
                number++;
                String line = raw.strip();
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1).strip();
                }
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] idAndError = parse(line);
                if (idAndError[1] != null) {
                    if (bad++ < MAX_WARNINGS) {
                        warnings.accept(Problem.warning(SourcePosition.of(file.toString(), number),
                                idAndError[1] + "; line skipped"));
                    }
                } else if (!(first && HEADERS.contains(idAndError[0].toLowerCase(Locale.ROOT)))) {
                    ids.add(idAndError[0]);
                }
                first = false;
            }
        }
        if (bad > MAX_WARNINGS) {
            warnings.accept(Problem.warning(SourcePosition.of(file.toString(), 0),
                    (bad - MAX_WARNINGS) + " more bad lines skipped (" + bad + " in all)"));
        }
        return ids;
    }

    private static IOException tooLarge(Path file) {
        return new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes (ExcludedRules.MAX_FILE_BYTES)");
    }

    /** Fails once more than {@link #MAX_FILE_BYTES} bytes have come, whatever the file system says of the size. */
    private static final class BoundedInput extends FilterInputStream {
        private final Path file;
        private long read;

        BoundedInput(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_FILE_BYTES) {
                throw tooLarge(file);
            }
        }
    }

    /** The id of a line that is not blank nor a comment, and null; or null and what is wrong with it. */
    private static String[] parse(String line) {
        String id;
        String rest;
        if (line.startsWith("\"")) {
            StringBuilder cell = new StringBuilder();
            int i = 1;
            while (true) {
                int q = line.indexOf('"', i);
                if (q < 0) {
                    return new String[] {null, "an unterminated quote"};
                }
                cell.append(line, i, q);
                if (q + 1 < line.length() && line.charAt(q + 1) == '"') {
                    cell.append('"');
                    i = q + 2;
                } else {
                    i = q + 1;
                    break;
                }
            }
            id = cell.toString().strip();
            rest = line.substring(i).strip();
        } else {
            int end = 0;
            while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != '#'
                    && !Character.isWhitespace(line.charAt(end))) {
                end++;
            }
            id = line.substring(0, end);
            rest = line.substring(end).strip();
        }
        if (!rest.isEmpty() && !rest.startsWith(",") && !rest.startsWith("#")) {
            return new String[] {null, "more than one word before the comment (expected a rule id, then "
                    + "', comment' or '# comment')"};
        }
        if (id.isEmpty()) {
            return new String[] {null, "no rule id before the comment"};
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i)) || id.charAt(i) == '"') {
                return new String[] {null, "'" + id + "' is not a rule id"};
            }
        }
        return new String[] {id, null};
    }
}
