package dev.vigil.core.event.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a stream of UTF-16 or UTF-32 text as UTF-8, the only encoding {@link RecordSplitter} reads.
 * Malformed input and lone surrogates become U+FFFD and {@code ?}: the record keeps its place and the
 * parser sees its text.
 */
final class Utf8Transcoder extends InputStream {

    private final Reader reader;
    private final char[] chars = new char[8192];
    /** A high surrogate held back until its low half is read. */
    private int carried;
    private byte[] bytes = new byte[0];
    private int pos;
    private boolean eof;

    Utf8Transcoder(InputStream in, Charset charset) {
        this.reader = new InputStreamReader(in, charset);
    }

    @Override
    public int read() throws IOException {
        return fill() ? bytes[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean fill() throws IOException {
        while (pos == bytes.length) {
            if (eof) {
                return false;
            }
            int r = reader.read(chars, carried, chars.length - carried);
            int n = carried;
            if (r < 0) {
                eof = true;
            } else {
                n += r;
            }
            carried = !eof && n > 0 && Character.isHighSurrogate(chars[n - 1]) ? 1 : 0;
            bytes = new String(chars, 0, n - carried).getBytes(StandardCharsets.UTF_8);
            pos = 0;
            if (carried == 1) {
                chars[0] = chars[n - 1];
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
