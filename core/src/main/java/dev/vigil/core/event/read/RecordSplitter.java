package dev.vigil.core.event.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream of JSON records into spans, one top-level value at a time, without parsing them.
 *
 * <p>It works on raw UTF-8 bytes: every byte that matters to JSON structure (braces, brackets, quotes,
 * backslash, newline) is ASCII, and no byte of a multi-byte UTF-8 sequence is. It follows strings and
 * escapes and a stack of open braces and brackets, and accepts JSON Lines, top-level arrays of
 * objects, and concatenated (pretty-printed) objects with evtx_dump's {@code Record N} lines between
 * them. A gzip stream (of one or more members) is detected by its magic bytes, and a UTF-8 byte order
 * mark is skipped; UTF-16 and UTF-32 text, with a byte order mark or recognized by its zero bytes, is
 * re-encoded as UTF-8 first (its line numbers stay, its columns count UTF-8 bytes).
 *
 * <p>Splitting is deliberately lenient and never throws on content: a span that is not valid JSON is
 * left for the parser to reject with a precise message. What it does decide is where a broken record
 * ends, so that one bad record does not swallow the following ones: in a JSON Lines file at the end of
 * its line; elsewhere where a line starts, at column 1 and inside an object, with '{' or 'R' (the
 * next record or evtx_dump's header), which valid JSON never does. A file counts as
 * JSON Lines when its first complete top-level object ends on the line it starts on. Line and column
 * numbers are 1-based; columns count bytes.
 */
final class RecordSplitter {

    /** What the last call to {@link #next()} found. */
    enum Kind {
        /** A span starting with '{', complete or not: the parser decides. */
        OBJECT,
        /** A top-level value or line that is not an object; see {@link #snippet()}. */
        NOT_OBJECT,
        /** An object larger than the reader's {@link ReadLimits#maxRecordBytes()}; its bytes are skipped. */
        TOO_LARGE,
        /** A value nested deeper than the reader's {@link ReadLimits#maxDepth()}; its bytes are skipped. */
        TOO_DEEP
    }

    static final int BUFFER_SIZE = 1 << 17;
    private static final int SNIPPET_MAX = 60;

    private static final boolean[] STRING_SPECIAL = new boolean[256];

    static {
        STRING_SPECIAL['"'] = true;
        STRING_SPECIAL['\\'] = true;
        STRING_SPECIAL['\n'] = true;
    }

    private static final int OUTSIDE = 0;
    private static final int RECORD = 1;
    private static final int JUNK_LINE = 2;
    private static final int SCALAR = 3;
    private static final int SKIP_LINE = 4;
    private static final int OVERSIZED = 5;

    private InputStream in;
    private final int maxRecordBytes;
    private final int maxDepth;
    private boolean started;
    private boolean eof;
    private final byte[] buf;
    private int pos;
    private int end;
    /** Offset in the stream of buf[0]. */
    private long base;
    private int line = 1;
    private long lineStart;

    private int state = OUTSIDE;
    private boolean inArray;
    /** -1 unknown, 0 no, 1 yes. */
    private int jsonLines = -1;

    private byte[] stack = new byte[32];
    private int depth;
    /**
     * Openers beyond {@link #maxDepth}, counted but not kept: the record is skipped as too deep, and the
     * stack stays bounded however deep the input goes.
     */
    private long excess;
    private boolean tooDeep;
    private boolean inString;
    private boolean escape;
    private boolean atLineStart;
    private boolean malformed;
    /** Start of the current record in buf; 0 once its beginning has moved to {@link #acc}. */
    private int recStart;
    private byte[] acc = new byte[0];
    private int accLen;
    private long recBytes;

    private final byte[] snippet = new byte[SNIPPET_MAX];
    private int snippetLen;
    private boolean snippetCut;

    private Kind kind;
    private byte[] spanBytes;
    private int spanOff;
    private int spanLen;
    private boolean complete;
    private int startLine;
    private int startColumn;

    RecordSplitter(InputStream in) {
        this(in, BUFFER_SIZE, ReadLimits.DEFAULT_MAX_RECORD_BYTES, ReadLimits.DEFAULT_MAX_DEPTH);
    }

    /** For tests: a small buffer moves every boundary case into reach. */
    RecordSplitter(InputStream in, int bufferSize, int maxRecordBytes) {
        this(in, bufferSize, maxRecordBytes, ReadLimits.DEFAULT_MAX_DEPTH);
    }

    RecordSplitter(InputStream in, int bufferSize, int maxRecordBytes, int maxDepth) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 4)];
        this.maxRecordBytes = maxRecordBytes;
        this.maxDepth = maxDepth;
    }

    Kind kind() {
        return kind;
    }

    byte[] bytes() {
        return spanBytes;
    }

    int offset() {
        return spanOff;
    }

    int length() {
        return spanLen;
    }

    /** Whether the span closed all it opened, with matching brackets. */
    boolean complete() {
        return complete;
    }

    int line() {
        return startLine;
    }

    int column() {
        return startColumn;
    }

    /** Whether reading is inside a record or value, which an input error would cut off. */
    boolean inValue() {
        return state == RECORD || state == SCALAR || state == OVERSIZED;
    }

    /** The line where reading currently is. */
    int currentLine() {
        return line;
    }

    /** The start of a non-object value, on one line, shortened. */
    String snippet() {
        String s = new String(snippet, 0, snippetLen, StandardCharsets.UTF_8).strip();
        return snippetCut ? s + "..." : s;
    }

    /**
     * Moves to the next span. The previous span's bytes are valid only until this is called again.
     *
     * @return false at the end of the input
     * @throws IOException when the input cannot be read (never for what it contains)
     */
    boolean next() throws IOException {
        if (!started) {
            start();
        }
        while (true) {
            if (pos >= end) {
                if (state == RECORD) {
                    saveRecordPrefix();
                }
                if (!fill()) {
                    return finish();
                }
            }
            boolean found = switch (state) {
                case OUTSIDE -> scanOutside();
                case RECORD -> scanRecord();
                case JUNK_LINE, SKIP_LINE -> scanLine();
                case SCALAR -> scanScalar();
                case OVERSIZED -> scanOversized();
                default -> throw new IllegalStateException("state " + state);
            };
            if (found) {
                return true;
            }
        }
    }

    private void start() throws IOException {
        started = true;
        readAtLeast(2);
        if (end >= 2 && (buf[0] & 0xff) == 0x1f && (buf[1] & 0xff) == 0x8b) {
            in = new GzipMembers(unread(0));
        }
        readAtLeast(4);
        int bom = bomLength();
        Charset charset = encoding();
        if (charset != null) {
            in = new Utf8Transcoder(unread(bom), charset);
            readAtLeast(1);
        } else if (bom == 3) {
            pos = 3;
            lineStart = 3;
        }
    }

    /** The stream from buf[from] on, with what was read ahead; the buffer is emptied. */
    private InputStream unread(int from) {
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOfRange(buf, from, end)), in);
        end = 0;
        eof = false;
        return rest;
    }

    private int bomLength() {
        if (starts(0xef, 0xbb, 0xbf)) {
            return 3;
        }
        if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) {
            return 4;
        }
        return starts(0xff, 0xfe) || starts(0xfe, 0xff) ? 2 : 0;
    }

    /**
     * UTF-16 or UTF-32 by their byte order mark, or by the zero bytes around ASCII characters (RFC 4627,
     * section 3): without a mark, at least three quarters of the code units in the first
     * {@value #SNIFF_BYTES} bytes must be ASCII in that encoding, so that one stray NUL near the start of
     * a UTF-8 file (a damaged first record) costs that record, not the file; null for UTF-8.
     */
    private Charset encoding() {
        if (end < 2 || starts(0xef, 0xbb, 0xbf)) {
            return null;
        }
        if (starts(0xff, 0xfe, 0, 0) || looksAscii(4, 0)) {
            return Charset.forName("UTF-32LE");
        }
        if (starts(0, 0, 0xfe, 0xff) || looksAscii(4, 3)) {
            return Charset.forName("UTF-32BE");
        }
        if (starts(0xff, 0xfe) || looksAscii(2, 0)) {
            return StandardCharsets.UTF_16LE;
        }
        if (starts(0xfe, 0xff) || looksAscii(2, 1)) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static final int SNIFF_BYTES = 512;

    /**
     * Whether most code units of {@code width} bytes at the start hold one ASCII character at byte
     * {@code at} and zeros elsewhere.
     */
    private boolean looksAscii(int width, int at) {
        int units = Math.min(end, SNIFF_BYTES) / width;
        if (units < 2) {
            return false;
        }
        int ascii = 0;
        for (int u = 0; u < units; u++) {
            boolean ok = true;
            for (int k = 0; k < width && ok; k++) {
                int b = buf[u * width + k] & 0xff;
                ok = k == at ? b != 0 && b < 0x80 : b == 0;
            }
            if (ok) {
                ascii++;
            }
        }
        return ascii * 4 >= units * 3;
    }

    private boolean starts(int... bytes) {
        if (end < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((buf[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** Closes the input, with the decompressor or transcoder reading it. */
    void close() throws IOException {
        in.close();
    }

    private void readAtLeast(int n) throws IOException {
        while (end < n && !eof) {
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
    }

    private boolean fill() throws IOException {
        base += end;
        pos = 0;
        end = 0;
        while (!eof) {
            int r = in.read(buf, 0, buf.length);
            if (r < 0) {
                eof = true;
            } else if (r > 0) {
                end = r;
                return true;
            }
        }
        return false;
    }

    private void newline(int at) {
        line++;
        lineStart = base + at + 1;
    }

    private int columnOf(int at) {
        return (int) Math.min(base + at - lineStart + 1, Integer.MAX_VALUE);
    }

    private boolean scanOutside() {
        byte[] b = buf;
        while (pos < end) {
            byte c = b[pos];
            switch (c) {
                case '\n' -> {
                    newline(pos);
                    pos++;
                }
                case ' ', '\t', '\r', ',' -> pos++;
                case '{' -> {
                    beginRecord();
                    return false;
                }
                case '[' -> {
                    if (inArray) {
                        beginRecord();
                        return false;
                    }
                    inArray = true;
                    pos++;
                }
                case ']' -> {
                    if (inArray) {
                        inArray = false;
                        pos++;
                    } else {
                        beginValue(JUNK_LINE);
                        return false;
                    }
                }
                default -> {
                    beginValue(inArray ? SCALAR : JUNK_LINE);
                    return false;
                }
            }
        }
        return false;
    }

    private void beginRecord() {
        state = RECORD;
        recStart = pos;
        accLen = 0;
        recBytes = 0;
        depth = 0;
        excess = 0;
        tooDeep = false;
        inString = false;
        escape = false;
        atLineStart = false;
        malformed = false;
        startLine = line;
        startColumn = columnOf(pos);
    }

    private void beginValue(int newState) {
        state = newState;
        snippetLen = 0;
        snippetCut = false;
        inString = false;
        escape = false;
        startLine = line;
        startColumn = columnOf(pos);
    }

    private boolean scanRecord() {
        byte[] b = buf;
        int p = pos;
        int e = end;
        while (p < e) {
            if (inString) {
                p = skipString(b, p, e);
                if (!inString) {
                    continue;
                }
                if (p >= e) {
                    break;
                }
                // a raw newline is not allowed in a string: end it here so the rest still splits sanely
                inString = false;
                malformed = true;
            }
            byte c = b[p];
            if (atLineStart) {
                atLineStart = false;
                if ((c == '{' || c == 'R') && excess == 0 && stack[depth - 1] == '{') {
                    pos = p;
                    return endRecord(p, false, OUTSIDE);
                }
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> push(c);
                case '}', ']' -> {
                    if (excess > 0) {
                        excess--;
                        break;
                    }
                    int d = openerIndex(c == '}' ? (byte) '{' : (byte) '[');
                    if (d < 0) {
                        malformed = true;
                        if (c == ']' && inArray) {
                            pos = p;
                            return endRecord(p, false, OUTSIDE);
                        }
                    } else {
                        malformed |= d != depth - 1;
                        depth = d;
                        if (d == 0) {
                            pos = p + 1;
                            boolean skipRest = malformed && jsonLines == 1 && !inArray;
                            return endRecord(p + 1, !malformed, skipRest ? SKIP_LINE : OUTSIDE);
                        }
                    }
                }
                case '\n' -> {
                    if (jsonLines == 1 && !inArray) {
                        pos = p;
                        return endRecord(p, false, OUTSIDE);
                    }
                    newline(p);
                    atLineStart = true;
                }
                default -> {
                }
            }
            p++;
        }
        pos = p;
        return false;
    }

    /**
     * Skips string content from {@code p}: returns the index after the closing quote (with
     * {@link #inString} cleared), of a raw newline, or {@code e} when the buffer ends first.
     */
    private int skipString(byte[] b, int p, int e) {
        if (escape && p < e) {
            escape = false;
            if (b[p] == '\n') {
                return p;
            }
            p++;
        }
        while (p < e) {
            byte c = b[p];
            if (!STRING_SPECIAL[c & 0xff]) {
                p++;
            } else if (c == '"') {
                inString = false;
                return p + 1;
            } else if (c == '\\') {
                if (p + 1 == e) {
                    escape = true;
                    return e;
                }
                if (b[p + 1] == '\n') {
                    return p + 1;
                }
                p += 2;
            } else {
                return p;
            }
        }
        return p;
    }

    private void push(byte c) {
        if (depth >= maxDepth) {
            excess++;
            if (!tooDeep) {
                tooDeep = true;
                state = OVERSIZED;
                accLen = 0;
                acc = new byte[0];
            }
            return;
        }
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = c;
    }

    /**
     * Where the nearest open {@code opener} is on the stack, or -1. A closer closes up to it, so a
     * mismatched bracket ends what it most likely meant to end; one without any opener is ignored,
     * except that a {@code ]} with none closes the enclosing top-level array.
     */
    private int openerIndex(byte opener) {
        int d = depth - 1;
        while (d >= 0 && stack[d] != opener) {
            d--;
        }
        return d;
    }

    private boolean endRecord(int endExclusive, boolean ok, int nextState) {
        if (state == OVERSIZED) {
            return endSkipped(nextState);
        }
        int n = endExclusive - recStart;
        if (accLen == 0) {
            spanBytes = buf;
            spanOff = recStart;
        } else {
            appendToAcc(recStart, n);
            spanBytes = acc;
            spanOff = 0;
            n = accLen;
        }
        if (!ok) {
            while (n > 0 && isBlank(spanBytes[spanOff + n - 1])) {
                n--;
            }
        }
        if (n > maxRecordBytes) {
            // a record that fits the read buffer still answers to the limit
            spanLen = 0;
            complete = ok;
            kind = Kind.TOO_LARGE;
            state = nextState;
            return true;
        }
        spanLen = n;
        complete = ok;
        boolean isObject = spanBytes[spanOff] == '{';
        kind = isObject ? Kind.OBJECT : Kind.NOT_OBJECT;
        if (!isObject) {
            snippetLen = Math.min(n, SNIPPET_MAX);
            System.arraycopy(spanBytes, spanOff, snippet, 0, snippetLen);
            snippetCut = n > SNIPPET_MAX;
            int nl = indexOfNewline(snippet, snippetLen);
            if (nl >= 0) {
                snippetLen = nl;
                snippetCut = true;
            }
        }
        if (isObject && !inArray && ok && jsonLines < 0) {
            jsonLines = startLine == line ? 1 : 0;
        }
        state = nextState;
        return true;
    }

    private static int indexOfNewline(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void saveRecordPrefix() {
        int n = end - recStart;
        recBytes += n;
        if (recBytes > maxRecordBytes) {
            accLen = 0;
            acc = new byte[0];
            state = OVERSIZED;
            return;
        }
        appendToAcc(recStart, n);
        recStart = 0;
    }

    private void appendToAcc(int from, int n) {
        if (accLen + n > acc.length) {
            acc = Arrays.copyOf(acc, Math.max(accLen + n, Math.max(acc.length * 2, 8192)));
        }
        System.arraycopy(buf, from, acc, accLen, n);
        accLen += n;
    }

    /** Skips an oversized or too deep record by the same rules as {@link #scanRecord}, without keeping its bytes. */
    private boolean scanOversized() {
        recStart = pos;
        return scanRecord();
    }

    private boolean endSkipped(int nextState) {
        kind = tooDeep ? Kind.TOO_DEEP : Kind.TOO_LARGE;
        spanLen = 0;
        complete = false;
        accLen = 0;
        acc = new byte[0];
        state = nextState;
        return true;
    }

    /** A top-level line that is not an object (reported, unless it is evtx_dump's {@code Record N}), or the rest of a broken line. */
    private boolean scanLine() {
        byte[] b = buf;
        while (pos < end) {
            byte c = b[pos];
            if (c == '\n') {
                return endLine();
            }
            keep(c);
            pos++;
        }
        return false;
    }

    private boolean endLine() {
        boolean silent = state == SKIP_LINE || isRecordHeader();
        state = OUTSIDE;
        if (silent) {
            return false;
        }
        kind = Kind.NOT_OBJECT;
        return true;
    }

    private boolean isRecordHeader() {
        if (snippetCut) {
            return false;
        }
        String s = new String(snippet, 0, snippetLen, StandardCharsets.ISO_8859_1).strip();
        if (!s.startsWith("Record ") || s.length() == 7) {
            return false;
        }
        for (int i = 7; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** An array element that is not an object or array: a string, number or word. */
    private boolean scanScalar() {
        byte[] b = buf;
        while (pos < end) {
            byte c = b[pos];
            if (snippetLen == 0 && !snippetCut && c == '"') {
                inString = true;
                keep(c);
                pos++;
                continue;
            }
            if (inString) {
                if (c == '\n') {
                    inString = false;
                } else {
                    if (escape) {
                        escape = false;
                    } else if (c == '"') {
                        inString = false;
                    } else if (c == '\\') {
                        escape = true;
                    }
                    keep(c);
                    pos++;
                    continue;
                }
            }
            switch (c) {
                case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}' -> {
                    if (c == '}' && snippetLen == 0 && !snippetCut) {
                        // a stray '}' where an element should start is the bad element itself; leaving
                        // it unread would stop the array here forever
                        keep(c);
                        pos++;
                    }
                    state = OUTSIDE;
                    kind = Kind.NOT_OBJECT;
                    return true;
                }
                default -> {
                    keep(c);
                    pos++;
                }
            }
        }
        return false;
    }

    private void keep(byte c) {
        if (snippetLen < SNIPPET_MAX) {
            snippet[snippetLen++] = c;
        } else {
            snippetCut = true;
        }
    }

    private boolean finish() {
        switch (state) {
            case RECORD -> {
                recStart = 0;
                pos = 0;
                end = 0;
                return endRecord(0, false, OUTSIDE);
            }
            case OVERSIZED -> {
                return endSkipped(OUTSIDE);
            }
            case JUNK_LINE, SKIP_LINE -> {
                return endLine();
            }
            case SCALAR -> {
                state = OUTSIDE;
                kind = Kind.NOT_OBJECT;
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
