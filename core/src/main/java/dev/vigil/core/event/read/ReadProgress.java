package dev.vigil.core.event.read;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a {@link EventReader.Builder#readAll} run has got, readable from any thread while it runs: files
 * and bytes to read (known once the inputs are listed), files finished, bytes read from the files (before
 * decompression) and events read. For progress displays; the final counts are in {@link ReadStats}.
 */
public final class ReadProgress {

    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile String current;

    /** The files to read, once listed (0 before). */
    public long files() {
        return files.get();
    }

    /** Their size in bytes, once listed (0 before). */
    public long bytes() {
        return bytes.get();
    }

    public long filesDone() {
        return filesDone.get();
    }

    /** Bytes read from the files so far; compressed files count their compressed bytes. */
    public long bytesDone() {
        return bytesDone.get();
    }

    public long events() {
        return events.get();
    }

    /** The file being read, or null. */
    public String current() {
        return current;
    }

    void listed(long fileCount, long byteCount) {
        files.set(fileCount);
        bytes.set(byteCount);
    }

    void reading(String file) {
        current = file;
    }

    void read(long n) {
        bytesDone.addAndGet(n);
    }

    void event() {
        events.incrementAndGet();
    }

    void fileDone() {
        filesDone.incrementAndGet();
        current = null;
    }
}
