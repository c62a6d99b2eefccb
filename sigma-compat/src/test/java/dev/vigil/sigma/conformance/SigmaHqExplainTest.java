package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.Explanation;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.RuleExplainer;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The explainer agrees with the compiled rules on real rules and real events: every SigmaHQ regression event
 * (nested and flat shapes) explains as its own rule decides it, and each capture as matched for at least its
 * {@code expected_min_match_count} events; a fifth of the rules of the same log source (every fifth, in load
 * order, to keep the run short) explain each flat event as the compiled rule decides it, matched or not.
 */
class SigmaHqExplainTest {

    @Test
    @SuppressWarnings("unchecked")
    void regressionEvents_explainAsTheCompiledRulesDecide() throws IOException {
        Path rules = SharedData.require("sigma/rules");
        Path cases = SharedData.require("conformance/sigmahq-regression.jsonl");
        SigmaLoader loader = SigmaLoader.builder().build();
        LoadResult loaded = loader.load(List.of(rules));
        RuleExplainer explainer = RuleExplainer.of(loader);
        Map<String, Rule> byId = new HashMap<>();
        loaded.rules().forEach(r -> byId.put(r.id(), r));
        Map<String, String> texts = new HashMap<>();
        Map<String, Integer> matchedByCapture = new HashMap<>();
        Map<String, Integer> expectedByCapture = new HashMap<>();

        ObjectMapper json = new ObjectMapper();
        List<String> disagreements = new ArrayList<>();
        int events = 0;
        int explained = 0;
        for (String line : Files.readAllLines(cases)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> row = json.readValue(line, Map.class);
            Rule own = byId.get((String) row.get("rule_id"));
            assertThat(own).as("rule %s", row.get("rule_id")).isNotNull();
            for (String shape : List.of("event", "flat_event")) {
                Event event = Event.of((Map<String, Object>) row.get(shape));
                events++;
                Explanation mine = explain(explainer, own, event, texts);
                String capture = row.get("source_json") + " " + shape;
                expectedByCapture.put(capture, ((Number) row.get("expected_min_match_count")).intValue());
                matchedByCapture.merge(capture, mine.matched() ? 1 : 0, Integer::sum);
                if (mine.matched() != own.matches(event)) {
                    disagreements.add(own.id() + " " + shape + ": explained " + mine.matched() + "\n" + mine);
                }
                for (int i = 0; shape.equals("flat_event") && i < loaded.rules().size(); i += 5) {
                    Rule other = loaded.rules().get(i);
                    if (other != own && Objects.equals(other.logSource(), own.logSource())) {
                        explained++;
                        Explanation e = explain(explainer, other, event, texts);
                        if (e.matched() != other.matches(event)) {
                            disagreements.add(other.id() + " on the " + shape + " of " + own.id() + ": explained "
                                    + e.matched() + ", rule " + other.matches(event) + "\n" + e);
                        }
                    }
                }
            }
        }
        assertThat(events).isEqualTo(296);
        assertThat(explained).isGreaterThan(3_000);
        assertThat(disagreements).isEmpty();
        expectedByCapture.forEach((capture, expected) ->
                assertThat(matchedByCapture.get(capture)).as(capture).isGreaterThanOrEqualTo(expected));
    }

    private static Explanation explain(RuleExplainer explainer, Rule rule, Event event, Map<String, String> texts)
            throws IOException {
        String file = rule.source().file();
        String text = texts.get(file);
        if (text == null) {
            text = Files.readString(Path.of(file));
            texts.put(file, text);
        }
        for (Explanation e : explainer.explain(text, file, event)) {
            if (e.source().line() == rule.source().line()) {
                return e;
            }
        }
        throw new AssertionError("no explanation for " + rule.source());
    }
}
