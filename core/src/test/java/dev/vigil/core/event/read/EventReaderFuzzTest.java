package dev.vigil.core.event.read;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.Problem;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.RegexMatcher;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import java.io.ByteArrayInputStream;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Any bytes at all: reading never throws, every skipped record is a problem naming the input and a
 * line, and on whatever events come out the optimized matcher agrees with the reference evaluator.
 *
 * <p>A normal build runs only the seeds in {@code EventReaderFuzzTestInputs/}. To fuzz (coverage
 * guided, five minutes; new failing inputs are written next to the seeds):
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -o test -pl core -Dtest=EventReaderFuzzTest
 * }</pre>
 */
class EventReaderFuzzTest {

    private static final List<Rule> RULES = List.of(
            rule("a", new Condition.Match(FieldRef.of("a"), StringMatcher.contains("x", false))),
            rule("b", new Condition.Match(FieldRef.of("b.c"), StringMatcher.endsWith("Y", false))),
            rule("star", new Condition.Match(FieldRef.of("*.c"), StringMatcher.equalTo("1", false))),
            rule("kw", new Condition.Keyword(StringMatcher.contains("ab", false))),
            rule("re", new Condition.Match(FieldRef.of("Event.EventData.Image"), RegexMatcher.of("\\.exe$", true, false, false))),
            rule("absent", new Condition.Not(new Condition.Exists(FieldRef.of("a"), true))),
            rule("null", new Condition.IsNull(FieldRef.of("k"))));

    private static final Engine OPTIMIZED = Engine.builder().addRules(RULES).build();
    private static final Engine REFERENCE = Engine.builder().addRules(RULES).reference(true).build();

    private static Rule rule(String id, Condition c) {
        return Rule.builder().id(id).condition(c).build();
    }

    @FuzzTest(maxDuration = "5m")
    void readsAnyBytes(byte[] input) {
        long events = 0;
        try (EventReader reader = EventReader.builder().open(new ByteArrayInputStream(input), "fuzz.jsonl")) {
            for (Event e : reader) {
                events++;
                assertThat(ids(OPTIMIZED.match(e))).isEqualTo(ids(REFERENCE.match(e)));
            }
            assertThat(reader.eventsRead()).isEqualTo(events);
            for (Problem p : reader.problems()) {
                assertThat(p.where().file()).isEqualTo("fuzz.jsonl");
                assertThat(p.where().line()).isPositive();
                assertThat(p.message()).isNotBlank();
            }
        }
    }

    private static List<String> ids(List<Detection> found) {
        return found.stream().map(d -> d.rule().id()).toList();
    }
}
