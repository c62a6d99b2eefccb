package dev.vigil.examples;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.event.read.ReadStats;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Level;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.respond.AlertSelector;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponderStats;
import dev.vigil.respond.ResponsePolicy;
import dev.vigil.respond.incident.AlertSummary;
import dev.vigil.respond.incident.Entity;
import dev.vigil.respond.incident.EventHistory;
import dev.vigil.respond.incident.Incident;
import dev.vigil.respond.incident.IncidentTracker;
import dev.vigil.respond.incident.Timeline;
import dev.vigil.respond.incident.Transition;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A host application that contains what Vigil detects. It has a user directory and a host inventory of
 * its own ({@link UserDirectory}, {@link HostInventory}) and two response actions on them,
 * {@code isolate-host} and {@code disable-account}. It loads the rules, builds a {@link Detector}, an
 * {@link IncidentTracker} with an {@link EventHistory}, and a {@link Responder} whose policy, written in
 * Java, isolates the host of every high or critical detection and disables the account of a brute force
 * (a correlation tagged {@code attack.t1110*}); both actions contain the incident of their alert. It
 * runs the events through a session whose sink is the responder, closes the responder (waiting for the
 * deliveries under way), and prints every incident: its alerts, what the actions did, the containment
 * and the timeline.
 *
 * <p>Run from the repository root, after {@code ./mvnw -q -DskipTests package}:
 * <pre>{@code
 * java -cp examples/target/classes:cli/target/vigil.jar dev.vigil.examples.ResponseExample
 * }</pre>
 * or with arguments {@code RULES_FOLDER EVENTS_PATH} (defaults: {@code examples/rules},
 * {@code examples/events}).
 */
public final class ResponseExample {

    /** The actions whose success contains an incident. */
    static final List<String> CONTAINING = List.of("isolate-host", "disable-account");

    /** Where an alert's host and user are read: flat events, then {@code evtx_dump}'s nested ones. */
    static final String[] HOST_FIELDS = {"Computer", "Hostname", "Event.System.Computer"};
    static final String[] USER_FIELDS = {"TargetUserName", "User", "Event.EventData.TargetUserName",
        "Event.EventData.User"};

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ResponseExample() {
    }

    public static void main(String[] args) throws IOException {
        Path base = Files.isDirectory(Path.of("examples/rules")) ? Path.of("examples") : Path.of(".");
        Path rules = args.length > 0 ? Path.of(args[0]) : base.resolve("rules");
        Path events = args.length > 1 ? Path.of(args[1]) : base.resolve("events");
        System.out.print(run(rules, events, Clock.systemUTC()).report());
    }

    /**
     * What a run did: the incidents, the directory and inventory as the actions left them, each call of an
     * action, the responder's counters, and the report {@link #main} prints.
     */
    record Result(List<Incident> incidents, UserDirectory users, HostInventory hosts, List<Step> steps,
            ResponderStats stats, String report) {
    }

    /**
     * Runs the rules under {@code rules} over the events of {@code events} (a file or a folder) and responds;
     * {@code clock} is the responder's and the tracker's (it stamps the incidents' transitions).
     */
    static Result run(Path rules, Path events, Clock clock) throws IOException {
        // The host application's own systems, and its record of what its actions did.
        UserDirectory users = new UserDirectory(List.of("anna", "ben", "carl", "dana", "administrator", "backup",
                "svc_backup"));
        HostInventory hosts = new HostInventory(List.of("WS-ANNA", "WS-BEN", "WS-CARL", "WS-DANA", "SRV-FILE01",
                "DC01"));
        List<Step> steps = new ArrayList<>();

        // 1. Rules and detector, as in EmbeddingExample; problems are reported, not thrown.
        LoadResult loaded = SigmaLoader.builder().build().load(List.of(rules));
        loaded.problems().forEach(p -> System.err.println(p));
        Detector detector = Detector.builder().addRules(loaded.rules()).addCorrelations(loaded.correlations()).build();
        detector.problems().forEach(p -> System.err.println(p));

        // 2. Incidents: alerts grouped by the hosts, users, addresses and processes they share; the history
        //    keeps the recent events of each of them, for the timelines.
        IncidentTracker tracker = IncidentTracker.builder().clock(clock).build();
        EventHistory history = EventHistory.builder(tracker).build();

        // 3. The policy: which alerts go to which action. An alert goes to every route that selects it. The
        //    single failed logons carry attack.t1110.001 too: kind("correlation") leaves them to the brute force.
        ResponsePolicy policy = ResponsePolicy.builder()
                .route(AlertSelector.builder().minLevel(Level.HIGH).build(), "isolate-host", Map.of())
                .route(AlertSelector.builder().kind("correlation").tags(List.of("attack.t1110*")).build(),
                        "disable-account", Map.of())
                .build();

        ResponderStats stats;
        ReadStats read;
        try (Responder responder = Responder.builder()
                .action(new IsolateHost(hosts, steps))
                .action(new DisableAccount(users, steps))
                .policy(policy)
                .incidents(tracker, CONTAINING)       // a containing action done → the incident is contained
                .threadsPerAction(1)                  // one call of an action at a time, in the order of the alerts
                .clock(clock)
                .build()) {
            // 4. The events, through a session whose sink is the responder (event time: stored logs).
            try (DetectorSession session = detector.newSession().onAlert(responder).open()) {
                read = EventReader.builder().readAll(List.of(events), event -> {
                    history.record(event);
                    session.accept(event);
                });
                read.problems().forEach(p -> System.err.println(p));
                session.finish();                     // end of input: decide the correlation windows still open
            }
            responder.close();                        // waits for the deliveries under way (the drain)
            stats = responder.stats();
        }

        List<Incident> incidents = tracker.incidents();
        String report = report(incidents, users, hosts, steps, history, stats, read);
        return new Result(incidents, users, hosts, List.copyOf(steps), stats, report);
    }

