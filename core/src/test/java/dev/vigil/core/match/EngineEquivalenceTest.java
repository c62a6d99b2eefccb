package dev.vigil.core.match;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.CidrMatcher;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.GlobPattern;
import dev.vigil.core.rule.NumericMatcher;
import dev.vigil.core.rule.RegexMatcher;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.ValueMatcher;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * Example-based equivalence of the optimized matcher and the reference evaluator: one test per
 * prefilter construct (literal atoms, regex literals, presence, clause selection) and per event shape
 * the path trie must walk as {@link FieldPath} does, plus the divergences the property tests
 * ({@link EngineEquivalencePropertiesTest}) found, shrunk, as regression tests. Each test also states what
 * the reference returns, so that agreement on "nothing matches" cannot pass for a test.
 */
class EngineEquivalenceTest {

    // ---- helpers

    private static FieldRef f(String... paths) {
        return new FieldRef(String.join("|", paths), Arrays.stream(paths).map(FieldPath::of).toList());
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static Condition match(String path, ValueMatcher m) {
        return new Condition.Match(f(path), m);
    }

    private static StringMatcher glob(boolean cased, Object... parts) {
        List<GlobPattern.Part> ps = new ArrayList<>();
        for (Object p : parts) {
            ps.add(p instanceof String s ? new GlobPattern.Literal(s) : (GlobPattern.Part) p);
        }
        GlobPattern pattern = GlobPattern.of(ps);
        return new StringMatcher(StringMatcher.Kind.GLOB, pattern.toString(), pattern, cased);
    }

    private static RegexMatcher re(String regex) {
        return RegexMatcher.of(regex, false, false, false);
    }

    private static RegexMatcher reI(String regex) {
        return RegexMatcher.of(regex, true, false, false);
    }

    /** Asserts both engines agree on {@code c} over {@code event} and the reference says {@code expected}. */
    private static void check(Condition c, Map<String, Object> event, boolean expected) {
        assertThat(Equivalence.matches(c, event)).as("reference result of %s on %s", c, event).isEqualTo(expected);
    }

    private static final GlobPattern.Wildcard ANY = GlobPattern.ANY_RUN;
    private static final GlobPattern.Wildcard ONE = GlobPattern.ANY_CHAR;

    // ---- regressions: divergences the property tests found

    @Nested
    class Regressions {

        @Test
        void emptyList_isAPresentField() {
            check(new Condition.Exists(f("a.b"), true), map("a.b", list()), true);
            check(new Condition.Exists(f("a"), true), map("a", list(list())), true);
            check(new Condition.IsNull(f("a")), map("a", list()), true);
            check(new Condition.Not(new Condition.IsNull(f("a"))), map("a", list()), false);
        }

        @Test
        void emptyList_isTheFieldOfAnAlias_soLaterPathsAreNotConsulted() {
            Condition c = new Condition.Match(f("a", "b"), StringMatcher.equalTo("x", false));
            check(c, map("a", list(), "b", "x"), false);
            check(c, map("b", "x"), true);
        }

        @Test
        void flatKeyWithAStarSegment_isFoundByAStarPath() {
            check(match("a.*", re("ab")), map("a.*", list("ab")), true);
            check(match("*.b", StringMatcher.equalTo("v", false)), map("*.b", "v"), true);
        }

        @Test
        void textNode_isSearchedForEachPathNotFoundBesideIt() {
            // x.y is found beside the text node, x.z only inside it
            Map<String, Object> event = map("x", map("#text", map("z", 1), "y", 2));
            check(match("x.z", StringMatcher.equalTo("1", false)), event, true);
            check(new Condition.All(List.of(match("x.y", StringMatcher.equalTo("2", false)),
                    match("x.z", StringMatcher.equalTo("1", false)))), event, true);
        }

        @Test
        void textNode_isSearchedWhenAKeyMatchesButThePathEndsThere() {
            // "a" is a key of the text node, but a.b is not below it: the reference goes on into #text
            check(match("a.b", StringMatcher.equalTo("1", false)), map("#text", map("a", map("b", 1)), "a", 5), true);
        }

        @Test
        void textNode_isSearchedWhenAStarMatchesNothingBelow() {
            check(match("a.*.c", StringMatcher.equalTo("1", false)),
                    map("a", map("#text", map("x", map("c", 1)))), true);
        }

        @Test
        void textNode_alreadyFoundPathTakesNoValueFromInside() {
            // a.b is found beside the text node, so the 2 inside it is not a value of a.b
            check(match("a.b", StringMatcher.equalTo("2", false)),
                    map("a", map("b", 1, "#text", map("b", 2))), false);
        }

        @Test
        void octalEscape_isNotReadAsDigits() {
            check(match("a", re("a\\101b")), map("a", "aAb"), true);
            check(match("a", re("x\\0123")), map("a", "x\n3"), true);
            check(match("a", re("\\0")), map("a", "\0"), true);
        }

        @Test
        void nonStringKey_isSkippedLikeTheReferenceDoes() {
            Map<Object, Object> odd = new LinkedHashMap<>();
            odd.put(1, "x");
            odd.put("b", "y");
            check(match("a.*", StringMatcher.equalTo("x", false)), map("a", odd), true);
            check(match("a.b", StringMatcher.equalTo("y", false)), map("a", odd), true);
        }
    }

    // ---- literal atoms

    @Nested
    class LiteralAtoms {

        @Test
        void equals_isCaseInsensitive_andExact() {
            check(match("a", StringMatcher.equalTo("CMD.exe", false)), map("a", "cmd.EXE"), true);
            check(match("a", StringMatcher.equalTo("cmd", false)), map("a", "cmd.exe"), false);
            check(match("a", StringMatcher.equalTo("", false)), map("a", ""), true);
        }

        @Test
        void equals_numbersAndBooleans_byTheirText() {
            check(match("a", StringMatcher.equalTo("4688", false)), map("a", 4688), true);
            check(match("a", StringMatcher.equalTo("2", false)), map("a", 2.0), true);
            check(match("a", StringMatcher.equalTo("true", false)), map("a", true), true);
            check(match("a", StringMatcher.equalTo("1.5", false)), map("a", new BigDecimal("1.50")), false);
        }

        @Test
        void cased_hasNoAtom_andStillMatches() {
            check(match("a", StringMatcher.equalTo("ABC", true)), map("a", "ABC"), true);
            check(match("a", StringMatcher.equalTo("ABC", true)), map("a", "abc"), false);
            check(match("a", StringMatcher.contains("\u212A", true)), map("a", "x\u212A"), true);
            check(match("a", glob(true, "A", ANY, "B")), map("a", "AxB"), true);
        }

        @Test
        void prefixSuffixContains_atTheirPlace_includingTheWholeValue() {
            check(match("a", StringMatcher.startsWith("ab", false)), map("a", "AB"), true);
            check(match("a", StringMatcher.startsWith("ab", false)), map("a", "xab"), false);
            check(match("a", StringMatcher.endsWith("ab", false)), map("a", "xAb"), true);
            check(match("a", StringMatcher.endsWith("ab", false)), map("a", "abx"), false);
            check(match("a", StringMatcher.contains("ab", false)), map("a", "xaBx"), true);
            check(match("a", StringMatcher.contains("ab", false)), map("a", "ab"), true);
        }

        @Test
        void anyValueOfAList_satisfiesTheAtom() {
            check(match("a", StringMatcher.endsWith("\\cmd.exe", false)),
                    map("a", list("x", 3, null, "C:\\CMD.EXE")), true);
        }

        @Test
        void glob_longestLiteral_asPrefixSuffixOrSubstring() {
            check(match("a", glob(false, "abc", ANY, "x")), map("a", "ABCyyx"), true);
            check(match("a", glob(false, "abc", ANY, "x")), map("a", "yABCx"), false);
            check(match("a", glob(false, "x", ANY, "abc")), map("a", "xyABC"), true);
            check(match("a", glob(false, ANY, "abc", ONE)), map("a", "yyABCz"), true);
            check(match("a", glob(false, ONE, "abc", ONE)), map("a", "\uD83D\uDE00abc\u212A"), true);
            // a one-literal GLOB is still a GLOB: prefix and suffix at once
            check(match("a", glob(false, "abc")), map("a", "ABC"), true);
            check(match("a", glob(false, ANY)), map("a", ""), true);
        }

        @Test
        void irregularCaseMapping_agrees() {
            // Kelvin sign lower-cases to k; long s stays itself; dotted I grows a combining dot
            check(match("a", StringMatcher.contains("k", false)), map("a", "\u212A"), true);
            check(match("a", StringMatcher.contains("s", false)), map("a", "\u017F"), false);
            check(match("a", StringMatcher.equalTo("i", false)), map("a", "\u0130"), false);
            check(match("a", StringMatcher.startsWith("i", false)), map("a", "\u0130"), true);
            // Greek capital sigma lower-cases by its place in the word (see the report on this)
            check(match("a", StringMatcher.equalTo("\u039F\u03A3", false)), map("a", "\u03BF\u03C2"), true);
            check(match("a", StringMatcher.contains("\u039F\u03A3", false)), map("a", "\u039F\u03A3\u0391"), false);
            check(match("a", glob(false, ANY, "\u039F\u03A3", ONE)), map("a", "\u039F\u03A3\u0391"), false);
            check(match("a", glob(false, ANY, "\u039F\u03A3")), map("a", "x\u039F\u03A3"), true);
        }

        @Test
        void keyword_searchesEveryLeaf() {
            check(new Condition.Keyword(StringMatcher.contains("mimikatz", false)),
                    map("x", map("y", list(1, "run MIMIKATZ now"))), true);
            check(new Condition.Keyword(StringMatcher.contains("mimikatz", false)), map("x", "other"), false);
            check(new Condition.Keyword(StringMatcher.equalTo("12", false)), map("x", list(12)), true);
        }
    }

    // ---- regex literals

    @Nested
    class RegexAtoms {

        @Test
        void plainLiteral_andCase() {
            check(match("a", re("cmd\\.exe")), map("a", "x\\cmd.exe"), true);
            check(match("a", re("CMD")), map("a", "cmd"), false);
            check(match("a", reI("CMD")), map("a", "cmd"), true);
            check(match("a", re("(?i)CMD")), map("a", "cMd"), true);
        }

        @Test
        void caseInsensitiveK_andS_matchTheirUnicodeFolds() {
            check(match("a", reI("ks")), map("a", "\u212A\u017F"), true);
            check(match("a", re("(?i)desk")), map("a", "de\u017F\u212A"), true);
            check(match("a", re("x(?i:s)")), map("a", "x\u017F"), true);
        }

        @Test
        void alternation_needsOneBranch() {
            check(match("a", re("foo|bar")), map("a", "xbarx"), true);
            check(match("a", re("(foo|bar)baz")), map("a", "foobaz"), true);
            check(match("a", re("foo|")), map("a", "anything"), true);
            check(match("a", re("(foo|)bar")), map("a", "bar"), true);
        }

        @Test
        void optionalAndRepeatedParts() {
            check(match("a", re("(abc)?de")), map("a", "de"), true);
            check(match("a", re("(abc)*de")), map("a", "de"), true);
            check(match("a", re("x(abc){0}de")), map("a", "xde"), true);
            check(match("a", re("(abc)+de")), map("a", "abcabcde"), true);
            check(match("a", re("ab{2}c")), map("a", "abbc"), true);
            check(match("a", re("ab{0,2}c")), map("a", "ac"), true);
            check(match("a", re("ab*?c")), map("a", "ac"), true);
        }

        @Test
        void classesAnchorsAndEscapes() {
            check(match("a", re("^[a-c]x$")), map("a", "bx"), true);
            check(match("a", re("\\d+\\.exe")), map("a", "12.exe"), true);
            check(match("a", re("\\x41bc")), map("a", "Abc"), true);
            check(match("a", re("a\\tb")), map("a", "a\tb"), true);
            check(match("a", re("[\\]x]yz")), map("a", "]yz"), true);
            check(match("a", re("\\bword\\b")), map("a", "a word."), true);
            check(match("a", re("\\pLbc")), map("a", "\u00E9bc"), true);
            check(match("a", re("\\Qa.b\\E")), map("a", "a.b"), true);
        }

        @Test
        void nonAsciiLiterals_haveNoAtom() {
            check(match("a", reI("\u03A3")), map("a", "\u03C2"), true);
            check(match("a", reI("\u00E5")), map("a", "\u212B"), true);
            check(match("a", re("\u0130")), map("a", "\u0130"), true);
        }

        @Test
        void regexKeyword_andNumbers() {
            check(new Condition.Keyword(re("^4[0-9]{3}$")), map("x", list(map("y", 4688))), true);
            check(new Condition.Keyword(reI("powershell.*-enc")), map("x", "PowerShell.exe -ENC abc"), true);
        }
    }

    // ---- presence atoms and clause selection

    @Nested
    class Clauses {

        @Test
        void presence_existsAndNotNull() {
            check(new Condition.Exists(f("a"), true), map("a", null), true);
            check(new Condition.Not(new Condition.IsNull(f("a"))), map("a", null), false);
            check(new Condition.Not(new Condition.IsNull(f("a"))), map("a", list(null, "x")), true);
            check(new Condition.Exists(f("a"), false), map("b", 1), true);
        }

        @Test
        void any_withAPartWithoutAtoms_isEvaluatedAlways() {
            Condition c = new Condition.Any(List.of(match("a", StringMatcher.equalTo("x", false)),
                    new Condition.Not(match("b", StringMatcher.equalTo("y", false)))));
            check(c, map("c", 1), true);
            check(c, map("a", "x"), true);
            check(c, map("b", "y"), false);
        }

        @Test
        void any_unitesTheAtomsOfItsParts() {
            Condition c = new Condition.Any(List.of(match("a", StringMatcher.equalTo("x", false)),
                    match("b", re("yy|zz")), new Condition.Exists(f("c"), true)));
            check(c, map("b", "zz"), true);
            check(c, map("c", list()), true);
            check(c, map("a", "y"), false);
        }

        @Test
        void all_withMoreClausesThanKept() {
            Condition c = new Condition.All(List.of(
                    match("a", StringMatcher.equalTo("x", false)), match("b", StringMatcher.startsWith("y", false)),
                    match("c", StringMatcher.endsWith("z", false)), new Condition.Exists(f("d"), true),
                    new Condition.Keyword(StringMatcher.contains("w", false))));
            check(c, map("a", "X", "b", "yes", "c", "fizz", "d", null, "e", "now"), true);
            check(c, map("a", "X", "b", "yes", "c", "fizz", "d", null, "e", "no"), false);
            check(c, map("a", "X", "b", "yes", "c", "fizz", "e", "now"), false);
        }

        @Test
        void constants() {
            check(Condition.TRUE, map(), true);
            check(Condition.FALSE, map("a", 1), false);
            check(new Condition.All(List.of()), map(), true);
            check(new Condition.Any(List.of()), map(), false);
            check(new Condition.All(List.of(Condition.FALSE, match("a", StringMatcher.equalTo("1", false)))),
                    map("a", 1), false);
            check(new Condition.Any(List.of(Condition.FALSE, match("a", StringMatcher.equalTo("1", false)))),
                    map("a", 1), true);
            check(new Condition.Not(Condition.FALSE), map(), true);
        }

        @Test
        void matchersWithoutAtoms() {
            check(match("a", new NumericMatcher(NumericMatcher.Op.GT, BigDecimal.TEN)), map("a", "0x1f"), true);
            check(match("a", CidrMatcher.of("10.0.0.0/8")), map("a", list("x", "10.1.2.3")), true);
            check(new Condition.FieldCompare(f("a"), f("b"), StringMatcher.Kind.ENDS_WITH, false),
                    map("a", "C:\\X\\CMD.exe", "b", "cmd.EXE"), true);
        }

        @Test
        void rulesReportedInRuleOrder_evenWhenTheirAtomsAreSeenOutOfOrder() {
            List<Condition> rules = List.of(
                    match("b", StringMatcher.equalTo("y", false)), Condition.TRUE,
                    match("a", StringMatcher.equalTo("x", false)), new Condition.Exists(f("c"), true),
                    new Condition.Keyword(StringMatcher.contains("x", false)));
            Equivalence.assertSameDetections(rules, List.of(map("c", 1, "a", "x", "b", "y")));
            Engine e = Engine.builder().addRules(Equivalence.rules(rules)).build();
            Event event = Event.of(map("c", 1, "a", "x", "b", "y"));
            assertThat(Equivalence.ids(e.match(event), event)).containsExactly("r0", "r1", "r2", "r3", "r4");
        }
    }

    // ---- event shapes the path trie walks

    @Nested
    class Shapes {

        @Test
        void flatDottedKeys_andNesting_inEveryGrouping() {
            Condition c = match("a.b.c", StringMatcher.equalTo("v", false));
            check(c, map("a.b.c", "v"), true);
            check(c, map("a.b", map("c", "v")), true);
            check(c, map("a", map("b.c", "v")), true);
            check(c, map("a", map("b", map("c", "v"))), true);
            check(c, map("a", map("b.c.d", "v")), false);
        }

        @Test
        void arrays_onTheWayAndAtTheEnd() {
            Condition c = match("a.b", StringMatcher.equalTo("v", false));
            check(c, map("a", list(map("b", "x"), list(map("b", list("y", "v"))))), true);
            check(c, map("a", list(map("c", "v"))), false);
        }

        @Test
        void starSegments() {
            check(match("*.b", StringMatcher.equalTo("v", false)), map("x", map("b", "v")), true);
            check(match("a.*", StringMatcher.equalTo("v", false)), map("a", map("x", "y", "z", "v")), true);
            check(match("*", StringMatcher.equalTo("v", false)), map("x", list("v")), true);
            check(match("*.*", StringMatcher.equalTo("v", false)), map("x", map("y.z", "v")), true);
            check(new Condition.Exists(f("a.*"), true), map("a", map()), false);
        }

        @Test
        void textNodes_standForTheirText() {
            Map<String, Object> evtx = map("Event", map("System", map(
                    "EventID", map("#text", 4688, "#attributes", map("Qualifiers", "")),
                    "Provider", map("#attributes", map("Name", "Microsoft-Windows-Security-Auditing")))));
            check(match("Event.System.EventID", StringMatcher.equalTo("4688", false)), evtx, true);
            check(match("Event.System.Provider.#attributes.Name", StringMatcher.startsWith("microsoft", false)),
                    evtx, true);
            check(match("Event.System.EventID.#attributes.Qualifiers", StringMatcher.equalTo("", false)), evtx, true);
            check(match("a.b", StringMatcher.equalTo("v", false)), map("a", map("#text", map("b", "v"))), true);
            // a text node with a third key is a plain object
            check(match("a.b", StringMatcher.equalTo("v", false)),
                    map("a", map("#text", map("b", "v"), "#attributes", map(), "c", 1)), false);
        }

        @Test
        void aliases_firstExistingPathIsTheField() {
            Condition c = new Condition.Match(f("x", "a.b"), StringMatcher.equalTo("v", false));
            check(c, map("a", map("b", "v")), true);
            check(c, map("x", null, "a", map("b", "v")), false);
            check(new Condition.IsNull(f("x", "a.b")), map("x", null, "a", map("b", "v")), true);
        }

        @Test
        void mapsAndNulls_asValues() {
            check(match("a", StringMatcher.equalTo("", false)), map("a", map("b", 1)), false);
            check(new Condition.IsNull(f("a")), map("a", map("b", 1)), false);
            check(new Condition.IsNull(f("a")), map("a", list(null, null)), true);
            check(new Condition.FieldCompare(f("a"), f("b"), StringMatcher.Kind.EQUALS, true),
                    map("a", list(null, "X"), "b", list("X")), true);
        }
    }
}
