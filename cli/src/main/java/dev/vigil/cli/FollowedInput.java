package dev.vigil.cli;

import dev.vigil.core.event.read.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * One stretch of a followed input (a file until it is rotated or truncated, or stdin until its end), as a
 * stream for an {@code EventReader}: it blocks while no more has come, and hands out only complete lines, so
 * that a line being written is parsed only once it ends with a newline. When the input ends for good (the file
 * was rotated, stdin closed) an unfinished last line is handed out too; when the watch stops it is dropped
 * ({@link #droppedPartialLine()}). Stopping ends the stream at once, without waiting for more.
 */
abstract class FollowedInput extends InputStream {

    /** A line held back longer than this is handed out as it is: the reader skips it as too large. */
    private static final int MAX_HELD = ReadLimits.DEFAULT_MAX_RECORD_BYTES + 1;

    protected final StopSignal stop;
    private byte[] buf = new byte[1 << 16];
    /** {@code [start, ready)}: complete lines to hand out; {@code [ready, end)}: the line being written. */
    private int start;
    private int ready;
    private int end;
    /** Newlines to hand out first, so that line numbers count the lines before where reading started. */
    private long skippedLines;
    private boolean ended;
    private boolean dropped;

    protected FollowedInput(StopSignal stop, long skippedLines) {
        this.stop = stop;
        this.skippedLines = skippedLines;
    }

    /**
     * Reads what the input holds now into {@code b[off, off + len)}: how many bytes, 0 when nothing more is
     * there yet, -1 when this stretch of the input is over.
     */
    protected abstract int fetch(byte[] b, int off, int len) throws IOException;

    /** Nothing more is there: waits a while for more (up to the poll interval), or notices a rotation. */
    protected abstract void idle() throws IOException;

    /** Whether the watch stopped while a line was unfinished, which was then not read. */
    boolean droppedPartialLine() {
        return dropped;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (skippedLines > 0) {
            int n = (int) Math.min(len, skippedLines);
            Arrays.fill(b, off, off + n, (byte) '\n');
            skippedLines -= n;
            return n;
        }
        while (true) {
            if (start < ready) {
                int n = Math.min(len, ready - start);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                return n;
            }
            if (ended) {
                if (ready < end) {
                    ready = end; // the input is over: its unfinished last line is all there will be
                    continue;
                }
                return -1;
            }
            if (stop.stopped()) {
                ended = true;
                dropped = ready < end;
                start = ready = end = 0;
                return -1;
            }
            makeRoom();
            int n = fetch(buf, end, buf.length - end);
            if (n < 0) {
                ended = true;
            } else if (n > 0) {
                int from = end;
                end += n;
                for (int i = end - 1; i >= from; i--) {
                    if (buf[i] == '\n') {
                        ready = i + 1;
                        break;
                    }
                }
                if (ready == start && end - start >= MAX_HELD) {
                    ready = end;
                }
            } else {
                idle();
            }
        }
    }

    /** Moves the held line to the front of the buffer, growing it when the line fills it. */
    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            ready -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
    }
}
