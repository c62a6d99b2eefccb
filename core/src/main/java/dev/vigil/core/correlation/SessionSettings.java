package dev.vigil.core.correlation;

import java.time.Clock;

/** The options of a {@link DetectorSession}, resolved. */
record SessionSettings(int partitions, long latenessMillis, long suppressMillis, int maxGroups,
        int maxMatchesPerAlert, int batchSize, Clock clock) {
}
