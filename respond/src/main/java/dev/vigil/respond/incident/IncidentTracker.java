package dev.vigil.respond.incident;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.rule.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups alerts into incidents and follows each incident from identification to closure. An alert joins
 * the open incident that shares one of its entities (host, user, address, process, ... read from the
 * fields configured for each entity type) and whose alerts lie within the window of its time; otherwise
 * it opens an incident of its own. Every change goes to the {@link IncidentStore} first, and a tracker
 * built on a store replays it, so a restart loses nothing. Recording an alert twice (the same id) changes
 * nothing. Thread-safe; a {@code Consumer<Alert>}, so it can sit beside a responder on a session's sink.
 */
public final class IncidentTracker implements Consumer<Alert> {

    /**
     * The default entity fields, Sysmon, Windows Security and ECS-style names, for hosts, users and
     * addresses. Not processes: an image path such as {@code C:\Windows\System32\certutil.exe} is the same on
     * every host and would join unrelated incidents; declare a process entity with {@link Builder#entity}
     * where its values are specific (a process GUID).
     */
    public static final Map<String, List<String>> WINDOWS_ENTITIES = defaults();

    private static final Pattern TECHNIQUE = Pattern.compile("attack\\.(t\\d{4}(?:\\.\\d{3})?)", Pattern.CASE_INSENSITIVE);
    private static final Set<String> TACTICS = Set.of("reconnaissance", "resource-development", "initial-access",
            "execution", "persistence", "privilege-escalation", "defense-evasion", "credential-access", "discovery",
            "lateral-movement", "collection", "command-and-control", "exfiltration", "impact");

    private final EntityFields entityFields;
    private final Duration window;
    private final IncidentStore store;
    private final Clock clock;
    private final Map<String, Mutable> incidents = new LinkedHashMap<>();
    private final Map<String, String> incidentOfAlert = new HashMap<>();

