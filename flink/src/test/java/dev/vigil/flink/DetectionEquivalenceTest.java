package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import java.nio.file.Path;
import java.util.ArrayList;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole SigmaHQ rule set on Flink gives the embedded engine's detections, alert id for alert id, on
 * SigmaHQ's regression captures and on the OTRF capture files read by a FileSource with
 * {@link EventFileFormat}, at parallelism 2, with Kryo turned off.
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
    void sigmaHqRules_onTheRegressionCaptures_sameAlertIdsAsTheEmbeddedEngine() throws Exception {
        List<Event> events = SharedData.conformanceEvents();
        List<Alert> expected = FlinkTestSupport.embedded(sigmaHq, events);

        StreamExecutionEnvironment env = FlinkTestSupport.env(2);
        List<AlertRecord> actual = FlinkTestSupport.collect(
                VigilFlink.detect(env.fromData(events, VigilTypes.event()), sigmaHq));

        assertThat(expected).hasSizeGreaterThan(250);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(FlinkTestSupport.recordIds(actual)).isEqualTo(FlinkTestSupport.ids(expected));
        assertThat(actual).allSatisfy(a -> assertThat(a.toAlert().id()).isEqualTo(a.id));
    }

    @Test
    void sigmaHqRules_onOtrfFilesThroughAFileSource_sameAlertIdsAsTheEmbeddedEngine() throws Exception {
        List<Path> files = SharedData.otrfFiles();
        List<Event> events = new ArrayList<>();
        EventReader.builder().readAll(files, events::add);
        List<Alert> expected = FlinkTestSupport.embedded(sigmaHq, events);

        StreamExecutionEnvironment env = FlinkTestSupport.env(2);
        FileSource<Event> source = FileSource.forBulkFileFormat(new EventFileFormat(),
                files.stream().map(f -> new org.apache.flink.core.fs.Path(f.toUri())).toArray(org.apache.flink.core.fs.Path[]::new))
                .build();
        List<AlertRecord> actual = FlinkTestSupport.collect(VigilFlink.detect(
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "otrf"), sigmaHq));

        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(FlinkTestSupport.recordIds(actual)).isEqualTo(FlinkTestSupport.ids(expected));
    }
}
