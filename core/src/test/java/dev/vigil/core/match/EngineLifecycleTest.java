package dev.vigil.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A long-lived host rebuilds its engine as rules change, matching on one fixed thread pool: the engines it
 * drops must be collectable, whatever per-thread scratch state they left on the pool's threads.
 */
class EngineLifecycleTest {

    private static final int ENGINES = 100;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void droppedEngines_usedFromAFixedThreadPool_areCollected(boolean reference) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<WeakReference<Engine>> dropped = new ArrayList<>();
            Event event = Event.of(Map.of("Image", "C:\\Windows\\cmd.exe", "CommandLine", "whoami /all"));
            for (int i = 0; i < ENGINES; i++) {
                Engine engine = Engine.builder().reference(reference).addRules(rules(i)).build();
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    runs.add(pool.submit(() -> engine.match(event).size()));
                }
                for (Future<Integer> run : runs) {
                    assertThat(run.get()).isEqualTo(2);
                }
                dropped.add(new WeakReference<>(engine));
            }

            assertThat(collected(dropped)).as("engines collected of %d dropped", ENGINES).isEqualTo(ENGINES);
        } finally {
            pool.shutdownNow();
        }
    }

    /** How many of {@code refs} are cleared, after up to 20 rounds of GC. */
    private static int collected(List<WeakReference<Engine>> refs) throws InterruptedException {
        int cleared = 0;
        for (int round = 0; round < 20 && cleared < refs.size(); round++) {
            System.gc();
            Thread.sleep(50);
            cleared = (int) refs.stream().filter(r -> r.get() == null).count();
        }
        return cleared;
    }

    private static List<Rule> rules(int generation) {
        List<Rule> rules = new ArrayList<>();
        rules.add(rule("cmd-" + generation, "Image", "cmd.exe"));
        rules.add(rule("whoami-" + generation, "CommandLine", "whoami"));
        for (int i = 0; i < 20; i++) {
            rules.add(rule("other-" + generation + "-" + i, "CommandLine", "tool" + i));
        }
        return rules;
    }

    private static Rule rule(String id, String field, String contains) {
        return Rule.builder().id(id)
                .condition(new Condition.Match(FieldRef.of(field), StringMatcher.contains(contains, false))).build();
    }
}