    // ---- the report ------------------------------------------------------------------------------------

    private static String report(List<Incident> incidents, UserDirectory users, HostInventory hosts, List<Step> steps,
            EventHistory history, ResponderStats stats, ReadStats read) {
        StringBuilder out = new StringBuilder();
        line(out, "%d events, %d alerts, %d incidents; actions: %d done, %d skipped, %d failed"
                + " (%d alerts no route took)", read.events(), stats.accepted(), incidents.size(), stats.delivered(),
                stats.skipped(), stats.failed(), stats.unrouted());
        for (Incident incident : incidents) {
            line(out, "");
            line(out, "%s  %s  %s", incident.id(), label(incident.severity()), incident.state().name());
            line(out, "  first alert: %s", incident.title());
            line(out, "  seen:        %s .. %s", TIME.format(incident.firstSeen()), TIME.format(incident.lastSeen()));
            line(out, "  entities:");
            entities(out, incident.entities());
            line(out, "  alerts:");
            for (AlertSummary a : incident.alerts()) {
                line(out, "    %s  %-8s  %s%s", TIME.format(a.time()), label(a.level()), a.ruleTitle(),
                        a.kind().equals("correlation") ? " (correlation)" : "");
                for (Step s : steps) {
                    if (s.alertId().equals(a.id())) {
                        line(out, "      %s: %s", s.action(), describe(s.outcome()));
                    }
                }
            }
            line(out, "  containment:");
            containment(out, incident, users, hosts);
            Timeline timeline = Timeline.of(incident, history, Duration.ofMinutes(5));
            line(out, "  timeline (5 minutes either side, %d entries):", timeline.entries().size());
            for (Timeline.Entry e : timeline.entries()) {
                if (e.alert() != null) {
                    line(out, "    %s  alert  %-8s  %s", CLOCK_TIME.format(e.time()), label(e.alert().level()),
                            e.alert().ruleTitle());
                } else {
                    line(out, "    %s  event  %s", CLOCK_TIME.format(e.time()), summary(e.event()));
                }
            }
        }
        return out.toString();
    }

    /** The incident's hosts and accounts as the inventory and directory have them now, and its transitions. */
    private static void containment(StringBuilder out, Incident incident, UserDirectory users, HostInventory hosts) {
        Set<String> hostNames = new TreeSet<>();
        Set<String> accounts = new TreeSet<>();
        for (Entity e : incident.entities()) {
            if (e.type().equals("host")) {
                hostNames.add(HostInventory.shortName(e.value()));
            } else if (e.type().equals("user")) {
                accounts.add(UserDirectory.account(e.value()));
            }
        }
        for (String h : hostNames) {
            line(out, "    host    %-14s %s", h, !hosts.knows(h) ? "not in the inventory"
                    : hosts.isolation(h).map(why -> "isolated (" + why + ")").orElse("not isolated"));
        }
        for (String a : accounts) {
            line(out, "    account %-14s %s", a, !users.knows(a) ? "not in the directory"
                    : users.disabling(a).map(why -> "disabled (" + why + ")").orElse("not disabled"));
        }
        if (incident.transitions().isEmpty()) {
            line(out, "    %s: no containing action done", incident.state().name());
        }
        for (Transition t : incident.transitions()) {
            line(out, "    %s -> %s at %s by %s: %s", t.from().name(), t.to().name(), TIME.format(t.time()), t.actor(),
                    t.note());
        }
    }

