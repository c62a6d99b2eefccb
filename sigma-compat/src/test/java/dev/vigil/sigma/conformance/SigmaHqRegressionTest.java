package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SigmaHQ's own regression pairs: for every capture, the named rule fires on at least
 * {@code expected_min_match_count} of its events, in the nested evtx_dump shape and in the flat shape,
 * with the default mapping and settings.
 */
class SigmaHqRegressionTest {

    private static LoadResult loaded;
    private static Map<String, Rule> rulesById;

    @BeforeAll
    static void loadRules() {
        Path rules = SharedData.require("sigma/rules");
        loaded = SigmaLoader.builder().build().load(List.of(rules));
        rulesById = new HashMap<>();
        for (Rule r : loaded.rules()) {
            rulesById.put(r.id(), r);
        }
    }

    private record Capture(String ruleId, String rulePath, int expected, List<Map<String, Object>> nested,
                           List<Map<String, Object>> flat) {
    }

    @SuppressWarnings("unchecked")
    private static List<Capture> captures() throws Exception {
        Path file = SharedData.require("conformance/sigmahq-regression.jsonl");
        ObjectMapper json = new ObjectMapper();
        Map<String, Capture> byCapture = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> row = json.readValue(line, Map.class);
                Capture c = byCapture.computeIfAbsent((String) row.get("source_json"), k -> new Capture(
                        (String) row.get("rule_id"), (String) row.get("rule_path"),
                        ((Number) row.get("expected_min_match_count")).intValue(), new ArrayList<>(), new ArrayList<>()));
                c.nested().add((Map<String, Object>) row.get("event"));
                c.flat().add((Map<String, Object>) row.get("flat_event"));
            }
        }
        return new ArrayList<>(byCapture.values());
    }

    @Test
    void everyCapture_firesItsRule_inBothShapes() throws Exception {
        List<Capture> captures = captures();
        List<String> failures = new ArrayList<>();
        for (Capture c : captures) {
            Rule rule = rulesById.get(c.ruleId());
            if (rule == null) {
                failures.add(c.ruleId() + " (" + c.rulePath() + "): rule did not load");
                continue;
            }
            long nested = c.nested().stream().filter(e -> rule.matches(Event.of(e))).count();
            long flat = c.flat().stream().filter(e -> rule.matches(Event.of(e))).count();
            if (nested < c.expected() || flat < c.expected()) {
                failures.add(c.ruleId() + " (" + c.rulePath() + "): nested " + nested + ", flat " + flat
                        + ", expected at least " + c.expected());
            }
        }
        assertThat(captures).hasSizeGreaterThan(100);
        assertThat(failures).as("captures whose rule did not fire").isEmpty();
    }

    @Test
    void engine_reportsTheSameDetections_asTheRulesThemselves() throws Exception {
        Engine engine = Engine.builder().addRules(loaded.rules()).build();
        for (Capture c : captures()) {
            for (Map<String, Object> e : c.flat()) {
                Event event = Event.of(e);
                List<String> fromEngine = engine.match(event).stream().map(d -> d.rule().id()).toList();
                List<String> direct = loaded.rules().stream().filter(r -> r.matches(event)).map(Rule::id).toList();
                assertThat(fromEngine).isEqualTo(direct);
            }
        }
    }

    @Test
    void sigmaHqRules_atLeast99PercentLoad_andEveryRejectionHasAReason() {
        assertThat(loaded.rules().size()).isGreaterThanOrEqualTo((int) Math.ceil(loaded.documents() * 0.99));
        assertThat(loaded.errors()).allSatisfy(p -> {
            assertThat(p.where().file()).isNotNull();
            assertThat(p.message()).isNotBlank();
        });
    }
}
