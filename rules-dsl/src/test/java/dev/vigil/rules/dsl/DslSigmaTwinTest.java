package dev.vigil.rules.dsl;

import static dev.vigil.rules.dsl.RuleDsl.allOf;
import static dev.vigil.rules.dsl.RuleDsl.allOfThem;
import static dev.vigil.rules.dsl.RuleDsl.detection;
import static dev.vigil.rules.dsl.RuleDsl.field;
import static dev.vigil.rules.dsl.RuleDsl.keywords;
import static dev.vigil.rules.dsl.RuleDsl.not;
import static dev.vigil.rules.dsl.RuleDsl.oneOf;
import static dev.vigil.rules.dsl.RuleDsl.oneOfThem;
import static dev.vigil.rules.dsl.RuleDsl.selection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.rules.dsl.Field.RegexFlag;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DSL construct against its Sigma twin, written by hand in YAML: both rules must decide the same on
 * every event of the case, and each case has events that match and events that do not (so a construct
 * that compiled to "always" or "never" would fail). Modifiers: Sigma 2.1, appendix "Sigma Modifiers";
 * conditions: rules specification, "Condition".
 */
class DslSigmaTwinTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The events carry no log source fields: the twins are compared on their detections alone. */
    private static final SigmaLoader LOADER = SigmaLoader.builder().logsourceMode(dev.vigil.sigma.LogsourceMode.IGNORE).build();

    record Case(String name, DetectionRule dsl, String detectionYaml, List<String> matching, List<String> notMatching) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case twin(String name, Expr condition, String detectionYaml, List<String> matching,
            List<String> notMatching, Selection... extra) {
        DetectionRule rule = detection(name).id("00000000-0000-4000-8000-000000000001")
                .logsource("test", null, null).selections(extra).condition(condition).build();
        return new Case(name, rule, detectionYaml, matching, notMatching);
    }

    static Stream<Arguments> cases() {
        List<Case> cs = new ArrayList<>();
        cs.add(twin("equalTo", selection("sel").where(field("Image").equalTo("C:\\Windows\\cmd.exe")), """
                sel:
                    Image: 'C:\\Windows\\cmd.exe'
                """, List.of("{\"Image\":\"c:\\\\windows\\\\CMD.EXE\"}"), List.of("{\"Image\":\"cmd.exe\"}")));
        cs.add(twin("equalTo literal star", selection("sel").where(field("Name").equalTo("a*b?c")), """
                sel:
                    Name: 'a\\*b\\?c'
                """, List.of("{\"Name\":\"a*b?c\"}"), List.of("{\"Name\":\"axxbyc\"}")));
        cs.add(twin("equalTo backslash before star", selection("sel").where(field("P").equalTo("x\\*")), """
                sel:
                    P: 'x\\\\\\*'
                """, List.of("{\"P\":\"x\\\\*\"}"), List.of("{\"P\":\"x\\\\abc\"}", "{\"P\":\"x*\"}")));
        cs.add(twin("equalTo number and list", selection("sel").where(field("EventID").equalTo(4624, 4625)), """
                sel:
                    EventID: [4624, 4625]
                """, List.of("{\"EventID\":4625}", "{\"EventID\":\"4624\"}"), List.of("{\"EventID\":4634}")));
        cs.add(twin("notEqualTo", selection("sel").where(field("User").notEqualTo("SYSTEM")), """
                sel:
                    User|neq: SYSTEM
                """, List.of("{\"User\":\"bob\"}"), List.of("{\"User\":\"system\"}")));
        cs.add(twin("contains", selection("sel").where(field("CommandLine").contains("-enc", "/enc")), """
                sel:
                    CommandLine|contains: ['-enc', '/enc']
                """, List.of("{\"CommandLine\":\"powershell /ENC abc\"}"), List.of("{\"CommandLine\":\"powershell\"}")));
        cs.add(twin("contains all", selection("sel").where(field("CommandLine").all().contains("-nop", "-w hidden")), """
                sel:
                    CommandLine|contains|all: ['-nop', '-w hidden']
                """, List.of("{\"CommandLine\":\"ps -w hidden -nop\"}"), List.of("{\"CommandLine\":\"ps -nop\"}")));
        cs.add(twin("startsWith", selection("sel").where(field("Path").startsWith("C:\\Users\\")), """
                sel:
                    Path|startswith: 'C:\\Users\\'
                """, List.of("{\"Path\":\"c:\\\\users\\\\bob\"}"), List.of("{\"Path\":\"D:\\\\users\\\\bob\"}")));
        cs.add(twin("endsWith", selection("sel").where(field("Image").endsWith("\\rundll32.exe")), """
                sel:
                    Image|endswith: '\\rundll32.exe'
                """, List.of("{\"Image\":\"C:\\\\x\\\\RUNDLL32.exe\"}"), List.of("{\"Image\":\"rundll32.exe.bak\"}")));
        // a Sigma pattern as it is: a backslash before a wildcard is written twice
        cs.add(twin("glob", selection("sel").where(field("Image").glob("*\\Temp\\\\*.exe")), """
                sel:
                    Image: '*\\Temp\\\\*.exe'
                """, List.of("{\"Image\":\"C:\\\\Temp\\\\a.exe\"}"), List.of("{\"Image\":\"C:\\\\Tmp\\\\a.exe\"}")));
        cs.add(twin("cased", selection("sel").where(field("Name").cased().equalTo("Admin")), """
                sel:
                    Name|cased: Admin
                """, List.of("{\"Name\":\"Admin\"}"), List.of("{\"Name\":\"admin\"}")));
        cs.add(twin("cased contains", selection("sel").where(field("Cmd").cased().contains("IEX")), """
                sel:
                    Cmd|cased|contains: IEX
                """, List.of("{\"Cmd\":\"x IEX y\"}"), List.of("{\"Cmd\":\"x iex y\"}")));
        cs.add(twin("regex", selection("sel").where(field("Cmd").matches("^a.c$")), """
                sel:
                    Cmd|re: '^a.c$'
                """, List.of("{\"Cmd\":\"abc\"}"), List.of("{\"Cmd\":\"ABC\"}", "{\"Cmd\":\"xabc\"}")));
        cs.add(twin("regex flags", selection("sel").where(field("Cmd").matches("^b.c$", RegexFlag.IGNORE_CASE,
                RegexFlag.MULTI_LINE, RegexFlag.DOT_ALL)), """
                sel:
                    Cmd|re|i|m|s: '^b.c$'
                """, List.of("{\"Cmd\":\"a\\nB\\nC\"}"), List.of("{\"Cmd\":\"abc\"}")));
        cs.add(twin("cidr", selection("sel").where(field("Ip").inCidr("10.0.0.0/8", "fe80::/10")), """
                sel:
                    Ip|cidr: ['10.0.0.0/8', 'fe80::/10']
                """, List.of("{\"Ip\":\"10.1.2.3\"}", "{\"Ip\":\"fe80::1\"}"), List.of("{\"Ip\":\"11.0.0.1\"}")));
        cs.add(twin("lt", selection("sel").where(field("N").lt(5)), """
                sel:
                    N|lt: 5
                """, List.of("{\"N\":4}"), List.of("{\"N\":5}")));
        cs.add(twin("lte", selection("sel").where(field("N").lte(5)), """
                sel:
                    N|lte: 5
                """, List.of("{\"N\":5}"), List.of("{\"N\":6}")));
        cs.add(twin("gt", selection("sel").where(field("N").gt(5.5)), """
                sel:
                    N|gt: 5.5
                """, List.of("{\"N\":6}"), List.of("{\"N\":5.5}")));
        cs.add(twin("gte", selection("sel").where(field("N").gte(5)), """
                sel:
                    N|gte: 5
                """, List.of("{\"N\":\"5\"}"), List.of("{\"N\":4}")));
        cs.add(twin("exists", selection("sel").where(field("Token").exists()), """
                sel:
                    Token|exists: true
                """, List.of("{\"Token\":\"\"}"), List.of("{\"Other\":1}")));
        cs.add(twin("missing", selection("sel").where(field("Token").missing()), """
                sel:
                    Token|exists: false
                """, List.of("{\"Other\":1}"), List.of("{\"Token\":\"x\"}")));
        cs.add(twin("isNull", selection("sel").where(field("Parent").isNull()), """
                sel:
                    Parent: null
                """, List.of("{\"Other\":1}", "{\"Parent\":null}"), List.of("{\"Parent\":\"x\"}")));
        cs.add(twin("equalsField", selection("sel").where(field("User").equalsField("Target")), """
                sel:
                    User|fieldref: Target
                """, List.of("{\"User\":\"bob\",\"Target\":\"bob\"}"), List.of("{\"User\":\"bob\",\"Target\":\"eve\"}")));
        cs.add(twin("fieldref startsWith", selection("sel").where(field("Path").fieldref().startsWith("Dir")), """
                sel:
                    Path|fieldref|startswith: Dir
                """, List.of("{\"Path\":\"C:\\\\x\\\\y\",\"Dir\":\"C:\\\\x\"}"), List.of("{\"Path\":\"D:\\\\y\",\"Dir\":\"C:\\\\x\"}")));
        cs.add(twin("windash", selection("sel").where(field("Cmd").windash().contains(" -exec ")), """
                sel:
                    Cmd|windash|contains: ' -exec '
                """, List.of("{\"Cmd\":\"x /exec y\"}", "{\"Cmd\":\"x \u2013exec y\"}"), List.of("{\"Cmd\":\"x exec y\"}")));
        cs.add(twin("base64", selection("sel").where(field("Data").base64().equalTo("cmd")), """
                sel:
                    Data|base64: cmd
                """, List.of("{\"Data\":\"Y21k\"}"), List.of("{\"Data\":\"cmd\"}")));
        cs.add(twin("base64offset contains", selection("sel").where(field("Cmd").base64offset().contains("IEX")), """
                sel:
                    Cmd|base64offset|contains: IEX
                """, List.of("{\"Cmd\":\"powershell -e SUVY\"}", "{\"Cmd\":\"x bElFW\"}"), List.of("{\"Cmd\":\"IEX\"}")));
        cs.add(twin("wide base64offset", selection("sel").where(field("Cmd").utf16le().base64offset().contains("ab")), """
                sel:
                    Cmd|utf16le|base64offset|contains: ab
                """, List.of("{\"Cmd\":\"x YQBiA\"}"), List.of("{\"Cmd\":\"ab\"}")));
        cs.add(twin("utf16be base64", selection("sel").where(field("Cmd").utf16be().base64().contains("ab")), """
                sel:
                    Cmd|utf16be|base64|contains: ab
                """, List.of("{\"Cmd\":\"x AGEAYg== y\"}"), List.of("{\"Cmd\":\"ab\"}")));
        cs.add(twin("utf16 base64", selection("sel").where(field("Cmd").utf16().base64().equalTo("a")), """
                sel:
                    Cmd|utf16|base64: a
                """, List.of("{\"Cmd\":\"//5hAA==\"}"), List.of("{\"Cmd\":\"a\"}")));
        cs.add(twin("hour", selection("sel").where(field("Time").hour().gte(22)), """
                sel:
                    Time|hour|gte: 22
                """, List.of("{\"Time\":\"2024-05-01T23:10:00Z\"}"), List.of("{\"Time\":\"2024-05-01T09:10:00Z\"}")));
        cs.add(twin("month", selection("sel").where(field("Time").month().equalTo(5)), """
                sel:
                    Time|month: 5
                """, List.of("{\"Time\":\"2024-05-01T23:10:00Z\"}"), List.of("{\"Time\":\"2024-06-01T09:10:00Z\"}")));
        cs.add(twin("keywords", keywords("kw", "mimikatz", "sekurlsa::"), """
                kw:
                    - mimikatz
                    - 'sekurlsa::'
                """, List.of("{\"Cmd\":\"run MIMIKATZ now\"}", "{\"a\":{\"b\":\"sekurlsa::logonpasswords\"}}"),
                List.of("{\"Cmd\":\"benign\"}")));
        cs.add(twin("and of fields", selection("sel").where(field("A").equalTo("1"), field("B").equalTo("2")), """
                sel:
                    A: '1'
                    B: '2'
                """, List.of("{\"A\":\"1\",\"B\":\"2\"}"), List.of("{\"A\":\"1\",\"B\":\"3\"}")));
        cs.add(twin("list of maps", selection("sel").where(field("A").equalTo("1")).orWhere(field("B").equalTo("2")), """
                sel:
                    - A: '1'
                    - B: '2'
                """, List.of("{\"A\":\"1\"}", "{\"B\":\"2\"}"), List.of("{\"A\":\"2\",\"B\":\"1\"}")));
        Selection a = selection("a").where(field("X").equalTo("1"));
        Selection b = selection("b").where(field("Y").equalTo("1"));
        Selection c = selection("c").where(field("Z").equalTo("1"));
        cs.add(twin("and or not", a.and(b.or(not(c))), """
                a: {X: '1'}
                b: {Y: '1'}
                c: {Z: '1'}
                """, List.of("{\"X\":\"1\",\"Y\":\"1\",\"Z\":\"1\"}", "{\"X\":\"1\"}"), List.of("{\"X\":\"1\",\"Z\":\"1\"}",
                "{\"Y\":\"1\"}")));
        cs.add(twin("not of an and", not(a.and(b)), """
                a: {X: '1'}
                b: {Y: '1'}
                """, List.of("{\"X\":\"1\"}"), List.of("{\"X\":\"1\",\"Y\":\"1\"}")));
        Selection s1 = selection("sel_one").where(field("X").equalTo("1"));
        Selection s2 = selection("sel_two").where(field("Y").equalTo("1"));
        Selection filter = selection("filter").where(field("Z").equalTo("1"));
        cs.add(twin("1 of pattern", oneOf("sel_*").and(not(filter)), """
                sel_one: {X: '1'}
                sel_two: {Y: '1'}
                filter: {Z: '1'}
                """, List.of("{\"Y\":\"1\"}"), List.of("{\"Y\":\"1\",\"Z\":\"1\"}", "{\"W\":\"1\"}"), s1, s2));
        cs.add(twin("all of pattern", allOf("sel_*"), """
                sel_one: {X: '1'}
                sel_two: {Y: '1'}
                """, List.of("{\"X\":\"1\",\"Y\":\"1\"}"), List.of("{\"Y\":\"1\"}"), s1, s2));
        cs.add(twin("1 of them", oneOfThem(), """
                sel_one: {X: '1'}
                sel_two: {Y: '1'}
                """, List.of("{\"X\":\"1\"}"), List.of("{\"Z\":\"1\"}"), s1, s2));
        cs.add(twin("all of them", allOfThem(), """
                sel_one: {X: '1'}
                sel_two: {Y: '1'}
                """, List.of("{\"X\":\"1\",\"Y\":\"1\"}"), List.of("{\"X\":\"1\"}"), s1, s2));
        return cs.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDslRule_decidesAsItsSigmaTwin(Case c) throws Exception {
        String yaml = "title: twin\nid: 00000000-0000-4000-8000-000000000002\nlogsource: {product: test}\ndetection:\n"
                + c.detectionYaml().indent(4) + "    condition: " + c.dsl().toSigma().lines()
                .filter(l -> l.trim().startsWith("condition:")).findFirst().orElseThrow().trim().substring(10).trim() + "\n";
        LoadResult loaded = LOADER.loadString(yaml, c.name() + ".yml");
        assertThat(loaded.errors()).as(yaml).isEmpty();
        Rule twin = loaded.rules().get(0);
        Rule dsl = c.dsl().compile(LOADER);
        for (String json : c.matching()) {
            Event e = event(json);
            assertThat(twin.matches(e)).as("Sigma twin on %s%n%s", json, yaml).isTrue();
            assertThat(dsl.matches(e)).as("DSL on %s%n%s", json, c.dsl().toSigma()).isTrue();
        }
        for (String json : c.notMatching()) {
            Event e = event(json);
            assertThat(twin.matches(e)).as("Sigma twin on %s%n%s", json, yaml).isFalse();
            assertThat(dsl.matches(e)).as("DSL on %s%n%s", json, c.dsl().toSigma()).isFalse();
        }
    }

    @SuppressWarnings("unchecked")
    private static Event event(String json) throws Exception {
        return Event.of(JSON.readValue(json, Map.class));
    }
}
