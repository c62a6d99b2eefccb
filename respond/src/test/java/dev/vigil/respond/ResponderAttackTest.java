package dev.vigil.respond;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.respond.incident.IncidentStore;
import dev.vigil.respond.incident.IncidentTracker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile review of the responder: each test states what a user relies on and fails while it does not hold. */
class ResponderAttackTest {

    @TempDir
    Path dir;

    static Detection alert(int n) {
        return ResponderTest.alert("r-1", Level.HIGH, List.of(), n);
    }

    static ResponsePolicy all(String action) {
        return ResponsePolicy.builder().route(AlertSelector.ALL, action, Map.of()).build();
    }

    /**
     * Half-open circuit + rate limit: admission() sets probing=true and then returns a rate-limit wait, so no
     * probe ever runs; every later admission sees probing=true and waits again: the action is stalled for good.
     */
    @Test
    @Timeout(20)
    void halfOpenProbeThatIsRateLimitedStillRunsAttackTest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ResponderTest.Recording a = new ResponderTest.Recording("a",
                (al, ctx) -> calls.incrementAndGet() == 1 ? Outcome.failed("boom", true) : Outcome.done());
        try (Responder r = Responder.builder().action(a).policy(all("a"))
                .retry(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(20), 0))
                .circuitBreaker(1, Duration.ofMillis(10))
                .rateLimit("a", 600) // one call every 100 ms: longer than the circuit stays open
                .drainTimeout(Duration.ofMillis(100))
                .build()) {
            r.accept(alert(1));
            boolean idle = r.awaitIdle(Duration.ofSeconds(5));
            assertThat(calls.get()).as("the probe after the circuit closes again").isEqualTo(2);
            assertThat(idle).isTrue();
        }
    }

    /**
     * An IncidentStore that fails once (disk full, say) throws out of IncidentTracker.record() on the dispatcher
     * thread, which catches nothing: the dispatcher dies and no later alert is ever routed (detection then
     * blocks in accept once the queue is full).
     */
    @Test
    @Timeout(20)
    void dispatcherSurvivesAFailingIncidentStoreAttackTest() throws Exception {
        AtomicBoolean failNext = new AtomicBoolean(true);
        IncidentStore flaky = new IncidentStore() {
            final IncidentStore inner = IncidentStore.inMemory();

            @Override
            public void append(Change change) {
                if (failNext.getAndSet(false)) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
                }
                inner.append(change);
            }

            @Override
            public List<Change> replay() {
                return inner.replay();
            }
        };
        IncidentTracker tracker = IncidentTracker.builder().store(flaky).build();
        ResponderTest.Recording a = new ResponderTest.Recording("a", (al, ctx) -> Outcome.done());
        try (Responder r = Responder.builder().action(a).policy(all("a")).incidents(tracker, List.of())
                .drainTimeout(Duration.ofMillis(100)).build()) {
            r.accept(alert(1));
            r.accept(alert(2));
            r.awaitIdle(Duration.ofSeconds(3));
            assertThat(a.calls).as("alert 2 is routed although recording alert 1 failed").hasSizeGreaterThanOrEqualTo(1);
        }
    }

    /**
     * Back-pressure + close(): a detection thread waiting in accept() for room on the queue is never woken:
     * close() interrupts the dispatcher, so the queue never drains and accept() blocks forever.
     */
    @Test
    @Timeout(30)
    void closeReleasesAnAcceptWaitingForRoomAttackTest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ResponderTest.Recording a = new ResponderTest.Recording("a", (al, ctx) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        });
        Responder r = Responder.builder().action(a).policy(all("a")).queueCapacity(1).threadsPerAction(1)
                .timeout(Duration.ofMinutes(1)).retry(RetryPolicy.none()).drainTimeout(Duration.ofMillis(200)).build();
        Thread detection = new Thread(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    r.accept(alert(i));
                }
            } catch (IllegalStateException expected) {
                // closed while waiting: fine, as long as it returns
            }
        }, "detection");
        detection.setDaemon(true);
        detection.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (r.stats().backPressured() == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        r.close();
        detection.join(3000);
        try {
            assertThat(detection.isAlive()).as("detection thread still blocked in accept() after close()").isFalse();
        } finally {
            release.countDown();
            detection.interrupt();
        }
    }

    /** An event nested 1,500 deep (the event reader accepts up to ReadLimits.MAX_DEPTH_CAP = 2,000; AlertJson writes up to 2,100 but its READER keeps Jackson's default read depth, 1,000) whose alert JSON AlertJson writes but cannot read back. */
    static Detection deep(int n) {
        Map<String, Object> v = new HashMap<>();
        v.put("x", "leaf");
        for (int i = 0; i < 1500; i++) {
            Map<String, Object> outer = new HashMap<>();
            outer.put("x", v);
            v = outer;
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("n", n);
        fields.put("host", "h" + n);
        fields.put("deep", v);
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().id("r-1").title("rule r-1").level(Level.HIGH)
                .build()).condition(Condition.TRUE).build();
        return new Detection(rule, Event.of(fields, SourcePosition.of("e.jsonl", n), EventTime.defaults()));
    }

    @Test
    void alertJsonRoundTripsWhatItWritesAttackTest() {
        String json = AlertJson.toJson(deep(1));
        Alert back = null;
        try {
            back = AlertJson.read(json);
        } catch (IllegalArgumentException e) {
            // falls through to the assertion
        }
        assertThat(back).as("an alert whose JSON the journal and the spill file wrote is read back").isNotNull();
    }

    /**
     * Spill + an alert whose JSON cannot be read back: the feeder logs and drops it, but its pending count is
     * never taken back, so awaitIdle never returns true and close() waits the whole drain timeout.
     */
    @Test
    @Timeout(30)
    void unreadableSpilledAlertDoesNotWedgePendingAttackTest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ResponderTest.Recording a = new ResponderTest.Recording("a", (al, ctx) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.done();
        });
        try (Responder r = Responder.builder().action(a).policy(all("a")).queueCapacity(1).threadsPerAction(1)
                .journal(dir.resolve("j"), false).spillWhenFull().drainTimeout(Duration.ofMillis(100)).build()) {
            for (int i = 0; i < 4; i++) {
                r.accept(alert(i));
            }
            r.accept(deep(99)); // the queue is full: spilled
            assertThat(r.stats().spilled()).isPositive();
            release.countDown();
            boolean idle = r.awaitIdle(Duration.ofSeconds(5));
            assertThat(idle).as("idle, or told that the spilled alert is lost; pending=%s", r.stats()).isTrue();
        }
    }

    /**
     * done.jsonl keys are alertId/routeIndex/action: after a kill, a restart with the routes reordered (or one
     * inserted before) takes a delivery of route 0 under the old policy as done for route 0 under the new one,
     * and the delivery that was outstanding is never made.
     */
    @Test
    @Timeout(20)
    void doneKeysSurviveAReorderedPolicyAttackTest() throws Exception {
        Path j = dir.resolve("journal");
        Files.createDirectories(j);
        Detection al = alert(7);
        // the journal a kill left: route 0 (p=a) done, route 1 (p=b) still outstanding
        Files.writeString(j.resolve("alerts.jsonl"), AlertJson.toJson(al) + "\n", StandardCharsets.UTF_8);
        Files.writeString(j.resolve("done.jsonl"), al.id() + "/0/act\n", StandardCharsets.UTF_8);
        ResponderTest.Recording act = new ResponderTest.Recording("act", (x, ctx) -> Outcome.done());
        ResponsePolicy reordered = ResponsePolicy.builder()
                .route(AlertSelector.ALL, "act", Map.of("p", "b"))
                .route(AlertSelector.ALL, "act", Map.of("p", "a")).build();
        try (Responder r = Responder.builder().action(act).policy(reordered).journal(j, false)
                .drainTimeout(Duration.ofMillis(100)).build()) {
            assertThat(r.awaitIdle(Duration.ofSeconds(5))).isTrue();
        }
        List<String> delivered = new ArrayList<>();
        act.calls.forEach(c -> delivered.add(c.parameters().get("p")));
        assertThat(delivered).as("route p=b, outstanding at the kill, is delivered after the restart").contains("b");
    }

    /**
     * Deduplication counts an alert as a repeat of one merely started, not delivered: when that first delivery
     * fails for good, the repeats within the period were already marked over (journal included) and are never
     * delivered, even though the action works again. Nothing of that fingerprint reaches the action.
     */
    @Test
    @Timeout(20)
    void repeatOfAFailedDeliveryIsNotSwallowedByDeduplicationAttackTest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ResponderTest.Recording a = new ResponderTest.Recording("a",
                (al, ctx) -> calls.incrementAndGet() == 1 ? Outcome.failed("down", false) : Outcome.done());
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().id("r-1").title("rule r-1").level(Level.HIGH)
                .build()).condition(Condition.TRUE).build();
        Map<String, Object> fields = Map.of("host", "dc01", "user", "admin");
        Detection first = new Detection(rule, Event.of(fields, SourcePosition.of("e.jsonl", 1), EventTime.defaults()));
        Detection again = new Detection(rule, Event.of(fields, SourcePosition.of("e.jsonl", 2), EventTime.defaults()));
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.id()).isNotEqualTo(first.id());
        try (Responder r = Responder.builder().action(a).policy(all("a")).deduplicate(Duration.ofMinutes(10))
                .retry(RetryPolicy.none()).drainTimeout(Duration.ofMillis(100)).build()) {
            r.accept(first);
            assertThat(r.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(r.stats().failed()).isEqualTo(1);
            r.accept(again);
            assertThat(r.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(r.stats().delivered()).as("the repeat of an alert whose delivery failed, %s", r.stats())
                    .isEqualTo(1);
        }
    }
}
