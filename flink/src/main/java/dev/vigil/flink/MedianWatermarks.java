package dev.vigil.flink;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks that a minority of forged event times cannot move, for {@link VigilFlink#watermarks}: the
 * median of the latest {@value #RECENT} event times of a source split (once {@value #AT_LEAST} are known),
 * less the out-of-orderness bound, never going back; times further ahead of the processing time than the
 * allowed future skew are left out. As the embedded session's stream time ({@code StreamTime}): the
 * greatest time seen would let one forged future time make every later event late. The price: in
 * time-ordered input the watermark trails the latest event by about half of {@value #RECENT} events.
 */
final class MedianWatermarks<T> implements WatermarkGenerator<T> {

    /** How many recent event times the median is taken over. */
    static final int RECENT = 1024;
    /** How many event times must be known before a watermark other than the earliest goes out. */
    static final int AT_LEAST = 16;

    private final long outOfOrderness;
    private final long maxFutureSkew;
    private final LongSupplier now;
    private final long[] recent = new long[RECENT];
    private int size;
    private int next;
    private boolean changed;
    private long watermark = Long.MIN_VALUE;

    MedianWatermarks(Duration outOfOrderness, Duration maxFutureSkew, LongSupplier now) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.maxFutureSkew = maxFutureSkew.toMillis();
        this.now = now;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        long latest = now.getAsLong();
        if (timestamp == Long.MIN_VALUE || timestamp - latest > maxFutureSkew) {
            return; // untimed, or further ahead of the processing time than any honest clock
        }
        recent[next] = timestamp;
        next = (next + 1) % RECENT;
        size = Math.min(RECENT, size + 1);
        changed = true;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (changed && size >= AT_LEAST) {
            long[] times = Arrays.copyOf(recent, size);
            Arrays.sort(times);
            long median = times[(size - 1) / 2];
            // event times are within years 0 to 9999 (Event.timestamp()): no overflow
            watermark = Math.max(watermark, median - outOfOrderness - 1);
        }
        changed = false;
        output.emitWatermark(new Watermark(watermark));
    }
}
