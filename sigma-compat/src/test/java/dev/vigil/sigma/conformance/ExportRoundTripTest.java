package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.Problem;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaExport;
import dev.vigil.sigma.SigmaLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load → export → load over all of SigmaHQ's rules: the exported YAML loads back to the same rules
 * (compiled conditions, metadata, correlations) with the same problems, and they raise the same
 * detections on SigmaHQ's regression events and the OTRF captures.
 */
class ExportRoundTripTest {

    @TempDir
    static Path out;

    private static LoadResult original;
    private static LoadResult again;
    private static SigmaExport.Result exported;

    @BeforeAll
    static void roundTrip() throws IOException {
        Path rules = SharedData.require("sigma/rules");
        original = SigmaLoader.builder().build().load(List.of(rules));
        exported = SigmaExport.of(List.of(rules), List.of());
        for (SigmaExport.File f : exported.files()) {
            Path p = out.resolve(f.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.yaml());
        }
        again = SigmaLoader.builder().build().load(List.of(out));
    }

    @Test
    void everyFile_isExported_underItsRelativePath() throws IOException {
        long yamlFiles;
        try (var walk = Files.walk(SharedData.require("sigma/rules"))) {
            yamlFiles = walk.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).count();
        }
        assertThat(exported.files()).hasSize((int) yamlFiles);
        assertThat(exported.files()).allSatisfy(f -> assertThat(f.path()).startsWith("rules/"));
    }

    @Test
    void theExportedRules_loadBackAsTheSameRules() {
        assertThat(again.documents()).isEqualTo(original.documents());
        assertThat(again.loaded()).isEqualTo(original.loaded());
        assertThat(messages(again.errors())).isEqualTo(messages(original.errors()));
        Map<String, String> before = conditions(original.rules());
        Map<String, String> after = conditions(again.rules());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        List<String> differ = new ArrayList<>();
        before.forEach((id, cond) -> {
            if (!cond.equals(after.get(id))) {
                differ.add(id);
            }
        });
        assertThat(differ).as("rules whose compiled condition changed").isEmpty();
        for (Rule r : original.rules()) {
            Rule back = again.rules().stream().filter(x -> x.key().equals(r.key())).findFirst().orElseThrow();
            assertThat(back.metadata()).usingRecursiveComparison().ignoringFields("source").isEqualTo(r.metadata());
        }
        assertThat(again.correlations()).hasSameSizeAs(original.correlations());
        for (CorrelationRule c : original.correlations()) {
            CorrelationRule back = again.correlations().stream().filter(x -> x.key().equals(c.key())).findFirst().orElseThrow();
            assertThat(back).usingRecursiveComparison().ignoringFields("metadata.source").isEqualTo(c);
        }
    }

    @Test
    void theExportedRules_raiseTheSameDetections_onRegressionEventsAndCaptures() throws IOException {
        List<Event> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(SharedData.require("conformance/sigmahq-regression.jsonl"))) {
            String line;
            while ((line = in.readLine()) != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> row = json.readValue(line, Map.class);
                events.add(Event.of(cast(row.get("flat_event"))));
                events.add(Event.of(cast(row.get("event"))));
            }
        }
        EventReader.builder().readAll(List.of(SharedData.require("events/otrf")), events::add);
        assertThat(events.size()).isGreaterThan(1000);
        TreeSet<String> before = detections(original.rules(), events);
        assertThat(before).hasSizeGreaterThan(100);
        assertThat(detections(again.rules(), events)).isEqualTo(before);
    }

    @Test
    void whatSigma21CannotSay_isReportedNotChanged() {
        List<Problem> warnings = exported.problems().stream().filter(p -> !p.isError()).toList();
        assertThat(warnings).allSatisfy(p -> assertThat(p.message()).contains("Sigma 1 aggregation"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static TreeSet<String> detections(List<Rule> rules, List<Event> events) {
        Engine engine = Engine.builder().addRules(rules).build();
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < events.size(); i++) {
            for (Detection d : engine.match(events.get(i))) {
                out.add(d.rule().key() + "@" + i);
            }
        }
        return out;
    }

    private static Map<String, String> conditions(List<Rule> rules) {
        Map<String, String> out = new TreeMap<>();
        rules.forEach(r -> out.put(r.key(), r.condition().toString()));
        return out;
    }

    private static List<String> messages(List<Problem> problems) {
        return problems.stream().map(Problem::message).sorted().toList();
    }
}
