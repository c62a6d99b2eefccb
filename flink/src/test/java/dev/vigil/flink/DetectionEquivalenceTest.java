package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole SigmaHQ rule set on Flink gives the embedded engine's detections, alert id for alert id, on
 * SigmaHQ's regression captures and the OTRF captures, at parallelism 2, with Kryo turned off.
 */
class DetectionEquivalenceTest {

    @RegisterExtension
    static final MiniClusterExtension MINI = FlinkTestSupport.miniCluster();

    private static RuleSet sigmaHq;

    @BeforeAll
    static void rules() {
        sigmaHq = RuleSet.read("sigmahq", List.of(SharedData.require("sigma/rules")));
    }

    @Test
    void sigmaHqRules_onConformanceAndOtrfEvents_sameAlertIdsAsTheEmbeddedEngine() throws Exception {
        List<Event> events = new ArrayList<>(SharedData.conformanceEvents());
        events.addAll(SharedData.otrfEvents());
        List<Alert> expected = FlinkTestSupport.embedded(sigmaHq, events);

        StreamExecutionEnvironment env = FlinkTestSupport.env(2);
        List<AlertRecord> actual = FlinkTestSupport.collect(
                VigilFlink.detect(env.fromData(events, VigilTypes.event()), sigmaHq));

        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(FlinkTestSupport.recordIds(actual)).isEqualTo(FlinkTestSupport.ids(expected));
        assertThat(actual).allSatisfy(a -> assertThat(a.toAlert().id()).isEqualTo(a.id));
    }
}
