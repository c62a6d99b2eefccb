package dev.vigil.correlation;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of a new {@link DetectorSession}; only the sink ({@link #onAlert}) is required. By default a
 * session runs on event time (a pseudo clock driven by the events' timestamps, for hunting through
 * stored logs) and accepts matches in any order ({@link #UNBOUNDED} lateness: files are rarely in time
 * order, and no match is dropped for coming late), with one partition, no suppression, at most
 * 100,000 live groups per correlation and 100 matches listed per alert. On a real clock the default
 * lateness is {@link #DEFAULT_CLOCK_LATENESS}.
 */
public final class SessionBuilder {

    /** Use as allowed lateness to accept matches in any order (state is then kept until {@code finish}). */
    public static final Duration UNBOUNDED = Duration.ofDays(365L * 1000);

    /** The allowed lateness on a real clock unless set: how far behind the clock an event's time may be. */
    public static final Duration DEFAULT_CLOCK_LATENESS = Duration.ofMinutes(1);

    /** The most groups with state per correlation unless set ({@link #maxGroups}). */
    public static final int DEFAULT_MAX_GROUPS = 100_000;

    /** The most live matches one group holds unless set ({@link #maxMatchesPerGroup}). */
    public static final int DEFAULT_MAX_MATCHES_PER_GROUP = 10_000;

    /** How far ahead of the clock an event's time may be and still count as its time, unless set ({@link #maxFutureSkew}). */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofDays(1);

    private final Detector detector;
    private int partitions = 1;
    private Duration lateness;
    private Duration suppress = Duration.ZERO;
    private int maxGroups = DEFAULT_MAX_GROUPS;
    private int maxMatchesPerGroup = DEFAULT_MAX_MATCHES_PER_GROUP;
    private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
    private int maxMatches = 100;
    private int batchSize = -1;
    private Clock clock;
    private Consumer<? super Alert> sink;
    private Consumer<? super Detection> onLate;
    private Consumer<? super CorrelationAlert> onChained;

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
     * How far behind the stream's time (the latest event time that recent matches agree on, so that one
     * forged time cannot move it) a match may be and still be correlated. Later ones are
     * counted ({@link CorrelationStats#late()}) and dropped. Windows are decided, and state dropped, only
     * once the stream's time is this far past them. {@link #UNBOUNDED} (the default on event time)
     * accepts any order and keeps state until {@link DetectorSession#finish}, within {@link #maxGroups}.
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

    /**
     * The most live matches one group may hold; beyond it the group's oldest match (by event time) is
     * dropped and counted ({@link CorrelationStats#droppedMatches()}). It bounds the state of a group
     * that keeps matching without ever satisfying its condition (the same user a million times for a
     * {@code value_count}) when the lateness is unbounded. A count correlation that needs more matches
     * than this to decide (to reach a lower bound, or to tell that an upper bound is exceeded) raises the
     * bound to what it needs, in this session and after a {@link DetectorSession#swap}.
     */
    public SessionBuilder maxMatchesPerGroup(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxMatchesPerGroup must be at least 1");
        }
        this.maxMatchesPerGroup = max;
        return this;
    }

    /**
     * How far ahead of the clock (the real one, or the one set with {@link #clock}) a match's event time
     * may be. A time further ahead cannot be true (a forged or broken timestamp): it is counted
     * ({@link CorrelationStats#implausibleTimes()}) and the match is correlated as if it had no time,
     * so that one forged event can neither make every later match late nor hold state until year 9999.
     * {@link #UNBOUNDED} trusts every time.
     */
    public SessionBuilder maxFutureSkew(Duration skew) {
        this.maxFutureSkew = requireNonNegative(skew, "future skew");
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

    /**
     * Where the session's alerts go: detections and correlation alerts, one at a time, in the order
     * they were raised, on the thread of a session call, outside the session's lock. The sink may call
     * the session (its calls then return without waiting for delivery) but must not wait for another
     * thread's call to the session. Required; set once.
     */
    public SessionBuilder onAlert(Consumer<? super Alert> sink) {
        if (this.sink != null) {
            throw new IllegalStateException("the session's sink is already set");
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /** Called with each match dropped because it came later than the allowed lateness (besides counting it). */
    public SessionBuilder onLate(Consumer<? super Detection> onLate) {
        this.onLate = Objects.requireNonNull(onLate, "onLate");
        return this;
    }

    /**
     * For a stream processor that keeps each correlation's groups where their keys live (vigil-flink): the
     * alerts of correlations that other correlations refer to go to {@code onChained} (reported or not, and
     * to the sink as well when reported) instead of feeding those correlations in this session. Route each
     * to the groups {@link Detector#groupKeys(CorrelationAlert)} names and feed it there with
     * {@link DetectorSession#acceptAlert}. Called like the sink: in order, outside the session's lock.
     */
    public SessionBuilder onChained(Consumer<? super CorrelationAlert> onChained) {
        this.onChained = Objects.requireNonNull(onChained, "onChained");
        return this;
    }

    /** Opens the session; fails when no sink was set with {@link #onAlert}. */
    public DetectorSession open() {
        if (sink == null) {
            throw new IllegalStateException("a session needs a sink for its alerts: call onAlert(...) before open()");
        }
        int batch = batchSize > 0 ? batchSize : clock != null ? 1 : 256;
        Duration late = lateness != null ? lateness : clock != null ? DEFAULT_CLOCK_LATENESS : UNBOUNDED;
        return new DetectorSession(detector, new SessionSettings(partitions, saturatedMillis(late),
                saturatedMillis(suppress), maxGroups, maxMatchesPerGroup, maxMatches, batch, clock,
                saturatedMillis(maxFutureSkew), sink, onLate, onChained));
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
