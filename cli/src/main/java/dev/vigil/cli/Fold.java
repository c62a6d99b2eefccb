package dev.vigil.cli;

import dev.vigil.core.alert.Detection;
import java.time.Instant;

/**
 * Detections of one rule on one host within one {@code --dedup} period, printed as one row: the first of them
 * by event time, how many there were and the time of the last ({@link FoldingWriter}).
 */
record Fold(Detection first, long count, Instant last) {
}
