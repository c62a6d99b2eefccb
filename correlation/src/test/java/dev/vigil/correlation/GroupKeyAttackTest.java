package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.correlate;
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
import org.junit.jupiter.api.Test;

/** Group keys and distinct tuples made of attacker-written values, separators included. */
class GroupKeyAttackTest {

    /** Group values holding U+001F (or any character) do not merge two groups. */
    @Test
    void valuesContainingAnySeparator_stayTwoGroups() {
        Detector detector = Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user", "host")).condition(CorrelationCondition.atLeast(2)).generate(true)
                        .build())
                .build();
        List<CorrelationAlert> out = correlate(detector,
                event("fail", 0, "user", "admin\u001fdc01", "host", "x"),
                event("fail", 1, "user", "admin", "host", "dc01\u001fx"));
        assertThat(out).as("one failure in each of two groups: (admin\\u001fdc01, x) and (admin, dc01\\u001fx)")
                .isEmpty();
    }

    /** value_count tuples holding U+001F stay distinct. */
    @Test
    void valueCount_tuplesContainingAnySeparator_countAsTwo() {
        Detector detector = Detector.builder().addRule(rule("login"))
                .addCorrelation(corr("spray", CorrelationType.VALUE_COUNT, Duration.ofMinutes(5), "login")
                        .groupBy(List.of("src")).valueFields(List.of(FieldRef.of("user"), FieldRef.of("domain")))
                        .condition(CorrelationCondition.atLeast(2)).generate(true).build())
                .build();
        List<CorrelationAlert> out = correlate(detector,
                event("login", 0, "src", "10.0.0.1", "user", "a\u001fb", "domain", "c"),
                event("login", 1, "src", "10.0.0.1", "user", "a", "domain", "b\u001fc"));
        assertThat(out).as("two distinct (user, domain) pairs").hasSize(1);
    }

    /**
     * Attack: the attacker writes the group-by field twice, {@code {"user":"decoy","user":"admin"}} (read as the
     * list {@code ["decoy","admin"]}), or as an array, so that the brute force on {@code admin} is counted under
     * {@code decoy}. Before, the first value alone was taken. Now a match joins the group of each distinct value
     * (bounded by {@link DetectorSession#MAX_GROUP_VALUES} per field and {@link DetectorSession#MAX_GROUPS_PER_MATCH}).
     */
    @Test
    void aRepeatedGroupByField_joinsTheGroupOfEachValue() {
        Detector detector = Detector.builder().addRule(rule("fail"))
                .addCorrelation(corr("brute", CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                        .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(3)).generate(true).build())
                .build();
        List<CorrelationAlert> out = correlate(detector,
                event("fail", 0, "user", List.of("decoy1", "admin")),
                event("fail", 1, "user", List.of("decoy2", "admin", "admin")),
                event("fail", 2, "user", "admin"));
        assertThat(out).extracting(c -> c.group().get("user")).containsExactly("admin");
        assertThat(out.get(0).matchCount()).isEqualTo(3);
    }

    /** Two group-by fields with several values each: every combination, and no more than the cap. */
    @Test
    void severalValuedFields_giveEveryCombination_upToTheCap() {
        Event e = event("fail", 0, "user", List.of("a", "b"), "host", List.of("x", "y", "x"));
        assertThat(DetectorSession.groups(e, List.of(FieldRef.of("user"), FieldRef.of("host"))))
                .extracting(g -> g[0] + "/" + g[1]).containsExactly("a/x", "a/y", "b/x", "b/y");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add("v" + i);
        }
        Event wide = event("fail", 0, "user", many, "host", many);
        assertThat(DetectorSession.groups(wide, List.of(FieldRef.of("user"), FieldRef.of("host"))))
                .hasSize(DetectorSession.MAX_GROUPS_PER_MATCH);
        assertThat(DetectorSession.groups(e, List.of(FieldRef.of("absent")))).isEmpty();
    }
}
