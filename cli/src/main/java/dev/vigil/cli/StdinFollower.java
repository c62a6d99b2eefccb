package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows standard input until it ends: a daemon thread reads it (a blocked read cannot be interrupted) and
 * passes what it read on through a small queue, so that a stop is noticed within the poll interval. One
 * stretch: at the end of the input, the watch ends.
 */
final class StdinFollower {

    private static final byte[] END = new byte[0];

    private final InputStream in;
    private final long pollMillis;
    private final StopSignal stop;
    private final PrintWriter notices;
    private boolean started;

    StdinFollower(InputStream in, long pollMillis, StopSignal stop, PrintWriter notices) {
        this.in = in;
        this.pollMillis = pollMillis;
        this.stop = stop;
        this.notices = notices;
    }

    /** The input, the first time; null after (stdin has one stretch) or once stopped. */
    FollowedInput next() {
        if (started || stop.stopped()) {
            return null;
        }
        started = true;
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
        Thread pump = new Thread(() -> pump(chunks), "vigil-watch-stdin");
        pump.setDaemon(true);
        pump.start();
        notices.println("watching standard input");
        notices.flush();
        return new Piped(chunks);
    }

    private void pump(BlockingQueue<byte[]> chunks) {
        byte[] buf = new byte[1 << 16];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    chunks.put(Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            notices.println("cannot read standard input further: " + Errors.describe(e));
            notices.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Piped extends FollowedInput {
        private final BlockingQueue<byte[]> chunks;
        private byte[] chunk;
        private int at;
        private boolean over;

        Piped(BlockingQueue<byte[]> chunks) {
            super(StdinFollower.this.stop, 0);
            this.chunks = chunks;
        }

        @Override
        protected int fetch(byte[] b, int off, int len) {
            if (chunk == null) {
                chunk = chunks.poll();
            }
            if (chunk == END) {
                over = true;
            }
            if (chunk == null || over) {
                return over ? -1 : 0;
            }
            int n = Math.min(len, chunk.length - at);
            System.arraycopy(chunk, at, b, off, n);
            at += n;
            if (at == chunk.length) {
                chunk = null;
                at = 0;
            }
            return n;
        }

        @Override
        protected void idle() {
            try {
                chunk = chunks.poll(pollMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.stop();
            }
        }
    }
}
