package dev.vigil.core.match;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Matches events against a fixed set of compiled rules.
 *
 * <p>Build once with {@link #builder()}, then feed events one at a time or as a stream. An engine is
 * immutable and thread-safe: any number of threads may call {@link #match(Event)} at once.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().addRules(rules).build();
 * for (Detection d : engine.match(event)) { ... }
 * }</pre>
 */
public interface Engine {

    /** The rules, in the order they were added. */
    List<Rule> rules();

    /**
     * Per-rule counters since the engine was built (evaluations, matches, time), costliest first:
     * the "hot rules" of the workload. Always on; cheap enough to leave so.
     */
    List<RuleStats> stats();

    /** The detections for {@code event}, in rule order; empty, never null, when no rule matches. */
    List<Detection> match(Event event);

    /** Feeds the detections for {@code event} to {@code sink}, in rule order. */
    default void match(Event event, Consumer<? super Detection> sink) {
        for (Detection d : match(event)) {
            sink.accept(d);
        }
    }

    /** The detections for each event of {@code events}, lazily, in event order. */
    default Stream<Detection> match(Stream<? extends Event> events) {
        return events.flatMap(e -> match(e).stream());
    }

    static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Engine}. */
    final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private boolean reference;

        private Builder() {
        }

        public Builder addRule(Rule rule) {
            rules.add(rule);
            return this;
        }

        public Builder addRules(Collection<Rule> rules) {
            this.rules.addAll(rules);
            return this;
        }

        /**
         * Use the straightforward evaluator (every rule's condition on every event) instead of the
         * optimized matcher. Both return the same detections; this one is the yardstick for tests and
         * benchmarks.
         */
        public Builder reference(boolean reference) {
            this.reference = reference;
            return this;
        }

        public Engine build() {
            return reference ? new ReferenceEngine(rules) : new IndexedEngine(rules);
        }
    }
}
