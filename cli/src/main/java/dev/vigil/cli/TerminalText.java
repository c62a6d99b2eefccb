package dev.vigil.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text from events, rules and file names made safe to print where a terminal may show it, as {@code ls},
 * {@code journalctl} and {@code kubectl} do: control characters (C0, DEL, C1: ESC, CSI, BEL, backspace, CR,
 * ...) become {@code \xNN}, and the characters that reorder or break lines in a terminal (U+2028, U+2029,
 * the bidirectional marks, embeddings, overrides and isolates U+200E-200F, U+061C, U+202A-202E, U+2066-2069)
 * become <code>&#92;uNNNN</code>. Nothing else changes, backslashes included. JSON output is not passed through
 * this: it stays exact, with JSON's own escaping.
 */
final class TerminalText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {
    }

    /** {@code text} with every character of the kinds above escaped, line breaks included. */
    static String escape(String text) {
        return text == null ? null : escape(text, false);
    }

    private static String escape(CharSequence text, boolean keepNewlines) {
        int n = text.length();
        int i = 0;
        while (i < n && !unsafe(text.charAt(i), keepNewlines)) {
            i++;
        }
        if (i == n) {
            return text.toString();
        }
        StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (!unsafe(c, keepNewlines)) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static boolean unsafe(char c, boolean keepNewlines) {
        if (c < 0x20) {
            return !(keepNewlines && c == '\n');
        }
        return c >= 0x7f && c <= 0x9f || c == 0x061c || c == 0x200e || c == 0x200f || c >= 0x2028 && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069;
    }

    /**
     * A writer over {@code out} that escapes what is written to it, except its line breaks: for the lines
     * of problems and the summary on stderr, and whatever else a command prints for a person to read.
     */
    static PrintWriter writer(PrintWriter out) {
        return new PrintWriter(new FilterWriter(out) {
            private final String lineSeparator = System.lineSeparator();

            @Override
            public void write(int c) throws IOException {
                out.write(escape(String.valueOf((char) c), true));
            }

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                write(new String(cbuf, off, len), 0, len);
            }

            @Override
            public void write(String str, int off, int len) throws IOException {
                String s = str.substring(off, off + len);
                out.write(s.equals(lineSeparator) ? s : escape(s, true));
            }
        }, true);
    }
}
