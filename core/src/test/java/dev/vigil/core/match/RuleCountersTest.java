package dev.vigil.core.match;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/** The per-rule counters behind {@link Engine#stats()}: summed over threads, and bounded when threads come and go. */
class RuleCountersTest {

    private static final List<Rule> RULES = List.of(
            Rule.builder().id("a").condition(new Condition.Constant(true)).build(),
            Rule.builder().id("b").condition(new Condition.Constant(false)).build());

    @Test
    void countersOfEndedThreadsAreKeptButTheirSlotsAreReleased() throws Exception {
        RuleCounters counters = new RuleCounters(RULES);
        for (int i = 0; i < 50; i++) {
            Thread t = new Thread(() -> {
                RuleCounters.Slot s = counters.newSlot();
                s.record(0, true, 10);
                s.record(1, false, 5);
            });
            t.start();
            t.join();
        }
        assertThat(counters.liveSlots()).isZero();
        List<RuleStats> stats = counters.snapshot();
        assertThat(stats).extracting(x -> x.rule().id(), RuleStats::evaluations, RuleStats::matches, RuleStats::nanos)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 50L, 50L, 500L),
                        org.assertj.core.groups.Tuple.tuple("b", 50L, 0L, 250L));
    }

    @Test
    void engineStatsSumEveryThreadOfAPoolThatReplacesItsThreads() throws Exception {
        Engine engine = Engine.builder().addRules(RULES).build();
        Event event = Event.of(Map.of("x", "y"));
        List<Future<?>> done = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            for (int i = 0; i < 30; i++) {
                done.add(pool.submit(() -> engine.match(event)));
            }
            pool.shutdown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        RuleStats a = engine.stats().stream().filter(s -> s.rule().id().equals("a")).findFirst().orElseThrow();
        assertThat(a.evaluations()).isEqualTo(150);
        assertThat(a.matches()).isEqualTo(150);
    }
}
