package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.sigma.SigmaText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rule set replaced while events flow: each event is matched by one whole rule set, old or new (never
 * a mixture), with that set's detections; the update takes effect from one event on, and sticks.
 */
class RuleUpdateTest {

    @RegisterExtension
    static final MiniClusterExtension MINI = FlinkTestSupport.miniCluster();

    /** Events the source has passed on: the update waits for the first 500. */
    static final AtomicInteger PASSED = new AtomicInteger();

    /** Two rules that every event of type fail or vc matches, under ids of {@code version}. */
    static RuleSet version(String version, int idBase) {
        String rule = """
                title: %s %s
                id: 20000000-0000-4000-8000-%012d
                logsource: {product: test}
                detection:
                  selection: {%s}
                  condition: selection
                level: medium
                """;
        return RuleSet.of(version, List.of(
                new SigmaText(version + "/type.yml", rule.formatted(version, "type", idBase, "type: [fail, vc]")),
                new SigmaText(version + "/user.yml", rule.formatted(version, "user", idBase + 1,
                        "type: [fail, vc], user|startswith: u"))));
    }

    @Test
    void updateMidStream_everyEventMatchedByOneWholeRuleSet_fromOneEventOn() throws Exception {
        PASSED.set(0);
        RuleSet v1 = version("v1", 0);
        RuleSet v2 = version("v2", 10);
        List<Event> events = CorrelationEquivalenceTest.stream(5, 2000);

        StreamExecutionEnvironment env = FlinkTestSupport.env(1);
        DataStream<Event> source = env.fromData(events, VigilTypes.event()).map(new CountAndPace()).returns(VigilTypes.event());
        DataStream<RuleSet> updates = env.fromData(VigilTypes.ruleSet(), v2).map(new AfterFiveHundred())
                .returns(VigilTypes.ruleSet());
        List<AlertRecord> alerts = FlinkTestSupport.collect(VigilFlink.builder(v1).ruleUpdates(updates).apply(source).alerts());

        // per event (its line), the versions of its detections and their ids
        Map<Integer, Set<String>> versions = new TreeMap<>();
        Map<Integer, Set<String>> ids = new HashMap<>();
        for (AlertRecord a : alerts) {
            int line = ((Detection) a.toAlert()).event().source().line();
            versions.computeIfAbsent(line, k -> new HashSet<>()).add(a.rulesVersion);
            ids.computeIfAbsent(line, k -> new HashSet<>()).add(a.id);
        }
        Engine e1 = Engine.builder().addRules(v1.load().rules()).build();
        Engine e2 = Engine.builder().addRules(v2.load().rules()).build();
        List<String> order = new ArrayList<>();
        for (Event e : events) {
            Set<String> expected1 = FlinkTestSupport.ids(e1.match(e));
            if (expected1.isEmpty()) {
                continue;
            }
            int line = e.source().line();
            assertThat(versions.get(line)).as("versions matching line %d", line).hasSize(1);
            String v = versions.get(line).iterator().next();
            assertThat(ids.get(line)).as("line %d under %s", line, v)
                    .isEqualTo(v.equals("v1") ? expected1 : FlinkTestSupport.ids(e2.match(e)));
            order.add(v);
        }
        int switched = order.indexOf("v2");
        assertThat(switched).as("events matched by v1 before the update").isGreaterThan(0);
        assertThat(order.subList(0, switched)).containsOnly("v1");
        assertThat(order.subList(switched, order.size())).as("once in, the update stays").containsOnly("v2");
        assertThat(order.subList(0, switched).size()).as("the first 500 events (some match) precede the update")
                .isGreaterThanOrEqualTo(50);
    }

    /** Counts the events passed on, one a millisecond, so that the update comes while they flow. */
    static final class CountAndPace implements MapFunction<Event, Event> {
        private static final long serialVersionUID = 1L;

        @Override
        public Event map(Event e) throws Exception {
            Thread.sleep(1);
            PASSED.incrementAndGet();
            return e;
        }
    }

    /** Holds the update back until 500 events have passed. */
    static final class AfterFiveHundred implements MapFunction<RuleSet, RuleSet> {
        private static final long serialVersionUID = 1L;

        @Override
        public RuleSet map(RuleSet r) throws Exception {
            while (PASSED.get() < 500) {
                Thread.sleep(5);
            }
            return r;
        }
    }
}
