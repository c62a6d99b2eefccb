package dev.vigil.correlation;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import java.time.Clock;
import java.util.function.Consumer;

/** The options of a {@link DetectorSession}, resolved. */
record SessionSettings(int partitions, long latenessMillis, long suppressMillis, int maxGroups,
        int maxMatchesPerGroup, int maxMatchesPerAlert, int batchSize, Clock clock, long maxFutureSkewMillis,
        Consumer<? super Alert> sink, Consumer<? super Detection> onLate,
        Consumer<? super CorrelationAlert> onChained) {
}