    /** One line about an event: where it was read, its host, and its most telling fields. */
    private static String summary(Event event) {
        String file = event.source().file() == null ? "-" : Path.of(event.source().file()).getFileName().toString();
        String host = field(event, HOST_FIELDS);
        String what = data(event, "CommandLine");
        if (what == null && data(event, "DestinationIp") != null) {
            what = data(event, "Image") + " -> " + data(event, "DestinationIp") + ":" + data(event, "DestinationPort");
        }
        if (what == null) {
            what = data(event, "TargetFilename");
        }
        if (what == null) {
            String user = field(event, "TargetUserName", "SubjectUserName", "Event.EventData.TargetUserName",
                    "Event.EventData.SubjectUserName");
            String from = data(event, "IpAddress");
            what = (user == null ? "" : "user " + user) + (from == null || from.equals("-") ? "" : " from " + from);
        }
        String id = field(event, "EventID", "Event.System.EventID");
        String line = String.format(Locale.ROOT, "%s:%d  %s  EventID %s  %s", file, event.source().line(),
                host == null ? "-" : HostInventory.shortName(host), id, what);
        return line.length() > 110 ? line.substring(0, 107) + "..." : line;
    }

    /** A field of the event data, flat (Sysmon or Security JSON) or nested ({@code evtx_dump} output). */
    private static String data(Event event, String name) {
        return field(event, name, "Event.EventData." + name);
    }

