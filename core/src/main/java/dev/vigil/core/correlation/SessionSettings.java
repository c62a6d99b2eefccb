package dev.vigil.core.correlation;

import dev.vigil.core.Detection;
import java.time.Clock;
import java.util.function.Consumer;

/** The options of a {@link DetectorSession}, resolved. */
record SessionSettings(int partitions, long latenessMillis, long suppressMillis, int maxGroups,
        int maxMatchesPerAlert, int batchSize, Clock clock, Consumer<? super Detection> onLate) {
}
