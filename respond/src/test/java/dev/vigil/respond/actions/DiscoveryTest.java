package dev.vigil.respond.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.respond.ResponseAction;
import dev.vigil.respond.AlertSelector;
import dev.vigil.respond.Responder;
import dev.vigil.respond.ResponsePolicy;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in actions are found through ServiceLoader, by name. */
class DiscoveryTest {

    @Test
    void serviceLoader_findsTheFourBuiltInActions() {
        List<String> names = ServiceLoader.load(ResponseAction.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).contains("log", "jsonl-file", "webhook", "process").doesNotHaveDuplicates();
    }

    @Test
    void discoverActions_registersThemForAPolicy() throws Exception {
        ResponsePolicy.Builder policy = ResponsePolicy.builder();
        for (String name : List.of("log", "jsonl-file", "webhook", "process")) {
            policy.route(AlertSelector.ALL, name, Map.of());
        }
        try (Responder r = Responder.builder().discoverActions().policy(policy.build()).build()) {
            assertThat(r.stats().accepted()).isZero();
        }
    }
}
