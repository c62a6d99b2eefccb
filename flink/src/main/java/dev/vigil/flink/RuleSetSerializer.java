package dev.vigil.flink;

import dev.vigil.sigma.SigmaText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes {@link RuleSet}s: the version, then each document's origin and text. */
final class RuleSetSerializer extends CodecSerializer<RuleSet> {

    private static final long serialVersionUID = 1L;

    RuleSetSerializer() {
        super(ValueCodec.FORMAT);
    }

    RuleSetSerializer(int format) {
        super(format);
    }

    @Override
    void write(RuleSet value, DataOutputView out) throws IOException {
        ValueCodec.writeString(value.version(), out);
        List<SigmaText> docs = value.documents();
        out.writeInt(docs.size());
        for (SigmaText t : docs) {
            ValueCodec.writeString(t.origin(), out);
            ValueCodec.writeString(t.yaml(), out);
        }
    }

    @Override
    RuleSet read(DataInputView in) throws IOException {
        String version = ValueCodec.readString(in, format);
        int n = in.readInt();
        List<SigmaText> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            docs.add(new SigmaText(ValueCodec.readString(in, format), ValueCodec.readString(in, format)));
        }
        return RuleSet.of(version, docs);
    }

    @Override
    public TypeSerializerSnapshot<RuleSet> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint or savepoint. */
    public static final class Snapshot extends CodecSnapshot<RuleSet> {
        public Snapshot() {
            super(RuleSetSerializer::new);
        }
    }
}
