package dev.vigil.flink;

import java.io.IOException;
import java.util.function.IntFunction;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for one of Vigil's immutable types, written by hand so that Flink never falls
 * back to Kryo for them (jobs may run with {@code pipeline.generic-types: false}). Subclasses say how
 * a value is written and read; copies are the value itself, since the types are immutable. Values are
 * written in {@link ValueCodec#FORMAT}; a serializer restored from an older savepoint reads its
 * {@link #format} (see {@link CodecSnapshot}).
 */
abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    /** The format this serializer reads: {@link ValueCodec#FORMAT}, or an older one after a restore. */
    final int format;

    CodecSerializer(int format) {
        this.format = format;
    }

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

    /**
     * A codec serializer's snapshot: its version is the format the state was written in ({@link
     * ValueCodec#FORMAT_UTF8} for the {@code SimpleTypeSerializerSnapshot}s of earlier versions, which had
     * the same class names). An older format restores a serializer that reads it, and the state migrates.
     */
    abstract static class CodecSnapshot<T> implements TypeSerializerSnapshot<T> {
        private final IntFunction<CodecSerializer<T>> serializer;
        private int format = ValueCodec.FORMAT;

        CodecSnapshot(IntFunction<CodecSerializer<T>> serializer) {
            this.serializer = serializer;
        }

        @Override
        public int getCurrentVersion() {
            return ValueCodec.FORMAT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader classLoader) throws IOException {
            if (version != ValueCodec.FORMAT && version != ValueCodec.FORMAT_UTF8) {
                throw new IOException("unknown format " + version + " of " + getClass().getName());
            }
            format = version;
        }

        @Override
        public CodecSerializer<T> restoreSerializer() {
            return serializer.apply(format);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (old == null || old.getClass() != getClass()) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return ((CodecSnapshot<T>) old).format == ValueCodec.FORMAT
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
