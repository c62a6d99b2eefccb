package dev.vigil.flink;

import dev.vigil.core.event.Event;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes {@link Event}s: see {@link ValueCodec}. */
final class EventSerializer extends CodecSerializer<Event> {

    private static final long serialVersionUID = 1L;

    EventSerializer() {
        super(ValueCodec.FORMAT);
    }

    EventSerializer(int format) {
        super(format);
    }

    @Override
    void write(Event value, DataOutputView out) throws IOException {
        ValueCodec.writeEvent(value, out);
    }

    @Override
    Event read(DataInputView in) throws IOException {
        return ValueCodec.readEvent(in, format);
    }

    @Override
    public TypeSerializerSnapshot<Event> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint or savepoint (Flink instantiates it by name). */
    public static final class Snapshot extends CodecSnapshot<Event> {
        public Snapshot() {
            super(EventSerializer::new);
        }
    }
}