    private IncidentTracker(Builder b) {
        this.entityFields = new EntityFields(b.entities);
        this.window = b.window;
        this.store = b.store;
        this.clock = b.clock;
        for (IncidentStore.Change c : store.replay()) {
            apply(c);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Records {@code alert}: it joins an incident or opens one. */
    @Override
    public void accept(Alert alert) {
        record(alert);
    }

    /** Records {@code alert} and returns the incident it is now part of. */
    public synchronized Incident record(Alert alert) {
        return incidents.get(recordId(alert)).snapshot();
    }

    /** Records {@code alert} and returns the id of the incident it is now part of, without copying the incident. */
    public synchronized String recordId(Alert alert) {
        String known = incidentOfAlert.get(alert.id());
        if (known != null) {
            return known;
        }
        AlertSummary s = summary(alert);
        Mutable target = null;
        if (!s.entities().isEmpty()) {
            for (Mutable m : incidents.values()) {
                if (m.state != IncidentState.CLOSED && m.near(s.time(), window) && shares(m, s.entities())
                        && (target == null || m.lastSeen.isAfter(target.lastSeen))) {
                    target = m;
                }
            }
        }
        String id = target != null ? target.id : newId(alert.id());
        IncidentStore.Change change = new IncidentStore.AlertJoined(id, s);
        store.append(change);
        apply(change);
        return id;
    }

    /**
     * Moves incident {@code id} to {@code to}, as {@code actor} (a person or an action) says with
     * {@code note}.
     *
     * @throws IllegalArgumentException when there is no such incident
     * @throws IllegalStateException    when {@code to} is not after the incident's state
     */
    public synchronized Incident transition(String id, IncidentState to, String actor, String note) {
        Mutable m = incidents.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no incident '" + id + "'");
        }
        if (to.compareTo(m.state) <= 0) {
            throw new IllegalStateException("incident " + id + " is " + m.state.label() + "; it cannot move to "
                    + to.label() + " (an incident only moves forward)");
        }
        IncidentStore.Change change = new IncidentStore.StateChanged(id,
                new Transition(m.state, to, clock.instant(), actor, note));
        store.append(change);
        apply(change);
        return m.snapshot();
    }

    /** The incident an alert with id {@code alertId} is part of. */
    public synchronized Optional<Incident> incidentOf(String alertId) {
        String id = incidentOfAlert.get(alertId);
        return id == null ? Optional.empty() : Optional.of(incidents.get(id).snapshot());
    }

    public synchronized Optional<Incident> get(String id) {
        Mutable m = incidents.get(id);
        return m == null ? Optional.empty() : Optional.of(m.snapshot());
    }

    /** Every incident, the earliest first. */
    public synchronized List<Incident> incidents() {
        List<Incident> out = new ArrayList<>();
        for (Mutable m : incidents.values()) {
            out.add(m.snapshot());
        }
        out.sort(Comparator.comparing(Incident::firstSeen).thenComparing(Incident::id));
        return out;
    }

    private void apply(IncidentStore.Change c) {
        if (c instanceof IncidentStore.AlertJoined j) {
            Mutable m = incidents.computeIfAbsent(j.incidentId(), Mutable::new);
            m.add(j.alert());
            incidentOfAlert.put(j.alert().id(), j.incidentId());
        } else if (c instanceof IncidentStore.StateChanged s) {
            Mutable m = incidents.get(s.incidentId());
            if (m != null) {
                m.transitions.add(s.transition());
                m.state = s.transition().to();
            }
        }
    }

    private String newId(String alertId) {
        String base = "INC-" + alertId.replace("-", "").substring(0, Math.min(12, alertId.replace("-", "").length()));
        String id = base;
        for (int n = 2; incidents.containsKey(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static boolean shares(Mutable m, Set<Entity> entities) {
        for (Entity e : entities) {
            if (m.entities.contains(e)) {
                return true;
            }
        }
        return false;
    }

    private AlertSummary summary(Alert alert) {
        Set<Entity> entities = entityFields.of(alert);
        Instant time = alert.timestamp() != null ? alert.timestamp() : clock.instant();
        return new AlertSummary(alert.id(), alert.fingerprint(), alert.kind(), alert.metadata().id(),
                alert.metadata().title(), alert.metadata().level(), alert.metadata().tags(), time, entities);
    }

    /** The entity fields this tracker reads, for an {@link EventHistory} to read the same. */
    EntityFields entityFields() {
        return entityFields;
    }

    private static Map<String, List<String>> defaults() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("host", List.of("Computer", "Hostname", "host.name", "Event.System.Computer"));
        m.put("user", List.of("TargetUserName", "User", "SubjectUserName", "user.name", "Event.EventData.TargetUserName",
                "Event.EventData.User"));
        m.put("address", List.of("IpAddress", "SourceIp", "source.ip", "Event.EventData.IpAddress"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** One incident's state, under the tracker's lock. */
    private static final class Mutable {
        final String id;
        String title;
        Level severity;
        IncidentState state = IncidentState.IDENTIFIED;
        Instant firstSeen;
        Instant lastSeen;
        final Set<Entity> entities = new TreeSet<>();
        final Set<String> tactics = new TreeSet<>();
        final Set<String> techniques = new TreeSet<>();
        final List<AlertSummary> alerts = new ArrayList<>();
        final List<Transition> transitions = new ArrayList<>();

        Mutable(String id) {
            this.id = id;
        }

        void add(AlertSummary a) {
            if (alerts.isEmpty()) {
                title = a.ruleTitle();
                firstSeen = a.time();
                lastSeen = a.time();
            }
            alerts.add(a);
            if (a.level() != null && (severity == null || a.level().compareTo(severity) > 0)) {
                severity = a.level();
            }
            firstSeen = a.time().isBefore(firstSeen) ? a.time() : firstSeen;
            lastSeen = a.time().isAfter(lastSeen) ? a.time() : lastSeen;
            entities.addAll(a.entities());
            for (String tag : a.tags()) {
                Matcher t = TECHNIQUE.matcher(tag);
                if (t.matches()) {
                    techniques.add(t.group(1).toUpperCase(Locale.ROOT));
                } else if (tag.toLowerCase(Locale.ROOT).startsWith("attack.")) {
                    String tactic = tag.substring(7).toLowerCase(Locale.ROOT).replace('_', '-');
                    if (TACTICS.contains(tactic)) {
                        tactics.add(tactic);
                    }
                }
            }
        }

        boolean near(Instant t, Duration window) {
            return !t.isBefore(firstSeen.minus(window)) && !t.isAfter(lastSeen.plus(window));
        }

        Incident snapshot() {
            return new Incident(id, title, severity, state, firstSeen, lastSeen, new TreeSet<>(entities),
                    new TreeSet<>(tactics), new TreeSet<>(techniques), alerts, transitions);
        }
    }

    /** Builds an {@link IncidentTracker}. */
    public static final class Builder {
        private final Map<String, List<String>> entities = new LinkedHashMap<>(WINDOWS_ENTITIES);
        private Duration window = Duration.ofHours(1);
        private IncidentStore store = IncidentStore.inMemory();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The fields an entity of {@code type} is read from, tried in order (replacing the default list of
         * that type); in correlation alerts, group-by fields of these names.
         */
        public Builder entity(String type, List<String> fields) {
            entities.put(Objects.requireNonNull(type, "type"), List.copyOf(fields));
            return this;
        }

        /** Forget the default entity fields ({@link #WINDOWS_ENTITIES}); declare them with {@link #entity}. */
        public Builder noDefaultEntities() {
            entities.clear();
            return this;
        }

        /** How far apart in time alerts of one incident may be. Default 1 hour. */
        public Builder window(Duration window) {
            if (window.isNegative()) {
                throw new IllegalArgumentException("the window must not be negative");
            }
            this.window = window;
            return this;
        }

        /** Where changes are kept and replayed from. Default: in memory. */
        public Builder store(IncidentStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock for transitions and for alerts without a time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the tracker, replaying what the store holds. */
        public IncidentTracker build() {
            return new IncidentTracker(this);
        }
    }
}
