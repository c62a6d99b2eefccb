package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.rules.dsl.PackJars;
import dev.vigil.rules.dsl.RulePacks;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This module's jar is a rule pack: its DSL rules and its bundled YAML, used end to end on its events. */
class ExamplePackTest {

    @TempDir
    Path dir;

    @Test
    void theExamplesJar_isARulePack_givingTheFolderRulesAndTheDslRules() throws IOException {
        // the jar as `mvn package` makes it: this module's classes and resources (the test runs before packaging)
        Path jar = PackJars.of(Path.of("target", "classes"), dir.resolve("vigil-examples.jar"));
        List<Problem> problems = new ArrayList<>();
        LoadResult fromPack = SigmaLoader.builder().build().load(List.of(), RulePacks.read(jar, problems::add));
        LoadResult fromFolder = SigmaLoader.builder().build().load(List.of(Path.of("rules")));
        assertThat(problems).isEmpty();
        assertThat(fromPack.errors()).isEmpty();

        Set<String> pack = titles(fromPack);
        assertThat(pack).containsAll(titles(fromFolder)).contains("Office application starting a shell");
        assertThat(fromPack.correlations()).extracting(c -> c.metadata().title()).contains("Brute force on an account");

        Engine engine = Engine.builder().addRules(fromPack.rules()).build();
        Set<String> fired = new TreeSet<>();
        EventReader.builder().readAll(List.of(Path.of("events")), (Event e) -> {
            for (Detection d : engine.match(e)) {
                fired.add(d.rule().metadata().title());
            }
        });
        assertThat(fired).as("the DSL rule fires on WINWORD starting PowerShell in events/sample.jsonl")
                .contains("Office application starting a shell");
    }

    private static Set<String> titles(LoadResult r) {
        Set<String> out = new TreeSet<>();
        r.rules().forEach(x -> out.add(x.metadata().title()));
        return out;
    }
}
