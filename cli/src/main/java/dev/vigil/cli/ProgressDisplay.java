package dev.vigil.cli;

import dev.vigil.core.event.read.ReadProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr while a hunt reads its events: bytes read of the total (MiB, with speed and
 * time left), files done of all, events read and events per second. Drawn by the {@code progressbar}
 * library and fed from the reader's {@link ReadProgress} by a daemon thread every {@link #TICK_MILLIS}.
 * The bar is removed when the hunt ends, so the summary follows on a clean line.
 */
final class ProgressDisplay implements AutoCloseable {

    /** How often the bar is brought up to date. */
    static final long TICK_MILLIS = 250;

    private final ReadProgress progress;
    private final ProgressBar bar;
    private final ScheduledExecutorService ticker;
    private final long start = System.nanoTime();

    private ProgressDisplay(ReadProgress progress, PrintStream err) {
        this.progress = progress;
        this.bar = new ProgressBarBuilder()
                .setTaskName("Hunting")
                .setInitialMax(-1)
                .setUnit(" MiB", 1L << 20)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis((int) TICK_MILLIS)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .clearDisplayOnFinish()
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A display of {@code progress} on stderr when {@code wanted} and stderr is a terminal, else one that
     * shows nothing.
     */
    static ProgressDisplay start(ReadProgress progress, boolean wanted) {
        return wanted && Colors.isTerminal(2) ? new ProgressDisplay(progress, System.err) : null;
    }

    private void tick() {
        long total = progress.bytes();
        if (total > 0) {
            bar.maxHint(total);
        }
        bar.stepTo(progress.bytesDone());
        bar.setExtraMessage(extraMessage(progress, System.nanoTime() - start));
    }

    /** {@code  | 3/10 files | 1,234,567 events, 85,000/s}: short, for an 80-column terminal. */
    static String extraMessage(ReadProgress p, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        return String.format(Locale.ROOT, " | %d/%d files | %,d events, %,.0f/s", p.filesDone(), p.files(),
                p.events(), p.events() / seconds);
    }

    /** Clears the bar's line, so that a line printed next does not run into it; the next tick draws it again. */
    static void clearLine(ProgressDisplay display) {
        if (display != null) {
            System.err.print("\r\u001b[K");
            System.err.flush();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        bar.close();
    }
}