    private static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.Skipped s) {
            return "skipped: " + s.reason();
        }
        if (outcome instanceof Outcome.Failed f) {
            return "failed: " + f.reason();
        }
        return "done";
    }

    private static String label(Level level) {
        return level == null ? "-" : level.label();
    }

    /** One line per entity type: {@code host  SRV-FILE01.corp.example, WS-ANNA.corp.example}. */
    private static void entities(StringBuilder out, Collection<Entity> entities) {
        Map<String, List<String>> byType = new java.util.TreeMap<>();
        entities.forEach(e -> byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e.value()));
        byType.forEach((type, values) -> line(out, "    %-8s %s", type, String.join(", ", values)));
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** The first non-blank single value of the first of {@code names} that has one; null when none has. */
    static String field(Event event, String... names) {
        for (String name : names) {
            String[] found = new String[1];
            event.values(FieldPath.of(name), v -> {
                if (found[0] == null && v != null && !(v instanceof Map) && !(v instanceof List)
                        && !v.toString().isBlank()) {
                    found[0] = v.toString().trim();
                }
            });
            if (found[0] != null) {
                return found[0];
            }
        }
        return null;
    }

    /** The value of the first of {@code fields} the alert names: in its event, or in a correlation's group. */
    static String named(Alert alert, String... fields) {
        if (alert instanceof Detection d) {
            return field(d.event(), fields);
        }
        Map<String, String> group = ((CorrelationAlert) alert).group();
        for (String f : fields) {
            String v = group.get(f);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** Why an action acts, as the directory or inventory keeps it: the rule, and the incident. */
    private static String reason(Alert alert, ResponseContext context) {
        return alert.metadata().title() + context.incidentId().map(id -> ", incident " + id).orElse("");
    }

    /** "IpAddress=10.20.1.15", for a correlation alert: what it does name. */
    private static String what(Alert alert) {
        return alert instanceof CorrelationAlert c ? " (its group: " + groupText(c.group()) + ")" : "";
    }

    private static String groupText(Map<String, String> group) {
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(group).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    // ---- the host application's systems and its actions on them -------------------------------------------

    /** One call of an action, as the host application records it. */
    record Step(String alertId, String incidentId, String action, String target, Outcome outcome) {
    }

    /** The host application's accounts; disabling one is what the {@code disable-account} action does. */
    static final class UserDirectory {
        private final Set<String> accounts;
        private final Map<String, String> disabled = new LinkedHashMap<>();
        private final Set<String> keysSeen = new HashSet<>();

        UserDirectory(Collection<String> accounts) {
            this.accounts = new TreeSet<>(accounts);
        }

        /** The account of a user name as logs write it: {@code CORP\anna} and {@code anna} are {@code anna}. */
        static String account(String user) {
            return user.substring(user.lastIndexOf('\\') + 1).toLowerCase(Locale.ROOT);
        }

        synchronized boolean knows(String account) {
            return accounts.contains(account);
        }

        /**
         * Disables {@code account} for {@code reason}; returns whether this request disabled it. A request
         * with an idempotency key seen before is ignored, so a retried call does not act twice.
         */
        synchronized boolean disable(String account, String reason, String idempotencyKey) {
            if (!keysSeen.add(idempotencyKey) || disabled.containsKey(account)) {
                return false;
            }
            disabled.put(account, reason);
            return true;
        }

        /** Why {@code account} was disabled; empty when it is not. */
        synchronized Optional<String> disabling(String account) {
            return Optional.ofNullable(disabled.get(account));
        }

        /** The disabled accounts and why, in the order they were disabled. */
        synchronized Map<String, String> disabled() {
            return new LinkedHashMap<>(disabled);
        }
    }

    /** The host application's machines; isolating one is what the {@code isolate-host} action does. */
    static final class HostInventory {
        private final Set<String> hosts;
        private final Map<String, String> isolated = new LinkedHashMap<>();
        private final Set<String> keysSeen = new HashSet<>();

        HostInventory(Collection<String> hosts) {
            this.hosts = new TreeSet<>(hosts);
        }

        /** The inventory's name of a host as logs write it: {@code WS-ANNA.corp.example} is {@code WS-ANNA}. */
        static String shortName(String host) {
            int dot = host.indexOf('.');
            return (dot > 0 ? host.substring(0, dot) : host).toUpperCase(Locale.ROOT);
        }

        synchronized boolean knows(String host) {
            return hosts.contains(host);
        }

        /**
         * Isolates {@code host} from the network for {@code reason}; returns whether this request isolated
         * it. A request with an idempotency key seen before is ignored.
         */
        synchronized boolean isolate(String host, String reason, String idempotencyKey) {
            if (!keysSeen.add(idempotencyKey) || isolated.containsKey(host)) {
                return false;
            }
            isolated.put(host, reason);
            return true;
        }

        /** Why {@code host} was isolated; empty when it is not. */
        synchronized Optional<String> isolation(String host) {
            return Optional.ofNullable(isolated.get(host));
        }

        /** The isolated hosts and why, in the order they were isolated. */
        synchronized Map<String, String> isolated() {
            return new LinkedHashMap<>(isolated);
        }
    }

    /**
     * {@code isolate-host}: isolates the host the alert names (its event's {@code Computer} or
     * {@code Hostname}, or a correlation's group-by field of that name; {@link #HOST_FIELDS}). Skips an
     * alert that names no host, a host not in the inventory, and one already isolated.
     */
    static final class IsolateHost implements ResponseAction {
        private final HostInventory hosts;
        private final List<Step> steps;

        IsolateHost(HostInventory hosts, List<Step> steps) {
            this.hosts = hosts;
            this.steps = steps;
        }

        @Override
        public String name() {
            return "isolate-host";
        }

        @Override
        public Outcome execute(Alert alert, ResponseContext context) {
            String named = named(alert, HOST_FIELDS);
            String host = named == null ? null : HostInventory.shortName(named);
            Outcome outcome;
            if (host == null) {
                outcome = Outcome.skipped("the alert names no host" + what(alert));
            } else if (!hosts.knows(host)) {
                outcome = Outcome.skipped("host " + host + " is not in the inventory");
            } else if (hosts.isolate(host, reason(alert, context), context.idempotencyKey())) {
                outcome = Outcome.done();
            } else {
                outcome = Outcome.skipped("host " + host + " is already isolated");
            }
            synchronized (steps) {
                steps.add(new Step(alert.id(), context.incidentId().orElse(null), name(), host, outcome));
            }
            return outcome;
        }
    }

    /**
     * {@code disable-account}: disables the account the alert names (its event's {@code TargetUserName} or
     * {@code User}, or a correlation's group-by field of that name; {@link #USER_FIELDS}). Skips an alert
     * that names no user, an account not in the directory, and one already disabled.
     */
    static final class DisableAccount implements ResponseAction {
        private final UserDirectory users;
        private final List<Step> steps;

        DisableAccount(UserDirectory users, List<Step> steps) {
            this.users = users;
            this.steps = steps;
        }

        @Override
        public String name() {
            return "disable-account";
        }

        @Override
        public Outcome execute(Alert alert, ResponseContext context) {
            String named = named(alert, USER_FIELDS);
            String account = named == null ? null : UserDirectory.account(named);
            Outcome outcome;
            if (account == null) {
                outcome = Outcome.skipped("the alert names no user" + what(alert));
            } else if (!users.knows(account)) {
                outcome = Outcome.skipped("account " + account + " is not in the directory");
            } else if (users.disable(account, reason(alert, context), context.idempotencyKey())) {
                outcome = Outcome.done();
            } else {
                outcome = Outcome.skipped("account " + account + " is already disabled");
            }
            synchronized (steps) {
                steps.add(new Step(alert.id(), context.incidentId().orElse(null), name(), account, outcome));
            }
            return outcome;
        }
    }
}
