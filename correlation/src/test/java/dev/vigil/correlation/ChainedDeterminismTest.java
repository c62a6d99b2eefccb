package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chained correlations (a correlation over another correlation's alerts) under a bounded lateness. The
 * alerts of a batch reach the correlations that use them only after the batch's direct matches; the
 * watermark moves only once they have (between batches), so what a chained correlation sees, and so
 * the alert ids, depend neither on the batch size nor on the number of partitions. Before, the
 * watermark moved with each match of the batch and expired a chained correlation's state before the
 * alerts that belonged with it arrived.
 */
class ChainedDeterminismTest {

    private static Detector spreadDetector() {
        return Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(1), "fail")
                        .groupBy(List.of("user", "host")).condition(CorrelationCondition.atLeast(2)).build())
                .addCorrelation(corr("spread", CorrelationType.VALUE_COUNT, Duration.ofMinutes(10), "brute")
                        .groupBy(List.of("user")).valueField(FieldRef.of("host"))
                        .condition(CorrelationCondition.atLeast(2)).generate(true).build())
                .build();
    }

    private static List<String> spread(SessionBuilder b) {
        List<String> out = new ArrayList<>();
        try (DetectorSession s = b.onAlert(a -> {
            if (a instanceof CorrelationAlert c && c.rule().name().equals("spread")) {
                out.add(c.group() + " " + c.window() + " " + c.id());
            }
        }).open()) {
            // bob fails twice on h1: brute alert at 1 s, one spread match (host h1)
            s.accept(event("fail", 0, "user", "bob", "host", "h1"));
            s.accept(event("fail", 1, "user", "bob", "host", "h1"));
            s.flush();
            // bob fails twice on h2 at 499-500 s (499 s after h1: within spread's 10 minutes, not late),
            // then another user's events move the stream to 671 s, in the same batch
            s.accept(event("fail", 499, "user", "bob", "host", "h2"));
            s.accept(event("fail", 500, "user", "bob", "host", "h2"));
            s.accept(event("fail", 670, "user", "eve", "host", "h9"));
            s.accept(event("fail", 671, "user", "eve", "host", "h9"));
            s.finish();
        }
        return out;
    }

    @Test
    void boundedLateness_aChainedAlertIsTheSame_withAnyBatchSize() {
        Detector d = spreadDetector();
        List<String> oneByOne = spread(d.newSession().allowedLateness(Duration.ofMinutes(1)).batchSize(1));
        assertThat(oneByOne).as("h1 at 1 s and h2 at 500 s are within 10 minutes").hasSize(1);
        assertThat(spread(d.newSession().allowedLateness(Duration.ofMinutes(1))))
                .as("default batch size: bob's h1 match must not be expired by eve's later events before bob's"
                        + " h2 match reaches 'spread'").isEqualTo(oneByOne);
    }

    @Test
    void boundedLateness_whatFiresDoesNotDependOnPartitions() {
        Detector d = spreadDetector();
        List<String> one = spread(d.newSession().allowedLateness(Duration.ofMinutes(1)));
        for (int p = 2; p <= 6; p++) {
            assertThat(spread(d.newSession().allowedLateness(Duration.ofMinutes(1)).partitions(p)))
                    .as("partitions %d", p).isEqualTo(one);
        }
    }

    /** Randomized: 3,000 events, three correlations (two chained), 2-minute lateness, 1 vs 4 partitions. */
    @Test
    void randomized_boundedLateness_idsDoNotDependOnPartitions() {
        Detector detector = Detector.builder().addRule(rule("fail")).addRule(rule("ok"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(1), "fail")
                        .groupBy(List.of("user", "host")).condition(CorrelationCondition.atLeast(2)).build())
                .addCorrelation(corr("spread", CorrelationType.VALUE_COUNT, Duration.ofMinutes(10), "brute")
                        .groupBy(List.of("user")).valueField(FieldRef.of("host"))
                        .condition(CorrelationCondition.atLeast(2)).generate(true).build())
                .build();
        Random rnd = new Random(42);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            double t = i * 2 + rnd.nextInt(40) - 20;
            events.add(event(rnd.nextInt(5) == 0 ? "ok" : "fail", t, "user", "u" + rnd.nextInt(7),
                    "host", "h" + rnd.nextInt(4)));
        }
        List<String> one = ids(detector.newSession().allowedLateness(Duration.ofMinutes(2)), events);
        List<String> four = ids(detector.newSession().allowedLateness(Duration.ofMinutes(2)).partitions(4), events);
        assertThat(four).containsExactlyInAnyOrderElementsOf(one);
    }

    private static List<String> ids(SessionBuilder b, List<Event> events) {
        List<String> out = new ArrayList<>();
        try (DetectorSession s = b.onAlert(a -> {
            if (a instanceof CorrelationAlert c) {
                out.add(c.rule().name() + " " + c.group() + " " + c.window() + " " + a.id());
            }
        }).open()) {
            events.forEach(s::accept);
            s.finish();
        }
        return out;
    }
}
