package dev.vigil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Follows a growing file as {@code tail -F} does, by polling (no inotify): the first stretch starts at the
 * file's end (the start of its last, unfinished line), or at its start; a stretch ends when the file is
 * rotated or truncated, and the next one reads the file now at the path from its start. Rotation is the path
 * naming another file (another file key: device and inode), or none; the old file is read to its end first.
 * Truncation is the file growing shorter than what was read. A file that is not there yet is waited for.
 * What happens is said on {@code notices}.
 */
final class FileFollower {

    private final Path path;
    private final boolean fromStart;
    private final long pollMillis;
    private final StopSignal stop;
    private final PrintWriter notices;
    private boolean first = true;
    private int reopened;

    FileFollower(Path path, boolean fromStart, long pollMillis, StopSignal stop, PrintWriter notices) {
        this.path = path;
        this.fromStart = fromStart;
        this.pollMillis = pollMillis;
        this.stop = stop;
        this.notices = notices;
    }

    /** How many times the file was opened again after a rotation or truncation. */
    int reopened() {
        return reopened;
    }

    /** The next stretch of the file, once it is there; null once the watch is stopped. */
    FollowedInput next() {
        boolean waitingSaid = false;
        String failureSaid = null;
        while (!stop.stopped()) {
            try {
                Segment s = open();
                if (s != null) {
                    return s;
                }
            } catch (NoSuchFileException e) {
                if (!waitingSaid) {
                    say(path + ": no such file yet; waiting for it");
                    waitingSaid = true;
                }
                first = false; // a file that appears later is new: read from its start
            } catch (IOException e) {
                String why = Errors.describe(e);
                if (!why.equals(failureSaid)) {
                    say("cannot open " + path + ": " + why + "; trying again");
                    failureSaid = why;
                }
            }
            stop.await(pollMillis);
        }
        return null;
    }

    /** Opens the file at the path, or returns null when it changed while being opened. */
    private Segment open() throws IOException {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            if (!Objects.equals(key, Files.readAttributes(path, BasicFileAttributes.class).fileKey())) {
                channel.close();
                return null; // replaced between the two looks: try again
            }
            long position = 0;
            long lines = 0;
            if (first && !fromStart) {
                long[] at = lastLineStart(channel);
                position = at[0];
                lines = at[1];
            }
            if (first && !fromStart) {
                say("watching " + path + " from line " + (lines + 1) + " (its end)");
            } else {
                say((first ? "watching " : "reading ") + path + " from its start");
            }
            first = false;
            return new Segment(channel, key, position, lines);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Where the file's last line starts (its end when it ends with a newline) and how many lines come before. */
    private static long[] lastLineStart(FileChannel channel) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        long offset = 0;
        long lines = 0;
        long lineStart = 0;
        long size = channel.size();
        while (offset < size) {
            chunk.clear();
            int n = channel.read(chunk, offset);
            if (n <= 0) {
                break;
            }
            byte[] b = chunk.array();
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n') {
                    lines++;
                    lineStart = offset + i + 1;
                }
            }
            offset += n;
        }
        return new long[] {lineStart, lines};
    }

    private void say(String line) {
        notices.println(line);
        notices.flush();
    }

    /** One file, from a position, until it is rotated or truncated. */
    private final class Segment extends FollowedInput {
        private final FileChannel channel;
        private final Object key;
        private long position;
        /** Rotated or truncated: read what is left, then end. */
        private boolean over;

        Segment(FileChannel channel, Object key, long position, long skippedLines) {
            super(FileFollower.this.stop, skippedLines);
            this.channel = channel;
            this.key = key;
            this.position = position;
        }

        @Override
        protected int fetch(byte[] b, int off, int len) throws IOException {
            int n = channel.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
                return n;
            }
            return over ? -1 : 0;
        }

        @Override
        protected void idle() throws IOException {
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                now = null;
            }
            if (now == null || (key != null && !key.equals(now.fileKey()))) {
                say(path + (now == null ? ": moved or deleted" : ": rotated (a new file at the path)"));
                over = true;
                reopened++;
            } else if (now.size() < position) {
                say(path + ": truncated");
                over = true;
                reopened++;
            } else {
                stop.await(pollMillis);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
