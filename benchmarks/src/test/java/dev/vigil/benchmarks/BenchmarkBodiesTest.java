package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.event.read.EventReader;
import dev.vigil.core.match.Engine;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmark method bodies run once on a few synthetic events, without the shared workload. */
class BenchmarkBodiesTest {

    private static final byte[] NDJSON = """
            {"EventID":1,"Image":"C:\\\\Windows\\\\System32\\\\certutil.exe","CommandLine":"certutil -urlcache","product":"windows","category":"process_creation"}
            {"EventID":1,"Image":"C:\\\\Windows\\\\explorer.exe","CommandLine":"explorer.exe","product":"windows","category":"process_creation"}
            {"message":"<189>Jan 1 00:00:00 r1 %AAA-5-USER_LOGGED: User a executed: show version","product":"cisco","service":"aaa"}
            """.getBytes(StandardCharsets.UTF_8);

    private static final String RULE = """
            title: certutil
            logsource: {product: windows, category: process_creation}
            detection:
                sel: {Image|endswith: '\\\\certutil.exe'}
                condition: sel
            """;

    private final Blackhole bh = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void parseAndMatch_syntheticLane_countsDetections() {
        for (boolean reference : new boolean[] {false, true}) {
            Engine engine = Engine.builder().reference(reference).addRules(SigmaLoader.builder()
                    .logsourceMode(LogsourceMode.HINTS).build().loadString(RULE, "rule.yml").rules()).build();
            assertThat(MatcherBenchmark.parseAndMatch(engine, EventReader.builder(), NDJSON, "lane", bh)).isEqualTo(1);
        }
    }

    @Test
    void parse_syntheticLane_countsEvents() {
        assertThat(ParseOnlyBenchmark.parse(EventReader.builder(), NDJSON, "lane", bh)).isEqualTo(3);
    }

    @Test
    void responder_deliversABatchToEachAction() throws Exception {
        try (dev.vigil.respond.Responder r = ResponderBenchmark.responder(3, 1_000)) {
            for (dev.vigil.core.alert.Alert a : ResponderBenchmark.alerts(100)) {
                r.accept(a);
            }
            assertThat(r.awaitIdle(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(r.stats().delivered()).isEqualTo(300);
        }
    }

    @Test
    void shared_absentFolder_saysWhatToDo() {
        String before = System.getProperty("vigil.shared");
        System.setProperty("vigil.shared", "/nonexistent/shared");
        try {
            assertThatThrownBy(BenchData::shared).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/nonexistent/shared/bench").hasMessageContaining("-Dvigil.shared=");
        } finally {
            if (before == null) {
                System.clearProperty("vigil.shared");
            } else {
                System.setProperty("vigil.shared", before);
            }
        }
    }
}
