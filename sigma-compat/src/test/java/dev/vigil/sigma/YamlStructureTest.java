package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.IGNORE;
import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.allocated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.RuleLimits;
import org.junit.jupiter.api.Test;

/**
 * Rule files are YAML (Sigma rules specification, "Yaml File", YAML 1.2.2): anchors and aliases are
 * resolved as YAML defines them, within {@link RuleLimits#maxAliasNodes()}; merge keys copy a map's
 * entries as PyYAML (and so pySigma) does; a key set twice in one mapping rejects the document, naming
 * line and key. Each fault costs only its own document.
 */
class YamlStructureTest {

    private static final String GOOD = SigmaTestSupport.GOOD_RULE;

    private static LoadResult load(String yaml) {
        return IGNORE.loadString(yaml + "---\n" + GOOD, "rules.yml");
    }

    private static Problem onlyError(LoadResult r) {
        assertThat(r.rules()).as("the good rule still loads").extracting(x -> x.title()).containsExactly("good");
        assertThat(r.documents()).isEqualTo(2);
        return r.errors().stream().reduce((a, b) -> {
            throw new AssertionError("more than one error: " + r.errors());
        }).orElseThrow(() -> new AssertionError("no error"));
    }

    @Test
    void anAliasStandsForTheAnchoredValue_mapAndList() {
        LoadResult r = IGNORE.loadString("""
                title: aliases
                logsource: {product: windows}
                detection:
                  images: &img
                    Image|endswith: ['\\\\evil.exe', &tool '\\\\tool.exe']
                  again: *img
                  tools:
                    Image|endswith: *tool
                  condition: again and tools
                """, "a.yml");
        assertThat(r.errors()).isEmpty();
        Engine engine = Engine.builder().addRules(r.rules()).build();
        assertThat(engine.match(event("Image", "C:\\tool.exe"))).hasSize(1);
        assertThat(engine.match(event("Image", "C:\\evil.exe"))).isEmpty();
    }

    @Test
    void anAliasRefersToTheLatestAnchorOfItsName() {
        LoadResult r = IGNORE.loadString("""
                title: redefined
                logsource: {product: windows}
                x: &v first
                y: &v second
                detection:
                  sel: {a: *v}
                  condition: sel
                """, "a.yml");
        Engine engine = Engine.builder().addRules(r.rules()).build();
        assertThat(engine.match(event("a", "second"))).hasSize(1);
        assertThat(engine.match(event("a", "first"))).isEmpty();
    }

    @Test
    void anAliasToNoAnchor_isAnErrorAtTheAlias() {
        Problem p = onlyError(load("""
                title: undefined
                logsource: {product: windows}
                detection:
                  sel: {a: *nowhere}
                  condition: sel
                """));
        assertThat(p.where().line()).isEqualTo(4);
        assertThat(p.message()).contains("*nowhere").contains("no anchor");
    }

    @Test
    void anAliasInsideItsOwnAnchor_isAnError() {
        Problem p = onlyError(load("""
                title: recursive
                logsource: {product: windows}
                detection:
                  sel: &loop {a: [*loop]}
                  condition: sel
                """));
        assertThat(p.message()).contains("*loop").contains("recursive");
    }

