package dev.vigil.flink;

import dev.vigil.core.event.Event;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A match on its way to the correlation it feeds: the correlation's key, the match's group key in it
 * (the Flink key), the rule that matched and the event. In the correlation operator's state it also
 * carries the watermark it arrived at and its arrival number, so that a restore replays it in order.
 */
record RoutedMatch(String correlation, String group, String rule, Event event, long arrival, long seq) {

    static final CodecTypeInfo<RoutedMatch> TYPE = new CodecTypeInfo<>(RoutedMatch.class, Serializer::new);

    RoutedMatch arrived(long watermark, long number) {
        return new RoutedMatch(correlation, group, rule, event, watermark, number);
    }

    /** Serializes routed matches. */
    static final class Serializer extends CodecSerializer<RoutedMatch> {

        private static final long serialVersionUID = 1L;

        Serializer() {
            super(ValueCodec.FORMAT);
        }

        Serializer(int format) {
            super(format);
        }

        @Override
        void write(RoutedMatch m, DataOutputView out) throws IOException {
            ValueCodec.writeString(m.correlation, out);
            ValueCodec.writeString(m.group, out);
            ValueCodec.writeString(m.rule, out);
            ValueCodec.writeEvent(m.event, out);
            out.writeLong(m.arrival);
            out.writeLong(m.seq);
        }

        @Override
        RoutedMatch read(DataInputView in) throws IOException {
            return new RoutedMatch(ValueCodec.readString(in, format), ValueCodec.readString(in, format),
                    ValueCodec.readString(in, format), ValueCodec.readEvent(in, format), in.readLong(), in.readLong());
        }

        @Override
        public TypeSerializerSnapshot<RoutedMatch> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint or savepoint. */
        public static final class Snapshot extends CodecSnapshot<RoutedMatch> {
            public Snapshot() {
                super(Serializer::new);
            }
        }
    }
}
