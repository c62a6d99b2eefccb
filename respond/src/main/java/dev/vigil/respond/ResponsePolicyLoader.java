package dev.vigil.respond;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.LogSource;
import dev.vigil.respond.PolicyYaml.Key;
import dev.vigil.respond.PolicyYaml.ListNode;
import dev.vigil.respond.PolicyYaml.MapNode;
import dev.vigil.respond.PolicyYaml.Node;
import dev.vigil.respond.PolicyYaml.Scalar;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link ResponsePolicy} and its {@link ResponderSettings} from YAML. Never throws for bad content:
 * every fault (YAML that does not parse, an unknown key, a value of the wrong type, an unknown level or
 * kind, an empty action name, a parameter that is not a single value, an environment variable that is not
 * set) becomes an error {@link Problem} with file, line, column and field, and the result has a policy only
 * when there is none.
 *
 * <pre>{@code
 * routes:
 *   - name: page on high            # optional, for messages
 *     when:                         # optional; absent = every alert
 *       kind: correlation           # detection | correlation
 *       level: high                 # lowest level: informational, low, medium, high, critical
 *       tags: [attack.t1110*, attack.credential-access]
 *       rules: [<rule id>, ...]
 *       titles: ['*Brute*']
 *       logsource: {product: windows, category: process_creation}
 *       group: {TargetUserName: '*admin*'}
 *     action: webhook
 *     with: {url: 'https://soc.example/hooks/vigil', secret: '${VIGIL_HOOK_SECRET}'}
 * settings:                         # optional: the responder's settings
 *   queue_capacity: 10000
 *   timeout: 10s
 *   retry: {max_attempts: 5, initial_backoff: 1s, max_backoff: 1m, jitter: 0.2}
 *   circuit_breaker: {failures: 5, open_for: 30s}
 *   deduplicate: 10m
 *   rate_limits: {webhook: 60}
 * }</pre>
 *
 * <p>{@code ${NAME}} in a {@code with} value is replaced by the environment variable {@code NAME} (and
 * <code>$${</code> stands for a literal <code>${</code>); a variable that is not set is an error naming it, never
 * showing any value. Whether the actions named exist is checked when the {@link Responder} is built. The
 * whole format is described in {@code docs/RESPONSE.md}.
 */
public final class ResponsePolicyLoader {

    /** The largest policy file read, in bytes (and characters). */
    public static final int MAX_POLICY_BYTES = 1 << 20;

    private static final Set<String> TOP = Set.of("routes", "settings");
    private static final Set<String> ROUTE = Set.of("name", "when", "action", "with");
    private static final Set<String> WHEN = Set.of("kind", "level", "tags", "rules", "titles", "logsource", "group");
    private static final Set<String> LOGSOURCE = Set.of("product", "category", "service");
    private static final Set<String> SETTINGS = Set.of("queue_capacity", "timeout", "retry", "circuit_breaker",
            "deduplicate", "rate_limits", "threads_per_action", "drain_timeout");
    private static final Set<String> RETRY = Set.of("max_attempts", "initial_backoff", "max_backoff", "jitter");
    private static final Set<String> BREAKER = Set.of("failures", "open_for");
    /** The responder's circuit breaker defaults, for a block that sets only one of the two. */
    private static final int DEFAULT_BREAKER_FAILURES = 5;
    private static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    private ResponsePolicyLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A loader that takes {@code ${NAME}} from the process's environment. */
    public static ResponsePolicyLoader create() {
        return new ResponsePolicyLoader(System.getenv());
    }

    /** A loader that takes {@code ${NAME}} from {@code environment} instead of the process's (for tests, or a secret store). */
    public static ResponsePolicyLoader withEnvironment(Map<String, String> environment) {
        return new ResponsePolicyLoader(Map.copyOf(Objects.requireNonNull(environment, "environment")));
    }

    /** Loads the policy in {@code file}; problems name the file as given. */
    public PolicyLoadResult load(Path file) {
        String origin = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return failed(origin, "a folder, not a policy file");
            }
            if (Files.size(file) > MAX_POLICY_BYTES) {
                return failed(origin, "a policy file larger than " + MAX_POLICY_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return failed(origin, "no such file");
        } catch (AccessDeniedException e) {
            return failed(origin, "permission denied");
        } catch (IOException e) {
            return failed(origin, "cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(origin, "not UTF-8 text");
        }
        return load(text, origin);
    }

    /** Loads the policy written in {@code text}; problems name {@code origin} as the file. */
    public PolicyLoadResult load(String text, String origin) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        if (text.length() > MAX_POLICY_BYTES) {
            return failed(origin, "a policy larger than " + MAX_POLICY_BYTES + " characters");
        }
        try {
            return new Parse(origin, environment).run(text);
        } catch (RuntimeException e) {
            // a bug of ours must not make a bad policy throw: it is an error of this policy
            return failed(origin, "cannot read the policy: " + e);
        }
    }

    private static PolicyLoadResult failed(String origin, String message) {
        return new PolicyLoadResult(null, null, List.of(Problem.error(SourcePosition.of(origin, 0), message)));
    }

    /** One load: the problems found so far. */
    private static final class Parse {
        private final String origin;
        private final Map<String, String> environment;
        private final List<Problem> problems = new ArrayList<>();

        Parse(String origin, Map<String, String> environment) {
            this.origin = origin;
            this.environment = environment;
        }

        PolicyLoadResult run(String text) {
            List<Node> docs;
            try {
                docs = PolicyYaml.read(text, MAX_POLICY_BYTES);
            } catch (PolicyYaml.YamlFault e) {
                problems.add(Problem.error(SourcePosition.of(origin, e.line, e.column), e.getMessage()));
                return result(null, null);
            }
            if (docs.isEmpty()) {
                problems.add(Problem.error(SourcePosition.of(origin, 0), "the policy is empty: it needs 'routes'"));
                return result(null, null);
            }
            for (Node extra : docs.subList(1, docs.size())) {
                error(extra, null, "a policy is one YAML document; another starts here");
            }
            MapNode top = map(docs.get(0), null, "a policy");
            if (top == null) {
                return result(null, null);
            }
            keys(top, null, TOP, "");
            ResponsePolicy policy = routes(top);
            ResponderSettings settings = top.values().containsKey("settings")
                    ? settings(top.values().get("settings")) : ResponderSettings.NONE;
            return result(policy, settings);
        }

        private PolicyLoadResult result(ResponsePolicy policy, ResponderSettings settings) {
            problems.sort(Comparator.comparingInt((Problem p) -> p.where().line())
                    .thenComparingInt(p -> p.where().column()));
            if (problems.stream().anyMatch(Problem::isError) || policy == null || settings == null) {
                if (problems.stream().noneMatch(Problem::isError)) {
                    problems.add(Problem.error(SourcePosition.of(origin, 0), "the policy could not be read"));
                }
                return new PolicyLoadResult(null, null, problems);
            }
            return new PolicyLoadResult(policy, settings, problems);
        }

        // ---- routes

        private ResponsePolicy routes(MapNode top) {
            Node node = top.values().get("routes");
            if (node == null) {
                error(top, "routes", "a policy needs 'routes', a list of routes");
                return null;
            }
            if (!(node instanceof ListNode list)) {
                error(node, "routes", "'routes' is a list of routes, not " + PolicyYaml.kind(node));
                return null;
            }
            if (list.items().isEmpty()) {
                error(node, "routes", "'routes' is empty: no alert would be acted on");
                return null;
            }
            ResponsePolicy.Builder policy = ResponsePolicy.builder();
            for (int i = 0; i < list.items().size(); i++) {
                ResponsePolicy.Route route = route(list.items().get(i), "routes[" + i + "]");
                if (route != null) {
                    policy.route(route);
                }
            }
            return policy.build();
        }

        private ResponsePolicy.Route route(Node node, String field) {
            MapNode m = map(node, field, "a route");
            if (m == null) {
                return null;
            }
            int before = errors();
            String prefix = "";
            Node nameNode = m.values().get("name");
            if (nameNode != null) {
                String name = text(nameNode, field + ".name", "");
                if (name != null) {
                    prefix = "route '" + name + "': ";
                }
            }
            keys(m, field, ROUTE, prefix);
            AlertSelector selector = m.values().containsKey("when")
                    ? selector(m.values().get("when"), field + ".when", prefix) : AlertSelector.ALL;
            String action = null;
            Node actionNode = m.values().get("action");
            if (actionNode == null) {
                error(m, field + ".action", prefix + "a route needs an 'action', the name of the action to call");
            } else {
                action = text(actionNode, field + ".action", prefix);
                if (action != null && action.isBlank()) {
                    error(actionNode, field + ".action", prefix + "the action name is empty");
                    action = null;
                }
            }
            Map<String, String> parameters = parameters(m.values().get("with"), field + ".with", prefix);
            if (errors() > before || selector == null || action == null || parameters == null) {
                return null;
            }
            return new ResponsePolicy.Route(selector, action.strip(), parameters);
        }

        private AlertSelector selector(Node node, String field, String prefix) {
            if (node instanceof Scalar s && s.value() == null) {
                return AlertSelector.ALL; // 'when:' with nothing under it: every alert, as if left out
            }
            MapNode m = map(node, field, "'when'", prefix);
            if (m == null) {
                return null;
            }
            keys(m, field, WHEN, prefix);
            int before = errors();
            AlertSelector.Builder b = AlertSelector.builder();
            Map<String, Node> v = m.values();
            if (v.containsKey("kind")) {
                String kind = text(v.get("kind"), field + ".kind", prefix);
                if (kind != null) {
                    String k = kind.strip().toLowerCase(Locale.ROOT);
                    if (k.equals("detection") || k.equals("correlation")) {
                        b.kind(k);
                    } else {
                        error(v.get("kind"), field + ".kind", prefix + "unknown kind '" + kind
                                + "': detection or correlation");
                    }
                }
            }
            if (v.containsKey("level")) {
                String text = text(v.get("level"), field + ".level", prefix);
                if (text != null) {
                    Level level = Level.parse(text);
                    if (level == null) {
                        error(v.get("level"), field + ".level", prefix + "unknown level '" + text
                                + "': informational, low, medium, high or critical");
                    } else {
                        b.minLevel(level);
                    }
                }
            }
            if (v.containsKey("tags")) {
                List<String> tags = texts(v.get("tags"), field + ".tags", prefix);
                if (tags != null) {
                    b.tags(tags);
                }
            }
            if (v.containsKey("rules")) {
                List<String> ids = texts(v.get("rules"), field + ".rules", prefix);
                if (ids != null) {
                    b.ruleIds(ids.stream().map(String::strip).toList());
                }
            }
            if (v.containsKey("titles")) {
                List<String> titles = texts(v.get("titles"), field + ".titles", prefix);
                if (titles != null) {
                    b.titles(titles);
                }
            }
            if (v.containsKey("logsource")) {
                LogSource ls = logSource(v.get("logsource"), field + ".logsource", prefix);
                if (ls != null) {
                    b.logSource(ls);
                }
            }
            if (v.containsKey("group")) {
                MapNode g = map(v.get("group"), field + ".group", "'group'", prefix);
                if (g != null) {
                    duplicates(g, field + ".group", prefix);
                    if (g.values().isEmpty()) {
                        error(g, field + ".group", prefix + "'group' is empty; leave it out to take every alert");
                    }
                    for (Map.Entry<String, Node> e : g.values().entrySet()) {
                        String glob = text(e.getValue(), field + ".group." + e.getKey(), prefix);
                        if (glob != null) {
                            b.group(e.getKey(), glob);
                        }
                    }
                }
            }
            return errors() > before ? null : b.build();
        }

        private LogSource logSource(Node node, String field, String prefix) {
            MapNode m = map(node, field, "'logsource'", prefix);
            if (m == null) {
                return null;
            }
            keys(m, field, LOGSOURCE, prefix);
            Map<String, String> parts = new LinkedHashMap<>();
            for (String k : List.of("product", "category", "service")) {
                Node n = m.values().get(k);
                if (n != null) {
                    String t = text(n, field + "." + k, prefix);
                    if (t != null) {
                        parts.put(k, t.strip());
                    }
                }
            }
            if (m.values().isEmpty()) {
                error(m, field, prefix + "'logsource' names none of product, category, service");
                return null;
            }
            return new LogSource(parts.get("product"), parts.get("category"), parts.get("service"));
        }

        private Map<String, String> parameters(Node node, String field, String prefix) {
            if (node == null || node instanceof Scalar s && s.value() == null) {
                return Map.of();
            }
            MapNode m = map(node, field, "'with'", prefix);
            if (m == null) {
                return null;
            }
            duplicates(m, field, prefix);
            Map<String, String> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, Node> e : m.values().entrySet()) {
                String f = field + "." + e.getKey();
                Node value = e.getValue();
                if (!(value instanceof Scalar s) || s.value() == null) {
                    error(value, f, prefix + "the parameter '" + e.getKey() + "' must be a single value (a text, "
                            + "number or boolean), not " + PolicyYaml.kind(value));
                    ok = false;
                    continue;
                }
                String substituted = substitute(s.text(), value, f, prefix);
                if (substituted == null) {
                    ok = false;
                } else {
                    out.put(e.getKey(), substituted);
                }
            }
            return ok ? out : null;
        }

        /** {@code value} with each {@code ${NAME}} replaced and {@code $${} made {@code ${}; null after an error. */
        private String substitute(String value, Node at, String field, String prefix) {
            StringBuilder out = new StringBuilder(value.length());
            int i = 0;
            boolean ok = true;
            while (i < value.length()) {
                char c = value.charAt(i);
                if (c == '$' && value.startsWith("$${", i)) {
                    out.append("${");
                    i += 3;
                } else if (c == '$' && value.startsWith("${", i)) {
                    int end = value.indexOf('}', i + 2);
                    String name = end < 0 ? null : value.substring(i + 2, end);
                    if (name == null || !VARIABLE.matcher(name).matches()) {
                        error(at, field, prefix + "'${' must be followed by an environment variable's name and '}' "
                                + "(write '$${' for a literal '${')");
                        return null;
                    }
                    String env = environment.get(name);
                    if (env == null) {
                        error(at, field, prefix + "the environment variable " + name + " is not set");
                        ok = false;
                    } else {
                        if (env.isEmpty()) {
                            warning(at, field, prefix + "the environment variable " + name + " is empty");
                        }
                        out.append(env);
                    }
                    i = end + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return ok ? out.toString() : null;
        }

        // ---- settings

        private ResponderSettings settings(Node node) {
            String field = "settings";
            if (node instanceof Scalar s && s.value() == null) {
                return ResponderSettings.NONE;
            }
            MapNode m = map(node, field, "'settings'", "");
            if (m == null) {
                return null;
            }
            keys(m, field, SETTINGS, "");
            int before = errors();
            ResponderSettings.Builder b = new ResponderSettings.Builder();
            Map<String, Node> v = m.values();
            if (v.containsKey("queue_capacity")) {
                b.queueCapacity = whole(v.get("queue_capacity"), field + ".queue_capacity", 1);
            }
            if (v.containsKey("timeout")) {
                b.timeout = duration(v.get("timeout"), field + ".timeout", true);
            }
            if (v.containsKey("retry")) {
                b.retry = retry(v.get("retry"), field + ".retry");
            }
            if (v.containsKey("circuit_breaker")) {
                MapNode cb = map(v.get("circuit_breaker"), field + ".circuit_breaker", "'circuit_breaker'", "");
                if (cb != null) {
                    keys(cb, field + ".circuit_breaker", BREAKER, "");
                    Integer failures = cb.values().containsKey("failures")
                            ? whole(cb.values().get("failures"), field + ".circuit_breaker.failures", 1)
                            : Integer.valueOf(DEFAULT_BREAKER_FAILURES);
                    Duration openFor = cb.values().containsKey("open_for")
                            ? duration(cb.values().get("open_for"), field + ".circuit_breaker.open_for", true)
                            : DEFAULT_BREAKER_OPEN_FOR;
                    if (failures != null && openFor != null) {
                        b.breakerFailures = failures;
                        b.breakerOpenFor = openFor;
                    }
                }
            }
            if (v.containsKey("deduplicate")) {
                b.deduplicate = duration(v.get("deduplicate"), field + ".deduplicate", false);
            }
            if (v.containsKey("rate_limits")) {
                MapNode rl = map(v.get("rate_limits"), field + ".rate_limits", "'rate_limits'", "");
                if (rl != null) {
                    duplicates(rl, field + ".rate_limits", "");
                    for (Map.Entry<String, Node> e : rl.values().entrySet()) {
                        Integer perMinute = whole(e.getValue(), field + ".rate_limits." + e.getKey(), 1);
                        if (perMinute != null) {
                            b.rateLimits.put(e.getKey(), perMinute);
                        }
                    }
                }
            }
            if (v.containsKey("threads_per_action")) {
                b.threadsPerAction = whole(v.get("threads_per_action"), field + ".threads_per_action", 1);
            }
            if (v.containsKey("drain_timeout")) {
                b.drainTimeout = duration(v.get("drain_timeout"), field + ".drain_timeout", false);
            }
            return errors() > before ? null : b.build();
        }

        private RetryPolicy retry(Node node, String field) {
            MapNode m = map(node, field, "'retry'", "");
            if (m == null) {
                return null;
            }
            keys(m, field, RETRY, "");
            int before = errors();
            RetryPolicy d = RetryPolicy.defaults();
            Map<String, Node> v = m.values();
            Integer attempts = v.containsKey("max_attempts") ? whole(v.get("max_attempts"), field + ".max_attempts", 1)
                    : Integer.valueOf(d.maxAttempts());
            Duration initial = v.containsKey("initial_backoff")
                    ? duration(v.get("initial_backoff"), field + ".initial_backoff", false) : d.initialBackoff();
            Duration max = v.containsKey("max_backoff")
                    ? duration(v.get("max_backoff"), field + ".max_backoff", false) : d.maxBackoff();
            Double jitter = d.jitter();
            if (v.containsKey("jitter")) {
                jitter = fraction(v.get("jitter"), field + ".jitter");
            }
            if (errors() > before || attempts == null || initial == null || max == null || jitter == null) {
                return null;
            }
            if (max.compareTo(initial) < 0) {
                Node at = v.containsKey("max_backoff") ? v.get("max_backoff") : v.get("initial_backoff");
                error(at, field + (v.containsKey("max_backoff") ? ".max_backoff" : ".initial_backoff"),
                        "max_backoff (" + human(max) + ") is shorter than initial_backoff (" + human(initial) + ")");
                return null;
            }
            return new RetryPolicy(attempts, initial, max, jitter);
        }

        /** A whole number of at least {@code min} that fits an int; null after an error. */
        private Integer whole(Node node, String field, int min) {
            if (node instanceof Scalar s && (s.value() instanceof Integer || s.value() instanceof Long
                    || s.value() instanceof BigInteger)) {
                BigInteger n = new BigInteger(s.value().toString());
                if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                    error(node, field, "expected a whole number from " + min + " to " + Integer.MAX_VALUE + ", not "
                            + s.text());
                    return null;
                }
                return n.intValue();
            }
            error(node, field, "expected a whole number, not " + describe(node));
            return null;
        }

        /** A number from 0 to 1; null after an error. */
        private Double fraction(Node node, String field) {
            if (node instanceof Scalar s && s.value() instanceof Number n && !(s.value() instanceof Boolean)) {
                double d = n.doubleValue();
                if (d >= 0 && d <= 1) { // not NaN
                    return d;
                }
                error(node, field, "expected a number from 0 to 1, not " + s.text());
                return null;
            }
            error(node, field, "expected a number from 0 to 1, not " + describe(node));
            return null;
        }

        /** A duration such as 500ms, 30s, 5m, 1h, 2d, or 0; positive if {@code positive}; null after an error. */
        private Duration duration(Node node, String field, boolean positive) {
            if (!(node instanceof Scalar s) || s.value() == null || s.value() instanceof Boolean) {
                error(node, field, "expected a duration such as 500ms, 30s, 5m, 1h or 2d, not " + describe(node));
                return null;
            }
            String t = s.text().strip().toLowerCase(Locale.ROOT);
            Duration d = null;
            if (t.equals("0")) {
                d = Duration.ZERO;
            } else {
                Matcher m = DURATION.matcher(t);
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    d = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
            }
            if (d == null) {
                error(node, field, "'" + s.text() + "' is not a duration such as 500ms, 30s, 5m, 1h or 2d");
                return null;
            }
            if (positive && d.isZero()) {
                error(node, field, "must be longer than 0");
                return null;
            }
            return d;
        }

        private static String human(Duration d) {
            return d.toString().substring(2).toLowerCase(Locale.ROOT);
        }

        // ---- shapes

        /** {@code node} as a map, or null after an error saying what it should be. */
        private MapNode map(Node node, String field, String what) {
            return map(node, field, what, "");
        }

        private MapNode map(Node node, String field, String what, String prefix) {
            if (node instanceof MapNode m) {
                return m;
            }
            error(node, field, prefix + what + " is a map of keys and values, not " + PolicyYaml.kind(node));
            return null;
        }

        /** Reports keys of {@code m} outside {@code allowed}, and keys written twice. */
        private void keys(MapNode m, String field, Set<String> allowed, String prefix) {
            for (Key k : m.keys().values()) {
                if (!allowed.contains(k.name())) {
                    error(k, path(field, k.name()), prefix + "unknown key '" + k.name() + "' (known here: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
            duplicates(m, field, prefix);
        }

        private void duplicates(MapNode m, String field, String prefix) {
            for (Key k : m.duplicates()) {
                Key first = m.keys().get(k.name());
                error(k, path(field, k.name()), prefix + "the key '" + k.name() + "' is written twice (first at line "
                        + first.line() + ")");
            }
        }

        /** A single value as text (a string or a number as written); null after an error. */
        private String text(Node node, String field, String prefix) {
            if (node instanceof Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
                return s.text();
            }
            error(node, field, prefix + "expected a text, not " + describe(node));
            return null;
        }

        /** One text or a non-empty list of texts; null after an error. */
        private List<String> texts(Node node, String field, String prefix) {
            if (node instanceof Scalar) {
                String t = text(node, field, prefix);
                return t == null ? null : List.of(t);
            }
            if (!(node instanceof ListNode list)) {
                error(node, field, prefix + "expected a text or a list of texts, not " + PolicyYaml.kind(node));
                return null;
            }
            if (list.items().isEmpty()) {
                String key = field.substring(field.lastIndexOf('.') + 1);
                error(node, field, prefix + "'" + key + "' is empty; leave it out to take every alert");
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.items().size(); i++) {
                String t = text(list.items().get(i), field + "[" + i + "]", prefix);
                if (t == null) {
                    return null;
                }
                out.add(t);
            }
            return out;
        }

        private static String describe(Node node) {
            if (node instanceof Scalar s && s.value() != null) {
                return PolicyYaml.kind(node) + " (" + s.text() + ")";
            }
            return PolicyYaml.kind(node);
        }

        private static String path(String field, String key) {
            return field == null ? key : field + "." + key;
        }

        private int errors() {
            int n = 0;
            for (Problem p : problems) {
                if (p.isError()) {
                    n++;
                }
            }
            return n;
        }

        private void error(Node at, String field, String message) {
            problems.add(Problem.error(new SourcePosition(origin, at.line(), at.column(), field), message));
        }

        private void error(Key at, String field, String message) {
            problems.add(Problem.error(new SourcePosition(origin, at.line(), at.column(), field), message));
        }

        private void warning(Node at, String field, String message) {
            problems.add(Problem.warning(new SourcePosition(origin, at.line(), at.column(), field), message));
        }
    }
}
