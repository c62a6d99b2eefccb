package dev.vigil.flink;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The binary form of an event on the wire and in state: source position, time, and the JSON-like fields
 * with a tag per value, so that every value comes back as the same Java type (an {@code Integer} stays
 * an {@code Integer}, a {@code BigDecimal} keeps its scale). Alert ids hash the event's content, so a
 * detection made after a network hop or a restore has the id the embedded engine gives it.
 */
final class ValueCodec {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte BOOLEAN = 5;
    private static final byte MAP = 6;
    private static final byte LIST = 7;
    private static final byte BIG_INTEGER = 8;
    private static final byte BIG_DECIMAL = 9;
    private static final byte FLOAT = 10;
    private static final byte SHORT = 11;
    private static final byte BYTE = 12;
    private static final byte OTHER = 13;

    /**
     * The format written now: strings as Flink's {@code StringValue} (each UTF-16 char as is, lone
     * surrogates included). It is the serializer snapshots' version, so a savepoint says how it was written.
     */
    static final int FORMAT = 4;
    /** The format of savepoints before {@link #FORMAT}: strings as UTF-8 bytes (lone surrogates lost). */
    static final int FORMAT_UTF8 = 3;

    private ValueCodec() {
    }

    static void writeEvent(Event e, DataOutputView out) throws IOException {
        writeSource(e.source(), out);
        Instant t = e.timestamp();
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
        writeValue(e.fields(), out);
    }

    static Event readEvent(DataInputView in) throws IOException {
        return readEvent(in, FORMAT);
    }

    /** An event written in {@code format} ({@link #FORMAT} or {@link #FORMAT_UTF8}). */
    @SuppressWarnings("unchecked")
    static Event readEvent(DataInputView in, int format) throws IOException {
        SourcePosition source = readSource(in, format);
        Instant t = in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        Map<String, Object> fields = (Map<String, Object>) readValue(in, format);
        return Event.of(fields, source, t);
    }

    static void writeSource(SourcePosition s, DataOutputView out) throws IOException {
        writeNullable(s.file(), out);
        out.writeInt(s.line());
        out.writeInt(s.column());
        writeNullable(s.field(), out);
    }

    /** A source position written in {@code format} ({@link #FORMAT} or {@link #FORMAT_UTF8}). */
    static SourcePosition readSource(DataInputView in, int format) throws IOException {
        String file = readNullable(in, format);
        int line = in.readInt();
        int column = in.readInt();
        return new SourcePosition(file, line, column, readNullable(in, format));
    }

    static void writeNullable(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(s, out);
        }
    }

    static String readNullable(DataInputView in, int format) throws IOException {
        return in.readBoolean() ? readString(in, format) : null;
    }

    /**
     * Strings of any length, losslessly: every UTF-16 char as it is, lone surrogates included
     * ({@code getBytes(UTF_8)} would make them '?', changing group keys and alert ids).
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    static String readString(DataInputView in) throws IOException {
        return readString(in, FORMAT);
    }

    static String readString(DataInputView in, int format) throws IOException {
        if (format >= FORMAT) {
            return StringValue.readString(in);
        }
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void writeValue(Object v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(s, out);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte(MAP);
            out.writeInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                writeString(String.valueOf(e.getKey()), out);
                writeValue(e.getValue(), out);
            }
        } else if (v instanceof List<?> l) {
            out.writeByte(LIST);
            out.writeInt(l.size());
            for (Object o : l) {
                writeValue(o, out);
            }
        } else if (v instanceof BigInteger b) {
            out.writeByte(BIG_INTEGER);
            writeString(b.toString(), out);
        } else if (v instanceof BigDecimal b) {
            out.writeByte(BIG_DECIMAL);
            writeString(b.toString(), out);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else {
            // outside the event model (Event.fields() holds JSON-like values): kept as its text
            out.writeByte(OTHER);
            writeString(v.toString(), out);
        }
    }

    static Object readValue(DataInputView in, int format) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
            case OTHER:
                return readString(in, format);
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case MAP: {
                int n = in.readInt();
                Map<String, Object> m = new LinkedHashMap<>(Math.max(4, n * 4 / 3 + 1));
                for (int i = 0; i < n; i++) {
                    String k = readString(in, format);
                    m.put(k, readValue(in, format));
                }
                return m;
            }
            case LIST: {
                int n = in.readInt();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(readValue(in, format));
                }
                return l;
            }
            case BIG_INTEGER:
                return new BigInteger(readString(in, format));
            case BIG_DECIMAL:
                return new BigDecimal(readString(in, format));
            case FLOAT:
                return in.readFloat();
            case SHORT:
                return in.readShort();
            case BYTE:
                return in.readByte();
            default:
                throw new IOException("unknown value tag " + tag + " in a serialized event");
        }
    }
}
