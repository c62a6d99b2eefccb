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
    static Found find(List<Rule> rules, List<CorrelationRule> correlations, List<Path> rulePaths, PrintWriter err) {
        List<RuleCase> cases = new ArrayList<>();
        int[] withoutTests = new int[1];
        List<Path> roots = new ArrayList<>();
        for (Path p : rulePaths) {
            roots.add(repositoryRoot(p));
        }
        for (Rule r : rules) {
            cases(r.metadata(), false, cases, withoutTests, roots, err);
        }
        for (CorrelationRule c : correlations) {
            cases(c.metadata(), true, cases, withoutTests, roots, err);
        }
        return new Found(cases, withoutTests[0]);
    }

    private static void cases(RuleMetadata rule, boolean correlation, List<RuleCase> out, int[] withoutTests,
            List<Path> roots, PrintWriter err) {
        if (!(rule.custom().get(RULE_KEY) instanceof String infoPath) || rule.source().file() == null) {
            return;
        }
        Path ruleFile = Path.of(rule.source().file()).toAbsolutePath().normalize();
        String ruleWhere = rule.source().file() + ":" + rule.source().line();
        Path root = roots.stream().filter(ruleFile::startsWith).findFirst().orElse(ruleFile.getParent());
        String refused = refused(infoPath);
        if (refused != null) {
            out.add(RuleCase.bad(ruleWhere, rule.key(), RULE_KEY + " " + infoPath + ": " + refused));
            return;
        }
        Path info = fromRoot(ruleFile, infoPath, root);
        if (info == null) {
            out.add(RuleCase.bad(ruleWhere, rule.key(), RULE_KEY + " " + infoPath
                    + ": no such file in the rule's folder or any folder above it, up to the repository " + root));
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
            out.add(t.toCase(infoPath + ":" + t.line(), ruleFile, root, rule.key(), correlation));
        }
    }

    /** One entry of {@code regression_tests_info}, and the line it starts on. */
    private record Entry(int line, JsonNode entry) {

        RuleCase toCase(String where, Path ruleFile, Path root, String rule, boolean correlation) {
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
            String refused = refused(json);
            if (refused != null) {
                return RuleCase.bad(where, rule, json + ": " + refused);
            }
            Path events = fromRoot(ruleFile, json, root);
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
            // match_count is "at least", but 0 would then hold whatever the rule does: it means "must not match"
            return new RuleCase(where, rule, read, new RuleCase.Expected(expected, expected > 0, correlation), null);
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
     * The repository a {@code --rules} path belongs to, which regression test paths may not leave: the nearest
     * folder above it with a {@code .git}, else the folder above it (SigmaHQ keeps {@code rules/} and
     * {@code regression_data/} side by side).
     */
    static Path repositoryRoot(Path rulesPath) {
        Path p = rulesPath.toAbsolutePath().normalize();
        Path dir = Files.isDirectory(p) ? p : p.getParent();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        return dir.getParent() != null ? dir.getParent() : dir;
    }

    /** Why a test path is refused (absolute, or stepping up with {@code ..}), or null. */
    static String refused(String relative) {
        String path = relative.replace('\\', '/');
        if (path.startsWith("/") || Path.of(path).isAbsolute() || path.matches("^[A-Za-z]:.*")) {
            return "an absolute path: regression test paths are relative to the repository";
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return "a path leaving the repository ('..')";
            }
        }
        return null;
    }

    /**
     * {@code relative} resolved in the nearest folder, from the rule's own up to {@code root}, in which it
     * exists (and stays inside {@code root}, links resolved); null when there is none.
     */
    static Path fromRoot(Path ruleFile, String relative, Path root) {
        Path given = Path.of(relative.replace('\\', '/'));
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            return null;
        }
        for (Path dir = ruleFile.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            Path candidate = dir.resolve(given);
            try {
                if (Files.isRegularFile(candidate) && candidate.toRealPath().startsWith(realRoot)) {
                    return candidate;
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }
}
