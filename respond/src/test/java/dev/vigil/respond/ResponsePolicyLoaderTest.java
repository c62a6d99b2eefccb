package dev.vigil.respond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ResponsePolicyLoader}: a valid policy routes as written; every fault is an error at its line, column and field. */
class ResponsePolicyLoaderTest {

    private static final Map<String, String> ENV = Map.of("VIGIL_HOOK_SECRET", "s3cr3t-value", "EMPTY", "");

    @TempDir
    Path dir;

    private static PolicyLoadResult load(String yaml) {
        return ResponsePolicyLoader.withEnvironment(ENV).load(yaml, "policy.yml");
    }

    private static Detection detection(String id, String title, Level level, List<String> tags, LogSource ls) {
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().id(id).title(title).level(level).tags(tags).build())
                .logSource(ls).condition(Condition.TRUE).build();
        return new Detection(rule, Event.of(Map.of("n", 1), SourcePosition.of("e.jsonl", 1), EventTime.defaults()));
    }

    private static CorrelationAlert correlation(String id, String title, Level level, List<String> tags,
            Map<String, String> group) {
        CorrelationRule rule = CorrelationRule.builder()
                .metadata(RuleMetadata.builder().id(id).title(title).level(level).tags(tags).build())
                .type(CorrelationType.EVENT_COUNT).rules(List.of("x")).timespan(Duration.ofMinutes(5))
                .condition(CorrelationCondition.atLeast(2)).groupBy(List.copyOf(group.keySet())).build();
        Instant t = Instant.parse("2026-03-02T09:00:00Z");
        return new CorrelationAlert(rule, group, new TimeWindow(t, t), 2L, List.of(), 2);
    }

    static final String EXAMPLE = """
            routes:
              - name: page on high            # optional, for messages
                when:                         # optional; absent = every alert
                  kind: correlation           # detection | correlation
                  level: high                 # lowest level
                  tags: [attack.t1110*, attack.credential-access]
                  titles: ['*Brute*']
                  group: {TargetUserName: '*admin*'}
                action: webhook
                with: {url: 'https://soc.example/hooks/vigil', secret: '${VIGIL_HOOK_SECRET}', port: 8443, tls: true}
              - name: isolate on certutil
                when:
                  rules: [44361e7c-c786-4de6-a4fc-dbfecdcbb2bb]
                  logsource: {product: windows, category: process_creation}
                action: isolate
              - action: log
            settings:
              queue_capacity: 500
              timeout: 2s
              retry: {max_attempts: 3, initial_backoff: 100ms, max_backoff: 1m, jitter: 0.1}
              circuit_breaker: {failures: 4, open_for: 5m}
              deduplicate: 1h
              rate_limits: {webhook: 60}
              threads_per_action: 3
              drain_timeout: 10s
            """;

    @Test
    void validPolicy_routesAndParametersAsWritten() {
        PolicyLoadResult r = load(EXAMPLE);
        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        List<ResponsePolicy.Route> routes = r.policy().routes();
        assertThat(routes).extracting(ResponsePolicy.Route::action).containsExactly("webhook", "isolate", "log");
        assertThat(routes.get(0).parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "url", "https://soc.example/hooks/vigil", "secret", "s3cr3t-value", "port", "8443", "tls", "true"));
        assertThat(routes.get(1).parameters()).isEmpty();
        assertThat(routes.get(2).selector().toString()).isEqualTo("every alert");
    }

    @Test
    void validPolicy_selectorsTakeWhatTheySay() {
        List<ResponsePolicy.Route> routes = load(EXAMPLE).policy().routes();
        AlertSelector page = routes.get(0).selector();
        AlertSelector isolate = routes.get(1).selector();

        CorrelationAlert bruteAdmin = correlation("c1", "Brute force on an account", Level.HIGH,
                List.of("attack.t1110.001"), Map.of("TargetUserName", "Administrator"));
        assertThat(page.matches(bruteAdmin)).isTrue();
        assertThat(page.matches(correlation("c1", "Brute force on an account", Level.MEDIUM,
                List.of("attack.t1110.001"), Map.of("TargetUserName", "Administrator")))).as("below high").isFalse();
        assertThat(page.matches(correlation("c1", "Brute force on an account", Level.CRITICAL,
                List.of("attack.t1110.001"), Map.of("TargetUserName", "bob")))).as("group").isFalse();
        assertThat(page.matches(correlation("c1", "Password spraying", Level.CRITICAL,
                List.of("attack.credential-access"), Map.of("TargetUserName", "admin")))).as("title").isFalse();
        assertThat(page.matches(correlation("c1", "BRUTE force", Level.CRITICAL,
                List.of("attack.t1059"), Map.of("TargetUserName", "admin")))).as("tags").isFalse();
        assertThat(page.matches(detection("d1", "Brute force", Level.CRITICAL, List.of("attack.t1110"),
                LogSource.ANY))).as("kind").isFalse();

        LogSource proc = new LogSource("windows", "process_creation", null);
        assertThat(isolate.matches(detection("44361e7c-c786-4de6-a4fc-dbfecdcbb2bb", "Certutil", Level.HIGH,
                List.of(), proc))).isTrue();
        assertThat(isolate.matches(detection("44361e7c-c786-4de6-a4fc-dbfecdcbb2bb", "Certutil", Level.HIGH,
                List.of(), new LogSource("windows", null, "security")))).as("log source").isFalse();
        assertThat(isolate.matches(detection("another", "Certutil", Level.HIGH, List.of(), proc))).as("rule").isFalse();
    }

    @Test
    void validPolicy_settingsApplyToTheBuilder() throws Exception {
        ResponderSettings s = load(EXAMPLE).settings();
        assertThat(s.queueCapacity()).hasValue(500);
        assertThat(s.timeout()).contains(Duration.ofSeconds(2));
        assertThat(s.retry()).contains(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMinutes(1), 0.1));
        assertThat(s.circuitBreakerFailures()).hasValue(4);
        assertThat(s.circuitBreakerOpenFor()).contains(Duration.ofMinutes(5));
        assertThat(s.deduplicate()).contains(Duration.ofHours(1));
        assertThat(s.rateLimits()).containsExactly(Map.entry("webhook", 60));
        assertThat(s.threadsPerAction()).hasValue(3);
        assertThat(s.drainTimeout()).contains(Duration.ofSeconds(10));

        // applied to a builder, with the policy, a responder starts and delivers
        List<String> called = Collections.synchronizedList(new ArrayList<>());
        ResponsePolicy policy = load("""
                routes:
                  - when: {level: high}
                    action: note
                    with: {label: high}
                settings: {deduplicate: 1h, retry: {max_attempts: 1}, rate_limits: {note: 600}}
                """).policy();
        PolicyLoadResult loaded = load("""
                routes: [{action: note}]
                settings: {deduplicate: 1h, retry: {max_attempts: 1}, rate_limits: {note: 600}}
                """);
        Responder.Builder b = Responder.builder().action(new Note(called)).policy(policy);
        assertThat(loaded.settings().applyTo(b)).isSameAs(b);
        try (Responder responder = b.build()) {
            Detection d = detection("d1", "t", Level.HIGH, List.of(), LogSource.ANY);
            responder.accept(d);
            assertThat(responder.awaitIdle(Duration.ofSeconds(10))).isTrue();
            responder.accept(d); // same fingerprint as a delivery done: deduplicated
            responder.accept(detection("d2", "t", Level.LOW, List.of(), LogSource.ANY)); // not routed
            assertThat(responder.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(responder.stats().delivered()).isEqualTo(1);
            assertThat(responder.stats().deduplicated()).isEqualTo(1);
            assertThat(responder.stats().unrouted()).isEqualTo(1);
        }
        assertThat(called).containsExactly("high");
    }

    @Test
    void settingsLeftOut_areNone_andTheRetryBlockKeepsDefaultsForWhatItLeavesOut() {
        assertThat(load("routes: [{action: a}]").settings()).isSameAs(ResponderSettings.NONE);
        assertThat(ResponderSettings.NONE.toString()).isEqualTo("defaults");
        ResponderSettings s = load("routes: [{action: a}]\nsettings: {retry: {max_attempts: 2}, circuit_breaker: {failures: 9}}")
                .settings();
        RetryPolicy d = RetryPolicy.defaults();
        assertThat(s.retry()).contains(new RetryPolicy(2, d.initialBackoff(), d.maxBackoff(), d.jitter()));
        assertThat(s.circuitBreakerFailures()).hasValue(9);
        assertThat(s.circuitBreakerOpenFor()).contains(Duration.ofSeconds(30));
        assertThat(s.timeout()).isEmpty();
    }

    @Test
    void whenLeftOutOrEmpty_takesEveryAlert_andOneTextStandsForAList() {
        PolicyLoadResult r = load("""
                routes:
                  - action: a
                  - action: b
                    when:
                  - action: c
                    when: {}
                  - action: d
                    when: {tags: attack.t1110*, level: INFO}
                """);
        assertThat(r.problems()).isEmpty();
        Detection low = detection("x", "t", Level.LOW, List.of("attack.t1110.001"), LogSource.ANY);
        assertThat(r.policy().routes()).allSatisfy(route -> assertThat(route.selector().matches(low)).isTrue());
    }

    @Test
    void environmentVariables_substituted_escaped_andNeverShown() {
        PolicyLoadResult r = load("""
                routes:
                  - action: a
                    with:
                      header: 'Bearer ${VIGIL_HOOK_SECRET}!'
                      literal: '$${NOT_A_VARIABLE} and $5'
                      empty: '${EMPTY}'
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.policy().routes().get(0).parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "header", "Bearer s3cr3t-value!", "literal", "${NOT_A_VARIABLE} and $5", "empty", ""));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.toString()).isEqualTo("policy.yml:6:15 (routes[0].with.empty): the environment variable EMPTY is empty");
        });
    }

    @Test
    void environmentVariableNotSet_isAnErrorNamingIt_withoutAnyValue() {
        PolicyLoadResult r = load("""
                routes:
                  - name: hook
                    action: webhook
                    with: {url: 'https://x/${VIGIL_HOOK_SECRET}', token: '${VIGIL_TOKEN}', bad: '${1X}', open: '${OPEN'}
                """);
        assertThat(r.ok()).isFalse();
        assertThat(r.policy()).isNull();
        assertThat(r.settings()).isNull();
        assertThat(lines(r)).containsExactly(
                "policy.yml:4:59 (routes[0].with.token): route 'hook': the environment variable VIGIL_TOKEN is not set",
                "policy.yml:4:82 (routes[0].with.bad): route 'hook': '${' must be followed by an environment variable's "
                        + "name and '}' (write '$${' for a literal '${')",
                "policy.yml:4:97 (routes[0].with.open): route 'hook': '${' must be followed by an environment variable's "
                        + "name and '}' (write '$${' for a literal '${')");
        assertThat(String.join("\n", lines(r))).doesNotContain("s3cr3t");
    }

    @Test
    void unknownKeys_atTheirPositions() {
        PolicyLoadResult r = load("""
                route:
                  - action: a
                routes:
                  - action: a
                    whne: {level: high}
                    when: {levle: high, logsource: {produt: windows}}
                settings: {timeuot: 5s, retry: {attempts: 3}}
                """);
        assertThat(lines(r)).containsExactly(
                "policy.yml:1:1 (route): unknown key 'route' (known here: routes, settings)",
                "policy.yml:5:5 (routes[0].whne): unknown key 'whne' (known here: action, name, when, with)",
                "policy.yml:6:12 (routes[0].when.levle): unknown key 'levle' (known here: group, kind, level, logsource, "
                        + "rules, tags, titles)",
                "policy.yml:6:37 (routes[0].when.logsource.produt): unknown key 'produt' (known here: category, product, "
                        + "service)",
                "policy.yml:7:12 (settings.timeuot): unknown key 'timeuot' (known here: circuit_breaker, deduplicate, "
                        + "drain_timeout, queue_capacity, rate_limits, retry, threads_per_action, timeout)",
                "policy.yml:7:33 (settings.retry.attempts): unknown key 'attempts' (known here: initial_backoff, jitter, "
                        + "max_attempts, max_backoff)");
    }

    @Test
    void unknownLevelAndKind_emptyAction_missingAction() {
        PolicyLoadResult r = load("""
                routes:
                  - name: page
                    when:
                      level: hihg
                      kind: alert
                    action: page
                  - action: '  '
                  - with: {a: b}
                """);
        assertThat(lines(r)).containsExactly(
                "policy.yml:4:14 (routes[0].when.level): route 'page': unknown level 'hihg': informational, low, "
                        + "medium, high or critical",
                "policy.yml:5:13 (routes[0].when.kind): route 'page': unknown kind 'alert': detection or correlation",
                "policy.yml:7:14 (routes[1].action): the action name is empty",
                "policy.yml:8:5 (routes[2].action): a route needs an 'action', the name of the action to call");
    }

    @Test
    void wrongTypes_atTheValue() {
        PolicyLoadResult r = load("""
                routes:
                  - when: [level, high]
                    action: a
                  - when: {tags: {t: 1}, rules: [], titles: [ok, [nested]], group: [x], level: true}
                    action: {name: a}
                  - action: b
                    with: {list: [1, 2], map: {k: v}, nothing: , ok: 1}
                settings:
                  queue_capacity: many
                  timeout: 0
                  deduplicate: 5 minutes
                  retry: {max_attempts: 0, jitter: 2, initial_backoff: 2m}
                  circuit_breaker: {failures: 1.5}
                  rate_limits: {b: -1}
                """);
        assertThat(lines(r)).containsExactly(
                "policy.yml:2:11 (routes[0].when): 'when' is a map of keys and values, not a list",
                "policy.yml:4:18 (routes[1].when.tags): expected a text or a list of texts, not a map",
                "policy.yml:4:33 (routes[1].when.rules): 'rules' is empty; leave it out to take every alert",
                "policy.yml:4:50 (routes[1].when.titles[1]): expected a text, not a list",
                "policy.yml:4:68 (routes[1].when.group): 'group' is a map of keys and values, not a list",
                "policy.yml:4:80 (routes[1].when.level): expected a text, not a boolean (true)",
                "policy.yml:5:13 (routes[1].action): expected a text, not a map",
                "policy.yml:7:18 (routes[2].with.list): the parameter 'list' must be a single value (a text, number or "
                        + "boolean), not a list",
                "policy.yml:7:31 (routes[2].with.map): the parameter 'map' must be a single value (a text, number or "
                        + "boolean), not a map",
                "policy.yml:7:47 (routes[2].with.nothing): the parameter 'nothing' must be a single value (a text, "
                        + "number or boolean), not nothing (null)",
                "policy.yml:9:19 (settings.queue_capacity): expected a whole number, not a string (many)",
                "policy.yml:10:12 (settings.timeout): must be longer than 0",
                "policy.yml:11:16 (settings.deduplicate): '5 minutes' is not a duration such as 500ms, 30s, 5m, 1h or 2d",
                "policy.yml:12:25 (settings.retry.max_attempts): expected a whole number from 1 to 2147483647, not 0",
                "policy.yml:12:36 (settings.retry.jitter): expected a number from 0 to 1, not 2",
                "policy.yml:13:31 (settings.circuit_breaker.failures): expected a whole number, not a number (1.5)",
                "policy.yml:14:20 (settings.rate_limits.b): expected a whole number from 1 to 2147483647, not -1");
    }

    @Test
    void backoffsOutOfOrder_andDuplicateKeys() {
        PolicyLoadResult r = load("""
                routes:
                  - action: a
                    action: b
                settings:
                  retry: {initial_backoff: 2m, max_backoff: 1m}
                """);
        assertThat(lines(r)).containsExactly(
                "policy.yml:3:5 (routes[0].action): the key 'action' is written twice (first at line 2)",
                "policy.yml:5:45 (settings.retry.max_backoff): max_backoff (1m) is shorter than initial_backoff (2m)");
    }

    @Test
    void theShapeOfTheFile() {
        assertThat(lines(load(""))).containsExactly("policy.yml: the policy is empty: it needs 'routes'");
        assertThat(lines(load("# only a comment\n"))).containsExactly("policy.yml: the policy is empty: it needs 'routes'");
        assertThat(lines(load("- action: a\n"))).containsExactly(
                "policy.yml:1:1: a policy is a map of keys and values, not a list");
        assertThat(lines(load("settings: {}\n"))).containsExactly(
                "policy.yml:1:1 (routes): a policy needs 'routes', a list of routes");
        assertThat(lines(load("routes: []\n"))).containsExactly(
                "policy.yml:1:9 (routes): 'routes' is empty: no alert would be acted on");
        assertThat(lines(load("routes: {action: a}\n"))).containsExactly(
                "policy.yml:1:9 (routes): 'routes' is a list of routes, not a map");
        assertThat(lines(load("routes: [{action: a}]\n---\nroutes: [{action: b}]\n"))).containsExactly(
                "policy.yml:3:1: a policy is one YAML document; another starts here");
        assertThat(lines(load("routes:\n  - action: a\n    when: {level: high\n"))).containsExactly(
                "policy.yml:4:1: not valid YAML: expected ',' or '}', but got <stream end> (while parsing a flow mapping "
                        + "from line 3, column 11)");
        assertThat(lines(load("routes:\n\t- action: a\n"))).singleElement()
                .satisfies(l -> assertThat(l).startsWith("policy.yml:2:1: not valid YAML: found character '\\t(TAB)'"));
        assertThat(lines(load("routes:\n  - action: &name a\n  - action: *name\n"))).containsExactly(
                "policy.yml:3:13: aliases (*name) are not supported in a policy: write the value out");
        assertThat(lines(load("routes: [a, b]\n"))).containsExactly(
                "policy.yml:1:10 (routes[0]): a route is a map of keys and values, not a string",
                "policy.yml:1:13 (routes[1]): a route is a map of keys and values, not a string");
    }

    @Test
    void oddScalars_areValuesOfTheirKind() {
        assertThat(lines(load("routes: [{action: a}]\nsettings: {retry: {jitter: .nan}, queue_capacity: .inf}\n")))
                .containsExactly(
                        "policy.yml:2:28 (settings.retry.jitter): expected a number from 0 to 1, not .nan",
                        "policy.yml:2:51 (settings.queue_capacity): expected a whole number, not a number (.inf)");
        assertThat(lines(load("routes: [{action: a}]\nsettings: {queue_capacity: 99999999999999999999999}\n")))
                .containsExactly("policy.yml:2:28 (settings.queue_capacity): expected a whole number from 1 to "
                        + "2147483647, not 99999999999999999999999");
        assertThat(load("routes: [{action: 42, with: {n: 0x1F, b: no, d: 2026-03-02}}]\n").policy().routes().get(0))
                .satisfies(r -> {
                    assertThat(r.action()).isEqualTo("42");
                    assertThat(r.parameters()).containsExactlyInAnyOrderEntriesOf(
                            Map.of("n", "0x1F", "b", "no", "d", "2026-03-02"));
                });
    }

    /** Every prefix of the example and every one-character deletion from it: problems or a policy, never an exception. */
    @Test
    void damagedPolicies_neverThrow() {
        ResponsePolicyLoader loader = ResponsePolicyLoader.withEnvironment(ENV);
        int failed = 0;
        for (int i = 0; i <= EXAMPLE.length(); i++) {
            for (String damaged : List.of(EXAMPLE.substring(0, i),
                    EXAMPLE.substring(0, i) + (i < EXAMPLE.length() ? EXAMPLE.substring(i + 1) : ""))) {
                PolicyLoadResult r = loader.load(damaged, "damaged.yml");
                assertThat(r.ok()).as(damaged).isEqualTo(r.errors().isEmpty());
                assertThat(r.errors()).allSatisfy(p -> {
                    assertThat(p.where().file()).isEqualTo("damaged.yml");
                    assertThat(p.message()).as("no exception of ours").doesNotStartWith("cannot read the policy");
                });
                failed += r.ok() ? 0 : 1;
            }
        }
        assertThat(failed).as("most damage is found").isGreaterThan(EXAMPLE.length());
    }

    @Test
    void fromAFile_problemsNameIt() throws IOException {
        Path file = dir.resolve("respond.yml");
        Files.writeString(file, "routes:\n  - action: a\n    when: {level: extreme}\n");
        ResponsePolicyLoader loader = ResponsePolicyLoader.withEnvironment(Map.of());
        assertThat(loader.load(file).problems()).extracting(Problem::toString).containsExactly(
                file + ":3:19 (routes[0].when.level): unknown level 'extreme': informational, low, medium, high or critical");
        Files.writeString(file, "routes: [{action: a}]\n");
        assertThat(loader.load(file).ok()).isTrue();

        assertThat(lines(loader.load(dir.resolve("missing.yml")))).containsExactly(dir.resolve("missing.yml") + ": no such file");
        assertThat(lines(loader.load(dir))).containsExactly(dir + ": a folder, not a policy file");
        Path latin1 = dir.resolve("latin1.yml");
        Files.write(latin1, "routes: [{action: caf\u00e9}]\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(lines(loader.load(latin1))).containsExactly(latin1 + ": not UTF-8 text");
        Path big = dir.resolve("big.yml");
        Files.write(big, new byte[ResponsePolicyLoader.MAX_POLICY_BYTES + 1]);
        assertThat(lines(loader.load(big))).containsExactly(big + ": a policy file larger than 1048576 bytes");
    }

    @Test
    void theProcessEnvironment_isTheDefault() {
        // PATH is set wherever tests run; its value must come through as it is
        String path = System.getenv("PATH");
        PolicyLoadResult r = ResponsePolicyLoader.create().load("routes: [{action: a, with: {p: '${PATH}'}}]", "p.yml");
        if (path == null) {
            assertThat(r.ok()).isFalse();
        } else {
            assertThat(r.policy().routes().get(0).parameters()).containsEntry("p", path);
        }
    }

    /** The example at the top of docs/RESPONSE.md loads, and means what the page says. */
    @Test
    void theExampleOfResponseMd_loads() throws IOException {
        Path page = Path.of("").toAbsolutePath().resolveSibling("docs").resolve("RESPONSE.md");
        String text = Files.readString(page);
        int start = text.indexOf("```yaml\n");
        assertThat(start).as("a yaml block in " + page).isNotNegative();
        String yaml = text.substring(start + "```yaml\n".length(), text.indexOf("```", start + 7));

        PolicyLoadResult r = ResponsePolicyLoader.withEnvironment(Map.of("VIGIL_HOOK_SECRET", "x"))
                .load(yaml, "RESPONSE.md");

        assertThat(r.problems()).isEmpty();
        assertThat(r.policy().routes()).extracting(ResponsePolicy.Route::action)
                .containsExactly("webhook", "isolate-host", "log");
        assertThat(r.policy().routes().get(0).parameters()).containsEntry("secret", "x");
        assertThat(r.settings().rateLimits()).containsExactly(Map.entry("webhook", 60));
        assertThat(r.settings().deduplicate()).contains(Duration.ofMinutes(10));
        CorrelationAlert guessing = correlation("4c1d0e2a-7b35-4f0e-9a61-2d8c5b7e3f10", "Remote Desktop Password Guessing",
                Level.HIGH, List.of("attack.credential-access", "attack.t1110.001"), Map.of("IpAddress", "10.20.1.15"));
        assertThat(r.policy().routes().get(0).selector().matches(guessing)).isTrue();
        Detection dumping = detection("d", "Credential Dumping", Level.CRITICAL, List.of("attack.t1003.001"),
                new LogSource("windows", "process_creation", null));
        assertThat(r.policy().routes()).extracting(route -> route.selector().matches(dumping))
                .containsExactly(false, true, true);
    }

    private static List<String> lines(PolicyLoadResult r) {
        if (!r.errors().isEmpty()) {
            assertThat(r.policy()).isNull();
        }
        return r.problems().stream().map(Problem::toString).toList();
    }

    /** Records the {@code label} parameter of each call. */
    private record Note(List<String> called) implements ResponseAction {
        @Override
        public String name() {
            return "note";
        }

        @Override
        public Outcome execute(Alert alert, ResponseContext context) {
            called.add(context.parameters().getOrDefault("label", "?"));
            return Outcome.done();
        }
    }
}
