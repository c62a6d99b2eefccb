package dev.vigil.respond.incident;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The recent events of each entity, for investigation: what else happened on the host, to the user,
 * from the address, around an alert. Bounded three ways: at most {@code perEntity} events per entity
 * (the oldest go first), none older than {@code maxAge} behind the entity's newest, and at most
 * {@code maxEntities} entities (the least recently seen go first), so an attacker who floods the log
 * with new hosts or users cannot grow it. Thread-safe. Feed it every event (or the events of interest)
 * with {@link #record(Event)}; entities are read from the same fields as the tracker's.
 */
public final class EventHistory {

    private final EntityFields fields;
    private final int perEntity;
    private final Duration maxAge;
    private final Cache<Entity, ArrayDeque<Event>> byEntity;

    private EventHistory(Builder b) {
        this.fields = b.tracker.entityFields();
        this.perEntity = b.perEntity;
        this.maxAge = b.maxAge;
        this.byEntity = Caffeine.newBuilder().maximumSize(b.maxEntities).build();
    }

    /** A history reading entities as {@code tracker} does. */
    public static Builder builder(IncidentTracker tracker) {
        return new Builder(tracker);
    }

    /** Keeps {@code event} under each of its entities (an event without a time is not kept). */
    public void record(Event event) {
        if (event.timestamp() == null) {
            return;
        }
        for (Entity e : fields.of(event)) {
            ArrayDeque<Event> ring = byEntity.get(e, k -> new ArrayDeque<>());
            synchronized (ring) {
                ring.addLast(event);
                while (ring.size() > perEntity) {
                    ring.removeFirst();
                }
                Instant horizon = event.timestamp().minus(maxAge);
                while (!ring.isEmpty() && ring.peekFirst().timestamp().isBefore(horizon)) {
                    ring.removeFirst();
                }
            }
        }
    }

    /** The kept events of {@code entities} from {@code from} to {@code to}, oldest first, each once. */
    public List<Event> between(Set<Entity> entities, Instant from, Instant to) {
        Set<Event> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Event> out = new ArrayList<>();
        for (Entity e : entities) {
            ArrayDeque<Event> ring = byEntity.getIfPresent(e);
            if (ring == null) {
                continue;
            }
            synchronized (ring) {
                for (Event ev : ring) {
                    Instant t = ev.timestamp();
                    if (!t.isBefore(from) && !t.isAfter(to) && seen.add(ev)) {
                        out.add(ev);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Event::timestamp));
        return out;
    }

    /** The kept events of the alert's entities within {@code before} and {@code after} its time. */
    public List<Event> around(Alert alert, Duration before, Duration after) {
        Instant t = Objects.requireNonNull(alert.timestamp(), "the alert has no time");
        return between(fields.of(alert), t.minus(before), t.plus(after));
    }

    /** How many entities have events kept. */
    public long entities() {
        byEntity.cleanUp();
        return byEntity.estimatedSize();
    }

    /** Builds an {@link EventHistory}. */
    public static final class Builder {
        private final IncidentTracker tracker;
        private int perEntity = 200;
        private Duration maxAge = Duration.ofHours(24);
        private long maxEntities = 10_000;

        private Builder(IncidentTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
        }

        /** At most this many events per entity. Default 200. */
        public Builder perEntity(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("perEntity must be at least 1");
            }
            this.perEntity = events;
            return this;
        }

        /** No event older than this behind its entity's newest. Default 24 hours. */
        public Builder maxAge(Duration age) {
            this.maxAge = Objects.requireNonNull(age, "age");
            return this;
        }

        /** At most this many entities. Default 10,000. */
        public Builder maxEntities(long entities) {
            if (entities < 1) {
                throw new IllegalArgumentException("maxEntities must be at least 1");
            }
            this.maxEntities = entities;
            return this;
        }

        public EventHistory build() {
            return new EventHistory(this);
        }
    }
}
