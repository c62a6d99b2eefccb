package dev.vigil.cli;

import dev.vigil.core.event.Event;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The events of a hunt within {@code --from} / {@code --to}: those outside go no further (not matched, not
 * correlated, not kept for incident timelines) and are counted. An event without a time cannot be placed in
 * the range: it is treated as outside, and counted apart, since a whole file of them usually means the time
 * is in a field {@code --time-field} does not name. Safe for several reading threads.
 */
final class TimeRange {

    private final Instant from;
    private final Instant until;
    private final LongAdder outside = new LongAdder();
    private final LongAdder untimed = new LongAdder();

    /** From {@code from} (inclusive) until {@code until} (exclusive); a null end is open. */
    TimeRange(Instant from, Instant until) {
        this.from = from;
        this.until = until;
    }

    boolean contains(Instant t) {
        return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
    }

    /** Passes the events within the range to {@code next}, and counts the others. */
    Consumer<Event> before(Consumer<Event> next) {
        return event -> {
            Instant t = event.timestamp();
            if (t == null) {
                untimed.increment();
                outside.increment();
            } else if (!contains(t)) {
                outside.increment();
            } else {
                next.accept(event);
            }
        };
    }

    long outside() {
        return outside.sum();
    }

    long untimed() {
        return untimed.sum();
    }

    /** {@code events outside --from/--to: N}, and how many of them have no time. */
    String summaryLine() {
        long none = untimed();
        return "events outside --from/--to: " + outside()
                + (none == 0 ? "" : " (" + none + " without a time, not matched; see --time-field)");
    }
}
