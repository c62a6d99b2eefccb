package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.StringMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any text as a Sigma condition (rules specification, "Condition"): parsing either gives a condition or
 * an error at a column within the text, never another exception; a parsed condition gives the same
 * verdicts in the optimized matcher as in the reference evaluator.
 *
 * <p>A normal build runs only the seeds in {@code ConditionParserFuzzTestInputs/}. To fuzz:
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 mvn -o test -pl core,sigma-compat -Dtest=ConditionParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class ConditionParserFuzzTest {

    private static final Map<String, Condition> IDENTIFIERS = new LinkedHashMap<>();
    private static final List<Event> EVENTS = List.of(
            Event.of(Map.of("a", "1", "b", "2")), Event.of(Map.of("c", "3", "_h", "4")), Event.of(Map.of()));

    static {
        for (String name : List.of("sel", "sel1", "sel_2", "filter", "filter_x", "a", "_h", "them", "of", "1")) {
            String field = name.equals("sel") ? "a" : name.equals("filter") ? "b" : name.startsWith("_") ? "_h" : "c";
            IDENTIFIERS.put(name, new Condition.Match(FieldRef.of(field),
                    StringMatcher.equalTo(name.equals("sel") ? "1" : name.equals("filter") ? "2" : "3", false)));
        }
    }

    @FuzzTest(maxDuration = "5m")
    void parsesAnyCondition(FuzzedDataProvider data) {
        int depth = data.consumeInt(1, RuleLimits.MAX_CONDITION_DEPTH_CAP);
        String text = data.consumeRemainingAsString();
        Condition c;
        try {
            c = ConditionParser.parse(text, IDENTIFIERS, depth,
                    (offset, msg) -> new SigmaException(msg, 1, 1 + offset, "detection.condition"));
        } catch (SigmaException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.column).isBetween(1, text.length() + 1);
            return;
        }
        Rule rule = Rule.builder().metadata(RuleMetadata.builder().title("fuzz").build()).condition(c).build();
        Engine optimized = Engine.builder().addRule(rule).build();
        Engine reference = Engine.builder().addRule(rule).reference(true).build();
        for (Event e : EVENTS) {
            assertThat(optimized.match(e).size()).isEqualTo(reference.match(e).size());
        }
    }
}
