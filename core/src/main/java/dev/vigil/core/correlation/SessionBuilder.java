package dev.vigil.core.correlation;

import dev.vigil.core.Detection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of a new {@link DetectorSession}. By default a session runs on event time (a pseudo clock
 * driven by the events' timestamps, for hunting through stored logs), with one partition, no allowed
 * lateness, no suppression, at most 100,000 live groups per correlation and 100 matches listed per
 * alert.
 */
public final class SessionBuilder {

    /** Use as allowed lateness to accept matches in any order (state is then kept until {@code finish}). */
    public static final Duration UNBOUNDED = Duration.ofDays(365L * 1000);

    private final Detector detector;
    private int partitions = 1;
    private Duration lateness = Duration.ZERO;
    private Duration suppress = Duration.ZERO;
    private int maxGroups = 100_000;
    private int maxMatches = 100;
    private int batchSize = -1;
    private Clock clock;
    private Consumer<? super Detection> onLate;

    SessionBuilder(Detector detector) {
        this.detector = detector;
    }

    /**
     * Spread the correlation state over {@code n} Drools sessions, each run by its own thread; a group
     * always goes to the same one. Results do not depend on {@code n} (as long as no group is evicted).
     */
    public SessionBuilder partitions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        this.partitions = n;
        return this;
    }

    /**
     * How far behind the latest event time a match may be and still be correlated. Later ones are
     * counted ({@link CorrelationStats#late()}) and dropped. Windows are decided, and state dropped, only
     * once the latest event time is this far past them. {@link #UNBOUNDED} accepts any order.
     */
    public SessionBuilder allowedLateness(Duration lateness) {
        this.lateness = requireNonNegative(lateness, "allowed lateness");
        return this;
    }

    /** After an alert of a rule for a group, suppress further alerts of that rule and group whose window ends within this period. */
    public SessionBuilder suppress(Duration period) {
        this.suppress = requireNonNegative(period, "suppression period");
        return this;
    }

    /**
     * The most groups with state that one correlation may hold; beyond it the least recently used
     * group is dropped and counted ({@link CorrelationStats#evictedGroups()}).
     */
    public SessionBuilder maxGroups(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxGroups must be at least 1");
        }
        this.maxGroups = max;
        return this;
    }

    /** The most matches an alert lists (it still counts them all). */
    public SessionBuilder maxMatchesPerAlert(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxMatchesPerAlert must not be negative");
        }
        this.maxMatches = max;
        return this;
    }

    /**
     * How many matches are collected before they are correlated (in parallel over the partitions).
     * Correlation alerts come out when a batch is processed, at the latest on {@code flush}, {@code tick},
     * {@code advanceTo} or {@code finish}. Default: 256 on event time, 1 on a real clock.
     */
    public SessionBuilder batchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.batchSize = size;
        return this;
    }

    /**
     * Run on a real clock (a live stream) instead of event time: the watermark follows {@code clock}
     * (less the allowed lateness), so windows are decided as time passes even when no event comes
     * (call {@link DetectorSession#tick}); events without a time are stamped with the clock.
     */
    public SessionBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Called with each match dropped because it came later than the allowed lateness (besides counting it). */
    public SessionBuilder onLate(Consumer<? super Detection> onLate) {
        this.onLate = Objects.requireNonNull(onLate, "onLate");
        return this;
    }

    public DetectorSession open() {
        int batch = batchSize > 0 ? batchSize : clock != null ? 1 : 256;
        return new DetectorSession(detector, new SessionSettings(partitions, saturatedMillis(lateness),
                saturatedMillis(suppress), maxGroups, maxMatches, batch, clock, onLate));
    }

    private static long saturatedMillis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static Duration requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return d;
    }
}
