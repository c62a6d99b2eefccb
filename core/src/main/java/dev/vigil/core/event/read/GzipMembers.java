package dev.vigil.core.event.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip stream of one or more members (RFC 1952), as {@code cat a.gz b.gz} or log
 * rotation makes them. Unlike {@link java.util.zip.GZIPInputStream}, which on Java 17 takes a damaged
 * later member, or any bytes after a member, for the end of the stream and stops without a word, every
 * byte is accounted for: a damaged header, body or checksum, a member cut short, and anything after the
 * last member that is not another member fail with an {@link IOException} naming the member (1-based)
 * and its compressed byte offset. What came before has been delivered.
 */
final class GzipMembers extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    /** Compressed offset of buf[0]. */
    private long base;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private int member;
    private long memberStart;
    private boolean inBody;
    private boolean done;
    private final byte[] one = new byte[1];

    GzipMembers(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            if (!inBody) {
                if (member > 0 && !fill()) {
                    done = true;
                    break;
                }
                readHeader();
                continue;
            }
            int n = inflate(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                pos = end - inflater.getRemaining();
                readTrailer();
            } else if (inflater.needsDictionary()) {
                throw damaged("a preset dictionary, which gzip does not use");
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw new EOFException(where() + " cut short");
                }
                inflater.setInput(buf, pos, end - pos);
                pos = end;
            }
        }
        return -1;
    }

    private int inflate(byte[] b, int off, int len) throws ZipException {
        try {
            return inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw damaged(e.getMessage() == null ? "bad deflate data" : e.getMessage());
        }
    }

    private void readHeader() throws IOException {
        member++;
        memberStart = base + pos;
        if (u8() != 0x1f || u8() != 0x8b) {
            throw damaged("not a gzip header");
        }
        if (u8() != 8) {
            throw damaged("not deflate-compressed");
        }
        int flags = u8();
        if ((flags & RESERVED) != 0) {
            throw damaged("reserved header flags set");
        }
        skip(6); // mtime, extra flags, OS
        if ((flags & FEXTRA) != 0) {
            skip(u8() | u8() << 8);
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        inflater.reset();
        crc.reset();
        inflater.setInput(buf, pos, end - pos);
        pos = end;
        inBody = true;
    }

    private void readTrailer() throws IOException {
        long expectedCrc = u32();
        long expectedSize = u32();
        if (expectedCrc != crc.getValue()) {
            throw damaged("CRC mismatch: the data is corrupt");
        }
        if (expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw damaged("length mismatch: the data is corrupt");
        }
        inBody = false;
    }

    private String where() {
        return "gzip member " + member + " at byte " + memberStart;
    }

    private ZipException damaged(String reason) {
        return new ZipException(where() + ": " + reason);
    }

    private boolean fill() throws IOException {
        if (pos < end) {
            return true;
        }
        base += end;
        pos = 0;
        end = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            return false;
        }
        end = r;
        return true;
    }

    private int u8() throws IOException {
        if (!fill()) {
            throw new EOFException(where() + " cut short in its header or trailer");
        }
        return buf[pos++] & 0xff;
    }

    private long u32() throws IOException {
        return u8() | (long) u8() << 8 | (long) u8() << 16 | (long) u8() << 24;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            u8();
        }
    }

    private void skipZeroTerminated() throws IOException {
        while (u8() != 0) {
            // the name or comment, not needed
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
