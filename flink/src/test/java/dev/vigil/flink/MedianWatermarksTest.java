package dev.vigil.flink;

import static dev.vigil.flink.AttackSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** The shipped watermark generator: forged minorities and times beyond the future skew do not move it. */
class MedianWatermarksTest {

    private static final long START = T0.toEpochMilli();
    private static final long SECOND = 1_000;

    /** The watermarks after each of {@code times}, on a processing time of T0. */
    private static List<Long> marks(long... times) {
        MedianWatermarks<Object> g = new MedianWatermarks<>(Duration.ZERO, Duration.ofDays(1), () -> START);
        List<Long> out = new ArrayList<>();
        WatermarkOutput output = AttackSupport.collecting(out);
        for (long t : times) {
            g.onEvent(null, t, output);
            g.onPeriodicEmit(output);
        }
        return out;
    }

    @Test
    void aForgedMinority_doesNotMoveIt_aMajorityDoes() {
        long[] times = new long[40];
        for (int i = 0; i < times.length; i++) {
            times[i] = START - 100 * SECOND + i * SECOND;
        }
        times[20] = START + Duration.ofHours(20).toMillis();   // within the skew, forged
        List<Long> marks = marks(times);
        assertThat(marks.get(14)).as("before 16 times").isEqualTo(Long.MIN_VALUE);
        assertThat(marks.get(marks.size() - 1)).isLessThan(START);

        long[] agreeing = new long[40];
        for (int i = 0; i < agreeing.length; i++) {
            agreeing[i] = i < 10 ? START - 100 * SECOND : START + Duration.ofHours(20).toMillis();
        }
        List<Long> moved = marks(agreeing);
        assertThat(moved.get(moved.size() - 1)).isEqualTo(START + Duration.ofHours(20).toMillis() - 1);
    }

    @Test
    void timesBeyondTheFutureSkew_areLeftOut() {
        long[] times = new long[20];
        for (int i = 0; i < times.length; i++) {
            times[i] = START + Duration.ofDays(2).toMillis();
        }
        assertThat(marks(times)).containsOnly(Long.MIN_VALUE);
    }
}
