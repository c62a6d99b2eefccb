package dev.vigil.correlation;

/**
 * Counters of a {@link DetectorSession}, since it was opened.
 *
 * @param matches       matches of referenced rules (and alerts of referenced correlations) correlated
 * @param late          matches older than the watermark (the stream's time less the allowed lateness): dropped
 * @param untimed       matches whose event had no time: given the session's current time
 * @param implausibleTimes matches whose event time was beyond the clock plus the allowed future skew: correlated
 *                      as untimed (and counted in {@code untimed} too)
 * @param missingFields matches lacking a group-by field: not correlated
 * @param alerts        correlation alerts raised (reported or feeding other correlations)
 * @param suppressed    alerts not raised because the same rule and group raised one within the suppression period
 * @param evictedGroups groups dropped, with their state, because a rule had too many live groups
 * @param droppedMatches matches dropped because their group held too many live matches
 * @param liveGroups    groups holding state now
 * @param liveMatches   matches held now
 */
public record CorrelationStats(long matches, long late, long untimed, long implausibleTimes, long missingFields,
        long alerts, long suppressed, long evictedGroups, long droppedMatches, long liveGroups, long liveMatches) {
}
