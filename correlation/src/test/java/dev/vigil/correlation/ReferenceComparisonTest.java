package dev.vigil.correlation;

import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.correlation.CorrelationCondition.Op;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.correlation.CorrelationTestSupport.Sink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The Drools engine against a straightforward reference written from the documented semantics, on
 * random in-order streams: for lower bounds, the window ending at each match over the matches not
 * yet consumed; for other conditions, windows from a group's first match, decided when they end.
 */
class ReferenceComparisonTest {

    static final long SPAN = 60_000;
    static Detector detector;

    @BeforeAll
    static void build() {
        detector = Detector.builder().addRule(rule("x")).addRule(rule("y")).addRule(rule("z"))
                .addCorrelation(corr("count", CorrelationType.EVENT_COUNT, Duration.ofMillis(SPAN), "x")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).build())
                .addCorrelation(corr("distinct", CorrelationType.VALUE_COUNT, Duration.ofMillis(SPAN), "y")
                        .groupBy(List.of("user")).condition(CorrelationCondition.of(Op.GT, 2))
                        .valueField(FieldRef.of("host")).build())
                .addCorrelation(corr("exactly", CorrelationType.EVENT_COUNT, Duration.ofMillis(SPAN), "z")
                        .groupBy(List.of("user")).condition(CorrelationCondition.of(Op.LTE, 2)).build())
                .build();
    }

    record Match(String type, long ts, String user, String host) {
    }

    static List<Match> stream(long seed) {
        Random r = new Random(seed);
        List<Match> out = new ArrayList<>();
        long t = 0;
        String[] types = {"x", "y", "z"};
        for (int i = 0; i < 1500; i++) {
            t += r.nextInt(8_000);
            out.add(new Match(types[r.nextInt(3)], t, "u" + r.nextInt(6), "h" + r.nextInt(4)));
        }
        return out;
    }

    /** "rule group start end value" of each alert of the reference. */
    static List<String> reference(List<Match> stream) {
        List<String> out = new ArrayList<>();
        // sliding, lower bounds: count (x, >= 3) and distinct hosts (y, > 2)
        for (String type : List.of("x", "y")) {
            Map<String, List<Match>> live = new HashMap<>();
            for (Match m : stream) {
                if (!m.type().equals(type)) {
                    continue;
                }
                List<Match> g = live.computeIfAbsent(m.user(), k -> new ArrayList<>());
                g.add(m);
                List<Match> window = g.stream().filter(o -> o.ts() >= m.ts() - SPAN && o.ts() <= m.ts()).toList();
                Set<String> hosts = new HashSet<>();
                window.forEach(o -> hosts.add(o.host()));
                long value = type.equals("x") ? window.size() : hosts.size();
                if (type.equals("x") ? value >= 3 : value > 2) {
                    out.add((type.equals("x") ? "count" : "distinct") + " " + m.user() + " " + window.get(0).ts() + " "
                            + m.ts() + " " + value);
                    g.removeIf(o -> o.ts() <= m.ts());
                }
            }
        }
        // closing (upper bounds only): windows from a group's first match, lte 2
        Map<String, List<Match>> open = new HashMap<>();
        List<String> closing = new ArrayList<>();
        for (Match m : stream) {
            if (!m.type().equals("z")) {
                continue;
            }
            List<Match> g = open.get(m.user());
            if (g != null && m.ts() > g.get(0).ts() + SPAN) {
                if (g.size() <= 2) {
                    closing.add("exactly " + m.user() + " " + g.get(0).ts() + " " + (g.get(0).ts() + SPAN) + " " + g.size());
                }
                g = null;
            }
            if (g == null) {
                g = new ArrayList<>();
                open.put(m.user(), g);
            }
            g.add(m);
        }
        open.forEach((user, g) -> {
            if (g.size() <= 2) {
                closing.add("exactly " + user + " " + g.get(0).ts() + " " + (g.get(0).ts() + SPAN) + " " + g.size());
            }
        });
        out.addAll(closing);
        out.sort(null);
        return out;
    }

    static List<String> engine(List<Match> stream, int partitions) {
        Sink sink = new Sink();
        try (DetectorSession s = detector.newSession().partitions(partitions).onAlert(sink).open()) {
            for (Match m : stream) {
                Event e = event(m.type(), m.ts() / 1000.0, "user", m.user(), "host", m.host());
                s.accept(e);
            }
            s.finish();
        }
        List<String> out = new ArrayList<>();
        for (CorrelationAlert a : sink.correlations()) {
            long start = a.window().start().toEpochMilli() - CorrelationTestSupport.T0.toEpochMilli();
            long end = a.window().end().toEpochMilli() - CorrelationTestSupport.T0.toEpochMilli();
            out.add(a.rule().name() + " " + a.group().get("user") + " " + start + " " + end + " " + a.value());
        }
        out.sort(null);
        return out;
    }

    @Test
    void randomStreams_engineAgreesWithTheReference() {
        for (long seed = 1; seed <= 5; seed++) {
            List<Match> stream = stream(seed);
            List<String> expected = reference(stream);
            assertThat(expected).as("seed %d has alerts of every kind", seed)
                    .anyMatch(s -> s.startsWith("count")).anyMatch(s -> s.startsWith("distinct"))
                    .anyMatch(s -> s.startsWith("exactly"));
            assertThat(engine(stream, 1)).as("seed %d, 1 partition", seed).isEqualTo(expected);
            assertThat(engine(stream, 3)).as("seed %d, 3 partitions", seed).isEqualTo(expected);
        }
    }
}
