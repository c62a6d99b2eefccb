package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cases of a SigmaHQ-style rule repository: a rule's {@code regression_tests_path} names an info.yml whose
 * {@code regression_tests_info} lists tests ({@code type}, {@code path}, {@code match_count}), each an event
 * file the rule must match at least {@code match_count} times. Paths are relative to the repository root,
 * found as SigmaHQ's runner finds it: the nearest folder above the rule in which the path exists. An
 * {@code .evtx} test is run on the evtx_dump JSON beside it ({@code NAME.json}, as SigmaHQ keeps them).
 */
final class SigmaHqTests {

    static final String RULE_KEY = "regression_tests_path";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The cases found, and how many info.yml files listed no test (each said on stderr). */
    record Found(List<RuleCase> cases, int withoutTests) {
    }

    private SigmaHqTests() {
    }

    /** The cases of every rule (detection or correlation) that has a {@code regression_tests_path}. */
    static Found find(List<Rule> rules, List<CorrelationRule> correlations, PrintWriter err) {
        List<RuleCase> cases = new ArrayList<>();
        int[] withoutTests = new int[1];
        for (Rule r : rules) {
            cases(r.metadata(), false, cases, withoutTests, err);
        }
        for (CorrelationRule c : correlations) {
            cases(c.metadata(), true, cases, withoutTests, err);
        }
        return new Found(cases, withoutTests[0]);
    }

    private static void cases(RuleMetadata rule, boolean correlation, List<RuleCase> out, int[] withoutTests,
            PrintWriter err) {
        if (!(rule.custom().get(RULE_KEY) instanceof String infoPath) || rule.source().file() == null) {
            return;
        }
        Path ruleFile = Path.of(rule.source().file());
        String ruleWhere = rule.source().file() + ":" + rule.source().line();
        Path info = fromRoot(ruleFile, infoPath);
        if (info == null) {
            out.add(RuleCase.bad(ruleWhere, rule.key(), RULE_KEY + " " + infoPath
                    + ": no such file in the rule's folder or any folder above it"));
            return;
        }
        List<Entry> tests;
        try {
            tests = tests(info);
        } catch (IOException | RuntimeException e) {
            out.add(RuleCase.bad(infoPath, rule.key(), "cannot read: " + Errors.describe(e)));
            return;
        }
        if (tests.isEmpty()) {
            withoutTests[0]++;
            err.println("warning: " + infoPath + ": no regression_tests_info: no test for " + ruleWhere);
            return;
        }
        for (Entry t : tests) {
            out.add(t.toCase(infoPath + ":" + t.line(), ruleFile, rule.key(), correlation));
        }
    }

    /** One entry of {@code regression_tests_info}, and the line it starts on. */
    private record Entry(int line, JsonNode entry) {

        RuleCase toCase(String where, Path ruleFile, String rule, boolean correlation) {
            String type = entry.path("type").asText("");
            String path = entry.path("path").asText("");
            JsonNode count = entry.path("match_count");
            if (!type.equals("evtx") && !type.equals("json")) {
                return RuleCase.bad(where, rule, "test type '" + type + "' is not run (evtx and json are)");
            }
            if (path.isEmpty()) {
                return RuleCase.bad(where, rule, "the test has no path");
            }
            if (!count.isMissingNode() && !(count.canConvertToLong() && count.isIntegralNumber() && count.asLong() >= 0)) {
                return RuleCase.bad(where, rule, "match_count is not a count (a whole number, 0 or more): " + count);
            }
            String json = path.toLowerCase(Locale.ROOT).endsWith(".evtx") ? path.substring(0, path.length() - 5) + ".json"
                    : path;
            Path events = fromRoot(ruleFile, json);
            if (events == null) {
                return RuleCase.bad(where, rule, json + ": no such file"
                        + (json.equals(path) ? "" : " (EVTX is not read: put its evtx_dump JSON beside " + path + ")"));
            }
            List<Problem> problems = new ArrayList<>();
            List<Event> read = new ArrayList<>();
            try (EventReader reader = EventReader.builder().eventTime(EventTime.defaults()).onProblem(problems::add)
                    .open(events)) {
                reader.forEach(read::add);
            } catch (IOException e) {
                return RuleCase.bad(where, rule, "cannot read " + Errors.describe(e));
            }
            for (Problem p : problems) {
                if (p.isError()) {
                    return RuleCase.bad(where, rule, p.toString());
                }
            }
            long expected = count.isMissingNode() ? 1 : count.asLong();
            return new RuleCase(where, rule, read, new RuleCase.Expected(expected, true, correlation), null);
        }
    }

    private static List<Entry> tests(Path info) throws IOException {
        List<Entry> tests = new ArrayList<>();
        try (JsonParser p = YAML.createParser(info.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(info + ": not a YAML mapping");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("regression_tests_info") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        int line = p.currentTokenLocation().getLineNr();
                        tests.add(new Entry(line, YAML.readTree(p)));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return tests;
    }

    /**
     * {@code relative} resolved in the nearest folder, from the rule's own up, in which it exists; null when
     * there is none.
     */
    static Path fromRoot(Path ruleFile, String relative) {
        Path given = Path.of(relative.replace('\\', '/'));
        if (given.isAbsolute()) {
            return Files.exists(given) ? given : null;
        }
        for (Path dir = ruleFile.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(given);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
