package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.rejected;
import static dev.vigil.sigma.SigmaTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rules spec § Condition: and, or, not, parentheses, "1 of"/"all of" a pattern or them, condition
 * lists, and the errors of a bad condition. Three one-field selections a, b, c let each case say
 * which of them an event satisfies.
 */
class ConditionTest {

    /** A rule with selections a, b, c (fields A, B, C equal to 'x') and the given condition. */
    private static Rule abc(String condition) {
        return rule("""
                a:
                    A: x
                b:
                    B: x
                c:
                    C: x
                condition: %s
                """.formatted(condition));
    }

    /** An event satisfying the selections whose letters {@code which} holds ("ab", "", ...). */
    private static Event satisfying(String which) {
        return event("A", which.contains("a") ? "x" : "-", "B", which.contains("b") ? "x" : "-",
                "C", which.contains("c") ? "x" : "-");
    }

    @ParameterizedTest(name = "''{0}'' on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a and b               | ab  | true
            a and b               | a   | false
            a or b                | b   | true
            a or b                | c   | false
            not a                 | b   | true
            not a                 | a   | false
            a or b and c          | a   | true
            a or b and c          | b   | false
            a or b and c          | bc  | true
            (a or b) and c        | a   | false
            (a or b) and c        | ac  | true
            not a and b           | b   | true
            not a and b           | ab  | false
            not a and b           | ''  | false
            not (a and b)         | a   | true
            not (a and b)         | ab  | false
            not a or b            | ab  | true
            not a or b            | a   | false
            a and not b and not c | a   | true
            a and not b and not c | ac  | false
            not not a             | a   | true
            ((a))                 | a   | true
            a and (b or (c))      | ac  | true
            """)
    @DisplayName("rules spec § Condition: and/or/not, precedence (or < and < not), parentheses")
    void condition_booleanExpression_evaluatesWithPrecedence(String condition, String which, boolean expected) {
        assertThat(abc(condition).matches(satisfying(which))).isEqualTo(expected);
    }

    private static Rule selections(String condition) {
        return rule("""
                selection_img:
                    Image|endswith: '\\\\evil.exe'
                selection_cli:
                    CommandLine|contains: ' -bad '
                filter_user:
                    User: admin
                _helper:
                    Helper: x
                condition: %s
                """.formatted(condition));
    }

    private static Event ev(boolean img, boolean cli, boolean user, boolean helper) {
        return event("Image", img ? "C:\\evil.exe" : "C:\\good.exe", "CommandLine", cli ? "x -bad y" : "x",
                "User", user ? "admin" : "bob", "Helper", helper ? "x" : "y");
    }

    @Test
    @DisplayName("rules spec § Condition: 1 of selection* is an OR of the matching identifiers")
    void oneOfPattern_anyMatchingIdentifier_matches() {
        Rule r = selections("1 of selection*");
        assertThat(r.matches(ev(true, false, false, false))).isTrue();
        assertThat(r.matches(ev(false, true, false, false))).isTrue();
        assertThat(r.matches(ev(false, false, true, true))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: all of selection* is an AND of the matching identifiers")
    void allOfPattern_everyMatchingIdentifier_matches() {
        Rule r = selections("all of selection*");
        assertThat(r.matches(ev(true, true, false, false))).isTrue();
        assertThat(r.matches(ev(true, false, true, true))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: 1 of selection* and not 1 of filter*")
    void oneOfSelectionsAndNotFilters_filtered_doesNotMatch() {
        Rule r = selections("1 of selection* and not 1 of filter*");
        assertThat(r.matches(ev(true, false, false, false))).isTrue();
        assertThat(r.matches(ev(true, false, true, false))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: a wildcard may stand anywhere in the pattern (*_img, sel*_c*)")
    void ofPattern_innerAndLeadingWildcards_matchIdentifiers() {
        assertThat(selections("1 of *_img").matches(ev(true, false, false, false))).isTrue();
        assertThat(selections("1 of *_img").matches(ev(false, true, false, false))).isFalse();
        assertThat(selections("all of sel*_c*").matches(ev(false, true, false, false))).isTrue();
    }

    @Test
    @DisplayName("rules spec § Condition: 1 of them ignores identifiers starting with _")
    void oneOfThem_onlyUnderscoreIdentifierMatches_doesNotMatch() {
        Rule r = selections("1 of them");
        assertThat(r.matches(ev(false, false, true, false))).isTrue();
        assertThat(r.matches(ev(false, false, false, true))).as("only _helper").isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: all of them requires every identifier not starting with _")
    void allOfThem_underscoreIdentifierUnmatched_stillMatches() {
        Rule r = selections("all of them");
        assertThat(r.matches(ev(true, true, true, false))).as("_helper not needed").isTrue();
        assertThat(r.matches(ev(true, true, false, true))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: an _identifier can still be named explicitly")
    void underscoreIdentifier_namedExplicitly_used() {
        Rule r = selections("selection_img and not _helper");
        assertThat(r.matches(ev(true, false, false, false))).isTrue();
        assertThat(r.matches(ev(true, false, false, true))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: 'x of' binds tighter than and/or/not")
    void ofExpression_precedence_bindsTighterThanNot() {
        Rule r = selections("not 1 of selection* and filter_user");
        assertThat(r.matches(ev(false, false, true, false))).isTrue();
        assertThat(r.matches(ev(false, true, true, false))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: a list of conditions is OR-ed")
    void conditionList_anyConditionHolds_matches() {
        Rule r = rule("""
                a:
                    A: x
                b:
                    B: x
                c:
                    C: x
                condition:
                    - a and b
                    - c
                """);
        assertThat(r.matches(satisfying("ab"))).isTrue();
        assertThat(r.matches(satisfying("c"))).isTrue();
        assertThat(r.matches(satisfying("a"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: an identifier without wildcard names only itself")
    void identifierPrefix_notAPattern_onlyExactIdentifier() {
        Rule r = rule("""
                selection:
                    A: x
                selection_extra:
                    B: x
                condition: 1 of selection
                """);
        assertThat(r.matches(satisfying("a"))).isTrue();
        assertThat(r.matches(satisfying("b"))).isFalse();
    }

    @Test
    @DisplayName("rules spec § Condition: an unknown identifier is rejected with its column")
    void unknownIdentifier_rejectedWithColumn() {
        Problem p = rejected("""
                selection:
                    A: x
                condition: selection and not filtre
                """);
        assertThat(p.message()).contains("filtre");
        assertThat(p.where().field()).isEqualTo("detection.condition");
        assertThat(p.where().line()).isEqualTo(8);
        // "    condition: selection and not filtre": 'filtre' starts at column 34
        assertThat(p.where().column()).isEqualTo(34);
    }

    @Test
    @DisplayName("rules spec § Condition: the column is right for a quoted condition too")
    void unknownIdentifierQuoted_rejectedWithColumn() {
        Problem p = rejected("""
                selection:
                    A: x
                condition: 'selection or filtre'
                """);
        assertThat(p.message()).contains("filtre");
        // "    condition: 'selection or filtre'": 'filtre' starts at column 30
        assertThat(p.where().column()).isEqualTo(30);
    }

    @Test
    @DisplayName("rules spec § Condition: the column is right in a condition list")
    void unknownIdentifierInList_rejectedWithLineAndColumn() {
        Problem p = rejected("""
                selection:
                    A: x
                condition:
                    - selection
                    - not filtre
                """);
        assertThat(p.message()).contains("filtre");
        assertThat(p.where().line()).isEqualTo(10);
        // "        - not filtre": 'filtre' starts at column 15
        assertThat(p.where().column()).isEqualTo(15);
    }

    @Test
    @DisplayName("rules spec § Condition: 1 of a pattern that names no identifier is rejected")
    void ofPatternWithoutMatch_rejected() {
        Problem p = rejected("""
                selection:
                    A: x
                condition: 1 of filter*
                """);
        assertThat(p.message()).contains("filter*");
    }

    @Test
    @DisplayName("rules spec § Condition: a bare wildcard pattern needs '1 of' or 'all of'")
    void barePattern_rejected() {
        Problem p = rejected("""
                selection:
                    A: x
                condition: selection*
                """);
        assertThat(p.message()).contains("1 of");
    }

    @Test
    @DisplayName("rules spec § Condition: only '1 of' and 'all of' exist")
    void twoOf_rejected() {
        Problem p = rejected("""
                sel1:
                    A: x
                sel2:
                    B: x
                condition: 2 of sel*
                """);
        assertThat(p.message()).contains("2");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            (a or b
            a or b)
            (a and (b or c)
            a and
            not
            a b
            ()
            """)
    @DisplayName("rules spec § Condition: unbalanced parentheses and incomplete expressions are rejected")
    void malformedCondition_rejected(String condition) {
        Problem p = rejected("""
                a:
                    A: x
                b:
                    B: x
                c:
                    C: x
                condition: '%s'
                """.formatted(condition));
        assertThat(p.where().field()).isEqualTo("detection.condition");
        assertThat(p.message()).isNotBlank();
    }

    @Test
    @DisplayName("rules spec § Condition: unbalanced '(' names the missing ')'")
    void unclosedParenthesis_rejectedNamingParenthesis() {
        Problem p = rejected("""
                a:
                    A: x
                condition: (a
                """);
        assertThat(p.message()).contains("')'");
    }

    /** The Sigma 1 aggregation syntax is translated into correlations (LegacyAggregationTest); what it cannot read is rejected. */
    @Test
    @DisplayName("rules spec § Condition: an unreadable legacy aggregation after '|' is rejected with a reason")
    void legacyAggregation_unreadable_rejectedWithReason() {
        Problem p = rejected("""
                selection:
                    EventID: 4625
                condition: selection | frobnicate() by TargetUserName > 10
                """);
        assertThat(p.message()).contains("legacy aggregation").contains("count()");
        assertThat(p.where().field()).isEqualTo("detection.condition");
    }

    @Test
    @DisplayName("rules spec § Condition: a detection without condition is rejected")
    void missingCondition_rejectedNamingField() {
        Problem p = rejected("""
                selection:
                    A: x
                """);
        assertThat(p.where().field()).isEqualTo("detection.condition");
        assertThat(p.message()).contains("condition");
    }
}