    /** Ten levels of ten aliases stand for ten billion values; rejected after reading a few thousand. */
    @Test
    void billionLaughs_isRejectedQuickly_withLittleMemory() {
        StringBuilder yaml = new StringBuilder("title: lol\nlogsource: {product: windows}\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append('l').append(i).append(": &l").append(i).append(" [").append(("*l" + (i - 1) + ", ").repeat(9))
                    .append("*l").append(i - 1).append("]\n");
        }
        yaml.append("detection:\n  sel: {a: *l9}\n  condition: sel\n");
        LoadResult[] r = new LoadResult[1];
        long start = System.nanoTime();
        long bytes = allocated(() -> r[0] = load(yaml.toString()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        Problem p = onlyError(r[0]);
        assertThat(p.message()).contains("RuleLimits.maxAliasNodes").contains("10000");
        assertThat(p.where().line()).as("l3, whose aliases went over the limit").isEqualTo(6);
        assertThat(bytes).as("bytes allocated").isLessThan(32L << 20);
        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void maxAliasNodes_countsEveryNodeAnAliasRepeats() {
        String yaml = """
                title: list
                logsource: {product: windows}
                detection:
                  one: &one {a: [v1, v2, v3]}
                  two: *one
                  condition: one and two
                """;
        SigmaLoader five = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE)
                .limits(RuleLimits.builder().maxAliasNodes(5).build()).build();
        SigmaLoader four = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE)
                .limits(RuleLimits.builder().maxAliasNodes(4).build()).build();
        assertThat(five.loadString(yaml, "a.yml").errors()).as("map, list and three values").isEmpty();
        assertThat(four.loadString(yaml, "a.yml").errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("RuleLimits.maxAliasNodes"));
    }

    @Test
    void mergeKey_copiesTheEntriesTheMapDoesNotSetItself() {
        LoadResult r = IGNORE.loadString("""
                title: merged
                logsource: {product: windows}
                base: &base {Image|endswith: '\\\\cmd.exe', User: admin}
                detection:
                  sel:
                    <<: *base
                    User: system
                  condition: sel
                """, "m.yml");
        assertThat(r.errors()).isEmpty();
        Engine engine = Engine.builder().addRules(r.rules()).build();
        assertThat(engine.match(event("Image", "C:\\cmd.exe", "User", "system"))).hasSize(1);
        assertThat(engine.match(event("Image", "C:\\cmd.exe", "User", "admin"))).isEmpty();
    }

    @Test
    void mergeKey_ofAListOfMaps_theFirstToSetAKeyWins() {
        LoadResult r = IGNORE.loadString("""
                title: merged
                logsource: {product: windows}
                a: &a {User: first}
                b: &b {User: second, Host: h}
                detection:
                  sel: {<<: [*a, *b]}
                  condition: sel
                """, "m.yml");
        Engine engine = Engine.builder().addRules(r.rules()).build();
        assertThat(engine.match(event("User", "first", "Host", "h"))).hasSize(1);
        assertThat(engine.match(event("User", "second", "Host", "h"))).isEmpty();
    }

    @Test
    void mergeKey_ofAValue_isAnError_andAQuotedOneIsAPlainKey() {
        Problem p = onlyError(load("""
                title: bad merge
                logsource: {product: windows}
                detection:
                  sel: {<<: text, a: b}
                  condition: sel
                """));
        assertThat(p.message()).contains("merge key <<");
        assertThat(p.where().line()).isEqualTo(4);
        Engine engine = Engine.builder().addRules(IGNORE.loadString(
                "title: q\nlogsource: {product: windows}\ndetection:\n  sel: {'<<': x}\n  condition: sel\n", "q.yml")
                .rules()).build();
        assertThat(engine.match(event("<<", "x"))).hasSize(1);
    }

    @Test
    void duplicateKey_atTheTopLevel() {
        Problem p = onlyError(load("""
                title: first
                title: second
                logsource: {product: windows}
                detection:
                  sel: {a: b}
                  condition: sel
                """));
        assertThat(p.where().line()).isEqualTo(2);
        assertThat(p.where().field()).isEqualTo("title");
        assertThat(p.message()).contains("'title'").contains("twice").contains("line 1");
    }

    @Test
    void duplicateKey_inDetection_inASelection_andInACorrelation() {
        Problem det = onlyError(load("""
                title: t
                logsource: {product: windows}
                detection:
                  sel: {a: b}
                  sel: {a: c}
                  condition: sel
                """));
        assertThat(det.where().line()).isEqualTo(5);
        assertThat(det.where().field()).isEqualTo("sel");
        Problem sel = onlyError(load("""
                title: t
                logsource: {product: windows}
                detection:
                  sel:
                    Image|endswith: a.exe
                    User: x
                    Image|endswith: b.exe
                  condition: sel
                """));
        assertThat(sel.where().line()).isEqualTo(7);
        assertThat(sel.message()).contains("'Image|endswith'");
        Problem corr = onlyError(load("""
                title: c
                correlation:
                  type: event_count
                  rules: good
                  timespan: 1h
                  timespan: 1d
                  condition: {gte: 2}
                """));
        assertThat(corr.where().line()).isEqualTo(6);
        assertThat(corr.message()).contains("'timespan'");
    }

    @Test
    void nestingBeyondTheYamlReadersDepth_isAnError_notAStackOverflow() {
        int n = 100_000;
        LoadResult r = IGNORE.loadString("title: deep\nx: " + "[".repeat(n) + "]".repeat(n) + "\n", "deep.yml");
        assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.message()).contains("nesting depth"));
    }
}
