package dev.vigil.correlation;

import dev.vigil.core.alert.MatchRef;

/** One match on its way to a partition: correlation, rule position, group, time and value. */
record Input(int corr, int idx, String key, String[] groupValues, long ts, double value, Object distinct,
        MatchRef ref) {
}
