package dev.vigil.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for one of Vigil's immutable types, written by hand so that Flink never falls
 * back to Kryo for them (jobs may run with {@code pipeline.generic-types: false}). Subclasses say how
 * a value is written and read; copies are the value itself, since the types are immutable.
 */
abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    abstract void write(T value, DataOutputView out) throws IOException;

    abstract T read(DataInputView in) throws IOException;

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final void serialize(T record, DataOutputView target) throws IOException {
        write(record, target);
    }

    @Override
    public final T deserialize(DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return read(source);
    }

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        write(read(source), target);
    }
}
