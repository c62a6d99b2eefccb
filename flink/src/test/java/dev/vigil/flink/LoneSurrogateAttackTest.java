package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.EventReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * Attack: an attacker writes JSON events whose group-by value holds a lone UTF-16 surrogate
 * ({@code "host": "x\ud800"}; JSON allows the escape, the event reader and the embedded engine keep the
 * char as it is).
 *
 * <p>What goes wrong: {@link ValueCodec#writeString} encodes with {@code String.getBytes(UTF_8)}, which
 * replaces every unpaired surrogate with {@code '?'}. After the network hop between matching and
 * correlation (and after every restore) {@code "x\ud800"} and {@code "x\udbff"} are both {@code "x?"}:
 * the group key and the event change. Distinct groups merge (two hosts with one failure each make a
 * "two failures on one host" alert that the embedded detector does not raise), alert ids change, and since
 * Flink partitions by the key before serialization and re-extracts it after, the record lands on a key
 * group that is not the one it was routed by (sent to key groups 1 and 90, received as 37, at max
 * parallelism 128): at parallelism above 1 the state backend can refuse it ("Key group ... is not in
 * KeyGroupRange"), failing the job, which restarts into the same record.
 *
 * <p>Expected: values survive the serializer unchanged (write strings as UTF-16 chars, or
 * {@code DataOutput.writeChars}/a lossless encoding); Flink's alerts equal the embedded detector's.
 */
class LoneSurrogateAttackTest {

    private static final RuleSet RULES = AttackSupport.rules("surrogate", AttackSupport.FAIL_RULE + """
            ---
            title: two failures on one host
            name: two
            correlation:
              type: event_count
              rules: [fail]
              group-by: [host]
              timespan: 5m
              condition: {gte: 2}
            """);

    private static List<Event> read(String jsonLines) {
        List<Event> out = new ArrayList<>();
        EventReader r = EventReader.builder().open(
                new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)), "attacker.jsonl");
        r.iterator().forEachRemaining(out::add);
        r.close();
        return out;
    }

    /** What the network (and a checkpoint) does to a routed match. */
    private static RoutedMatch overTheWire(RoutedMatch m) throws Exception {
        TypeSerializer<RoutedMatch> s = RoutedMatch.TYPE.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(m, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void loneSurrogatesInAGroupByValue_surviveTheWire_andGroupsStayApart() throws Exception {
        List<Event> events = read("""
                {"product":"test","type":"fail","host":"x\\ud800","@timestamp":"2026-03-02T08:00:00Z"}
                {"product":"test","type":"fail","host":"x\\udbff","@timestamp":"2026-03-02T08:00:01Z"}
                """);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).fields().get("host")).isEqualTo("x\ud800");

        List<Alert> embedded = FlinkTestSupport.embedded(RULES, events);
        assertThat(embedded.stream().filter(a -> a instanceof CorrelationAlert)).as("embedded: two hosts, one failure each")
                .isEmpty();

        List<RoutedMatch> sent = AttackSupport.routed(RULES, events);
        List<RoutedMatch> received = new ArrayList<>();
        for (RoutedMatch m : sent) {
            received.add(overTheWire(m));
        }
        List<AlertRecord> flink;
        try (var h = AttackSupport.harness(RULES, AttackSupport.settings(Duration.ofMinutes(1), 100_000, 10_000))) {
            h.open();
            for (RoutedMatch m : received) {
                h.processElement(new StreamRecord<>(m, AttackSupport.millis(m)));
            }
            h.processWatermark(Long.MAX_VALUE);
            flink = h.extractOutputValues();
        }
        assertThat(AttackSupport.correlationIds(flink)).as("correlation alerts after the network hop").isEmpty();

        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i).group()).as("group key after the hop").isEqualTo(sent.get(i).group());
            assertThat(received.get(i).event().fields()).isEqualTo(sent.get(i).event().fields());
            assertThat(KeyGroupRangeAssignment.assignToKeyGroup(received.get(i).group(), 128))
                    .as("key group the receiver computes vs the one the sender routed to")
                    .isEqualTo(KeyGroupRangeAssignment.assignToKeyGroup(sent.get(i).group(), 128));
        }
    }
}
