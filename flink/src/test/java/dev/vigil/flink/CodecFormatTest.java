package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Serializer formats: lone surrogates survive (in events and in the compact alerts the correlation stages
 * exchange), and state written in the earlier UTF-8 format still reads.
 */
class CodecFormatTest {

    @Test
    void loneSurrogatesRoundTrip() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ValueCodec.writeString("x\ud800y\udfff", out);
        assertThat(ValueCodec.readString(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo("x\ud800y\udfff");
    }

    @Test
    void utf8FormatOfEarlierSavepoints_restoresAndMigrates() throws Exception {
        RuleSet rules = AttackSupport.rules("v1", "title: t\n");
        DataOutputSerializer old = new DataOutputSerializer(64);
        for (String s : new String[] {"v1", "v1.yml", "title: t\n"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (s.equals("v1.yml")) {
                old.writeInt(1);
            }
            old.writeInt(b.length);
            old.write(b);
        }
        TypeSerializerSnapshot<RuleSet> restored = new RuleSetSerializer.Snapshot();
        restored.readSnapshot(ValueCodec.FORMAT_UTF8, new DataInputDeserializer(new byte[0]), getClass().getClassLoader());
        TypeSerializer<RuleSet> reader = restored.restoreSerializer();
        RuleSet read = reader.deserialize(new DataInputDeserializer(old.getCopyOfBuffer()));
        assertThat(read.version()).isEqualTo(rules.version());
        assertThat(read.documents()).isEqualTo(rules.documents());
        assertThat(new RuleSetSerializer.Snapshot().resolveSchemaCompatibility(restored).isCompatibleAfterMigration())
                .isTrue();
        assertThat(new RuleSetSerializer.Snapshot().resolveSchemaCompatibility(new RuleSetSerializer.Snapshot())
                .isCompatibleAsIs()).isTrue();
    }

    @Test
    void chainedAlertsBetweenStages_keepLoneSurrogates() throws Exception {
        Map<String, String> group = new LinkedHashMap<>();
        group.put("host", "h\ud800");
        group.put("user", null);
        RoutedMatch.Chained alert = new RoutedMatch.Chained(group, Instant.ofEpochSecond(10, 5),
                Instant.ofEpochSecond(70), 3L, new SourcePosition("f\udfff.json", 2, 3, "x\ud800"), 4);
        RoutedMatch m = new RoutedMatch("c\ud800", "h\ud800", "r", null, alert, 7, 8);
        RoutedMatch.Serializer serializer = new RoutedMatch.Serializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(m, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(m);
    }

    @Test
    void routedMatchesOfEarlierSavepoints_readWithoutTheAlertFlag() throws Exception {
        // format 3: correlation, group, rule, event, arrival, seq; strings as UTF-8 with their length
        DataOutputSerializer old = new DataOutputSerializer(64);
        for (String s : new String[] {"c", "g", "r"}) {
            writeUtf8(s, old);
        }
        old.writeBoolean(false); // source file
        old.writeInt(1);
        old.writeInt(2);
        old.writeBoolean(false); // source field
        old.writeBoolean(false); // no time
        old.writeByte(6); // fields: a map ...
        old.writeInt(1); // ... of one entry
        writeUtf8("k", old);
        old.writeByte(1); // a string
        writeUtf8("v", old);
        old.writeLong(5);
        old.writeLong(6);
        RoutedMatch read = new RoutedMatch.Serializer(ValueCodec.FORMAT_UTF8)
                .deserialize(new DataInputDeserializer(old.getCopyOfBuffer()));
        assertThat(read.correlation()).isEqualTo("c");
        assertThat(read.alert()).isNull();
        assertThat(read.event()).isInstanceOf(Event.class);
        assertThat(read.event().fields()).isEqualTo(Map.of("k", "v"));
        assertThat(read.arrival()).isEqualTo(5);
        assertThat(read.seq()).isEqualTo(6);
    }

    private static void writeUtf8(String s, DataOutputSerializer out) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
