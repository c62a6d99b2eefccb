package dev.vigil.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.respond.incident.IncidentState;
import dev.vigil.respond.incident.IncidentTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing, retries, timeouts, circuit breaking, back-pressure, deduplication, rate limits and the audit trail, on real threads. */
class ResponderTest {

    @TempDir
    Path dir;

    private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(20), 0.2);

    static Detection alert(String ruleId, Level level, List<String> tags, int n) {
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().id(ruleId).title("rule " + ruleId).level(level)
                .tags(tags).build()).condition(Condition.TRUE).build();
        return new Detection(rule, Event.of(Map.of("n", n, "host", "h" + n), SourcePosition.of("e.jsonl", n),
                EventTime.defaults()));
    }

    /** An action that records its calls and answers with {@code behaviour}. */
    static final class Recording implements ResponseAction {
        final String name;
        final BiFunction<Alert, ResponseContext, Outcome> behaviour;
        final List<ResponseContext> calls = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicInteger> done = new ConcurrentHashMap<>();

        Recording(String name, BiFunction<Alert, ResponseContext, Outcome> behaviour) {
            this.name = name;
            this.behaviour = behaviour;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Outcome execute(Alert alert, ResponseContext context) {
            calls.add(context);
            Outcome o = behaviour.apply(alert, context);
            if (o instanceof Outcome.Done) {
                done.computeIfAbsent(context.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            }
            return o;
        }
    }

    private static ResponsePolicy all(String... actions) {
        ResponsePolicy.Builder b = ResponsePolicy.builder();
        for (String a : actions) {
            b.route(AlertSelector.ALL, a, Map.of());
        }
        return b.build();
    }

    @Test
    void routes_eachAlertGoesToTheActionsItsRoutesSelect_withTheirParameters() throws Exception {
        Recording page = new Recording("page", (a, c) -> Outcome.done());
        Recording disable = new Recording("disable", (a, c) -> Outcome.done());
        ResponsePolicy policy = ResponsePolicy.builder()
                .route(AlertSelector.builder().minLevel(Level.HIGH).build(), "page", Map.of("team", "soc"))
                .route(AlertSelector.builder().tags(List.of("attack.t1110*")).build(), "disable", Map.of())
                .build();
        try (Responder r = Responder.builder().action(page).action(disable).policy(policy).build()) {
            r.accept(alert("a", Level.CRITICAL, List.of("attack.t1110.001"), 1));
            r.accept(alert("b", Level.LOW, List.of("attack.T1110"), 2));
            r.accept(alert("c", Level.MEDIUM, List.of("attack.t1059"), 3));
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(page.calls).singleElement().satisfies(c -> assertThat(c.parameters()).containsEntry("team", "soc"));
            assertThat(disable.calls).hasSize(2);
            assertThat(r.stats().unrouted()).isEqualTo(1);
            assertThat(r.stats().delivered()).isEqualTo(3);
        }
    }

    @Test
    void build_aPolicyNamingUnknownActions_isRejectedWhole() {
        ResponsePolicy policy = all("page", "isolate", "disable");
        assertThatThrownBy(() -> Responder.builder().action(new Recording("page", (a, c) -> Outcome.done()))
                .policy(policy).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'disable'").hasMessageContaining("'isolate'").hasMessageContaining("registered: page");
    }

    @Test
    void faultInjection_failsThreeTimesThenRecovers_everyAlertDoneOnce_everyAttemptAudited() throws Exception {
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        Recording flaky = new Recording("flaky", (a, c) -> failures.computeIfAbsent(c.idempotencyKey(),
                k -> new AtomicInteger()).incrementAndGet() <= 3 ? Outcome.failed("503", true) : Outcome.done());
        Path audit = dir.resolve("audit.jsonl");
        int n = 40;
        try (Responder r = Responder.builder().action(flaky).policy(all("flaky")).retry(FAST)
                .circuitBreaker(1_000, Duration.ofSeconds(1)).audit(audit).build()) {
            for (int i = 0; i < n; i++) {
                r.accept(alert("r" + (i % 3), Level.HIGH, List.of(), i));
            }
            assertThat(r.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(r.stats().delivered()).isEqualTo(n);
            assertThat(r.stats().retried()).isEqualTo(3L * n);
            assertThat(r.stats().failed()).isZero();
        }
        assertThat(flaky.done).hasSize(n).allSatisfy((key, count) -> assertThat(count.get()).isEqualTo(1));
        List<JsonNode> lines = readJsonLines(audit);
        assertThat(lines).hasSize(4 * n);
        assertThat(lines).filteredOn(l -> l.get("outcome").asText().equals("failed")).hasSize(3 * n)
                .allSatisfy(l -> assertThat(l.get("retry").asBoolean()).isTrue());
        assertThat(lines).filteredOn(l -> l.get("outcome").asText().equals("done")).hasSize(n)
                .allSatisfy(l -> assertThat(l.get("attempt").asInt()).isEqualTo(4));
    }

    @Test
    void retries_stopAtMaxAttempts_andANonRetryableFailureIsNotRetried() throws Exception {
        Recording down = new Recording("down", (a, c) -> Outcome.failed("connection refused", true));
        Recording denied = new Recording("denied", (a, c) -> Outcome.failed("403 forbidden", false));
        try (Responder r = Responder.builder().action(down).action(denied).policy(all("down", "denied")).retry(FAST)
                .circuitBreaker(1_000, Duration.ofSeconds(1)).build()) {
            r.accept(alert("a", Level.HIGH, List.of(), 1));
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(down.calls).hasSize(5);
            assertThat(denied.calls).hasSize(1);
            assertThat(r.stats().failed()).isEqualTo(2);
        }
    }

    @Test
    void anExceptionFromTheAction_isARetryableFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recording throwing = new Recording("throwing", (a, c) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return Outcome.done();
        });
        try (Responder r = Responder.builder().action(throwing).policy(all("throwing")).retry(FAST).build()) {
            r.accept(alert("a", Level.HIGH, List.of(), 1));
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(r.stats().delivered()).isEqualTo(1);
            assertThat(r.stats().retried()).isEqualTo(1);
        }
    }

    @Test
    void timeout_aHangingActionIsInterruptedAndRetried_andDoesNotHoldUpAnotherAction() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        Recording hangsOnce = new Recording("hangs", (a, c) -> {
            if (attempts.incrementAndGet() == 1) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    return Outcome.failed("interrupted", true);
                }
            }
            return Outcome.done();
        });
        Recording quick = new Recording("quick", (a, c) -> Outcome.done());
        try (Responder r = Responder.builder().action(hangsOnce).action(quick).policy(all("hangs", "quick"))
                .timeout(Duration.ofMillis(2_000)).retry(FAST).threadsPerAction(1).build()) {
            long start = System.nanoTime();
            r.accept(alert("a", Level.HIGH, List.of(), 1));
            r.accept(alert("b", Level.HIGH, List.of(), 2));
            while (quick.calls.size() < 2 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(5);
            }
            assertThat(quick.calls).as("the other action goes on while one hangs").hasSize(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(r.stats().timedOut()).isEqualTo(1);
            assertThat(hangsOnce.done).hasSize(2);
        }
    }

    @Test
    void circuitBreaker_opensAfterFailuresInARow_holdsDeliveries_thenLetsOneTestIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recording failing = new Recording("failing", (a, c) -> calls.incrementAndGet() <= 2
                ? Outcome.failed("503", true) : Outcome.done());
        try (Responder r = Responder.builder().action(failing).policy(all("failing")).threadsPerAction(1)
                .retry(new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(1), 0))
                .circuitBreaker(2, Duration.ofMillis(400)).build()) {
            long start = System.nanoTime();
            r.accept(alert("a", Level.HIGH, List.of(), 1));
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("the third attempt waited for the circuit").isGreaterThanOrEqualTo(350);
            assertThat(r.stats().circuitOpen()).isPositive();
            assertThat(r.stats().delivered()).isEqualTo(1);
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    @Test
    void backPressure_aFullQueueMakesAcceptWait_andLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recording blocked = new Recording("blocked", (a, c) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        });
        try (Responder r = Responder.builder().action(blocked).policy(all("blocked")).queueCapacity(2)
                .threadsPerAction(1).timeout(Duration.ofSeconds(30)).build()) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    r.accept(alert("a", Level.HIGH, List.of(), i));
                }
            });
            producer.start();
            producer.join(500);
            assertThat(producer.isAlive()).as("accept waits while the queue is full").isTrue();
            release.countDown();
            producer.join(10_000);
            assertThat(producer.isAlive()).isFalse();
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(r.stats().backPressured()).isPositive();
            assertThat(r.stats().delivered()).isEqualTo(10);
        }
    }

    @Test
    void spill_aFullQueueSpillsToAFile_acceptReturnsAtOnce_andEveryAlertIsDelivered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recording blocked = new Recording("blocked", (a, c) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        });
        try (Responder r = Responder.builder().action(blocked).policy(all("blocked")).queueCapacity(2)
                .threadsPerAction(1).timeout(Duration.ofSeconds(30)).journal(dir.resolve("journal"), false)
                .spillWhenFull().build()) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                r.accept(alert("a", Level.HIGH, List.of(), i));
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("accept did not wait")
                    .isLessThan(5_000);
            assertThat(r.stats().spilled()).isPositive();
            assertThat(r.stats().backPressured()).isZero();
            release.countDown();
            assertThat(r.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(r.stats().delivered()).isEqualTo(50);
        }
        assertThat(blocked.done).hasSize(50);
    }

    @Test
    void spill_withoutAJournal_isRejected() {
        assertThatThrownBy(() -> Responder.builder().action(new Recording("a", (x, c) -> Outcome.done()))
                .policy(all("a")).spillWhenFull().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a journal");
    }

    @Test
    void deduplication_theSameFingerprintWithinThePeriod_isDeliveredOnce_andCounted() throws Exception {
        Recording page = new Recording("page", (a, c) -> Outcome.done());
        Path audit = dir.resolve("audit.jsonl");
        try (Responder r = Responder.builder().action(page).policy(all("page")).deduplicate(Duration.ofMinutes(5))
                .audit(audit).build()) {
            Detection first = alert("a", Level.HIGH, List.of(), 1);
            Event sameContent = Event.of(first.event().fields(), SourcePosition.of("other.jsonl", 9), EventTime.defaults());
            r.accept(first);
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            r.accept(new Detection(first.rule(), sameContent));
            r.accept(alert("a", Level.HIGH, List.of(), 2));
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(page.calls).hasSize(2);
            assertThat(r.stats().deduplicated()).isEqualTo(1);
        }
        assertThat(readJsonLines(audit)).filteredOn(l -> l.get("outcome").asText().equals("deduplicated"))
                .singleElement().satisfies(l -> assertThat(l.get("occurrences").asInt()).isEqualTo(2));
    }

    @Test
    void rateLimit_spacesTheCallsOfAnAction() throws Exception {
        Recording limited = new Recording("limited", (a, c) -> Outcome.done());
        try (Responder r = Responder.builder().action(limited).policy(all("limited")).rateLimit("limited", 600).build()) {
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                r.accept(alert("a", Level.HIGH, List.of(), i));
            }
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(290);
            assertThat(r.stats().rateLimited()).isPositive();
            assertThat(r.stats().delivered()).isEqualTo(4);
        }
    }

    @Test
    void idempotencyKey_isTheSameForEveryAttempt_andDiffersPerRoute() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Recording twice = new Recording("twice", (a, c) -> n.incrementAndGet() % 2 == 1 ? Outcome.failed("x", true) : Outcome.done());
        ResponsePolicy policy = ResponsePolicy.builder().route(AlertSelector.ALL, "twice", Map.of("to", "a"))
                .route(AlertSelector.ALL, "twice", Map.of("to", "b")).build();
        try (Responder r = Responder.builder().action(twice).policy(policy).retry(FAST).threadsPerAction(1).build()) {
            Detection d = alert("a", Level.HIGH, List.of(), 1);
            r.accept(d);
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(twice.calls).extracting(ResponseContext::idempotencyKey).allMatch(k -> k.startsWith(d.id()));
            assertThat(twice.calls.stream().map(ResponseContext::idempotencyKey).distinct()).hasSize(2);
            assertThat(twice.done).hasSize(2);
        }
    }

    @Test
    void close_waitsForDeliveriesUnderWay() throws Exception {
        Recording slow = new Recording("slow", (a, c) -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        });
        Responder r = Responder.builder().action(slow).policy(all("slow")).build();
        for (int i = 0; i < 4; i++) {
            r.accept(alert("a", Level.HIGH, List.of(), i));
        }
        r.close();
        assertThat(r.stats().delivered()).isEqualTo(4);
        assertThat(r.stats().abandoned()).isZero();
        assertThatThrownBy(() -> r.accept(alert("a", Level.HIGH, List.of(), 9))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void incidents_eachActionIsToldTheAlertsIncident_andAContainingActionContainsIt() throws Exception {
        Recording isolate = new Recording("isolate", (a, c) -> Outcome.done());
        Recording page = new Recording("page", (a, c) -> Outcome.done());
        IncidentTracker tracker = IncidentTracker.builder().build();
        try (Responder r = Responder.builder().action(isolate).action(page).policy(all("page", "isolate"))
                .incidents(tracker, List.of("isolate")).build()) {
            Detection d = alert("a", Level.HIGH, List.of(), 1);
            r.accept(d);
            assertThat(r.awaitIdle(Duration.ofSeconds(10))).isTrue();
            String incident = tracker.incidentOf(d.id()).orElseThrow().id();
            assertThat(page.calls).singleElement().satisfies(c -> assertThat(c.incidentId()).contains(incident));
            assertThat(tracker.get(incident).orElseThrow().state()).isEqualTo(IncidentState.CONTAINED);
            assertThat(tracker.get(incident).orElseThrow().transitions()).singleElement()
                    .satisfies(t -> assertThat(t.actor()).isEqualTo("isolate"));
        }
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(m.readTree(line));
        }
        return out;
    }
}
