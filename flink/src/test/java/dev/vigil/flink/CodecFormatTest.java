package dev.vigil.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Serializer formats: lone surrogates survive, and state written in the earlier UTF-8 format still reads. */
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
}
