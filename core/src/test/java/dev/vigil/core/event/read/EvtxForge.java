package dev.vigil.core.event.read;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Builds hostile .evtx files byte by byte for the attack tests: a file header and chunks with correct
 * checksums (so that only the forged part is wrong), records, and binary XML written token by token.
 * Offsets inside binary XML are chunk-relative, as in a real file.
 */
final class EvtxForge {

    private EvtxForge() {
    }

    /** A 4 KiB file header for {@code chunks} chunks, clean, with its checksum. */
    static byte[] fileHeader(int chunks) {
        byte[] h = new byte[EvtxReader.FILE_HEADER_SIZE];
        System.arraycopy(EvtxReader.MAGIC, 0, h, 0, 8);
        putI64(h, 8, 0);
        putI64(h, 16, Math.max(0, chunks - 1));
        putI64(h, 24, 1);
        putI32(h, 32, 128);
        putU16(h, 36, 1);
        putU16(h, 38, 3);
        putU16(h, 40, 4096);
        putU16(h, 42, chunks);
        CRC32 crc = new CRC32();
        crc.update(h, 0, 120);
        putI32(h, 124, (int) crc.getValue());
        return h;
    }

    /** A chunk being written: records from offset 512 on; {@link #finish} writes the header and checksums. */
    static final class Chunk {
        final byte[] b = new byte[EvtxChunk.SIZE];
        int at = EvtxChunk.HEADER_SIZE;
        long firstId = -1;
        long lastId = -1;
        int lastRecord = EvtxChunk.HEADER_SIZE;

        /** Appends a record with {@code binXml} (built by {@code body} at the record's binary XML offset). */
        Chunk record(long id, Body body) {
            int start = at;
            int xml = start + EvtxChunk.RECORD_HEADER_SIZE;
            byte[] content = body.at(xml);
            int size = EvtxChunk.RECORD_HEADER_SIZE + content.length + 4;
            putI32(b, start, 0x00002a2a);
            putI32(b, start + 4, size);
            putI64(b, start + 8, id);
            putI64(b, start + 16, 131_000_000_000_000_000L);
            System.arraycopy(content, 0, b, xml, content.length);
            putI32(b, start + size - 4, size);
            at = start + size;
            if (firstId < 0) {
                firstId = id;
            }
            lastId = id;
            lastRecord = start;
            return this;
        }

        /** Writes raw bytes at a chunk offset (template definitions, names, damage). */
        Chunk raw(int offset, byte[] bytes) {
            System.arraycopy(bytes, 0, b, offset, bytes.length);
            return this;
        }

        byte[] finish() {
            return finish(firstId, lastId, at);
        }

        byte[] finish(long first, long last, int freeSpace) {
            System.arraycopy("ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 8);
            putI64(b, 8, first);
            putI64(b, 16, last);
            putI64(b, 24, first);
            putI64(b, 32, last);
            putI32(b, 40, 128);
            putI32(b, 44, lastRecord);
            putI32(b, 48, freeSpace);
            CRC32 crc = new CRC32();
            crc.update(b, EvtxChunk.HEADER_SIZE, Math.max(0, Math.min(EvtxChunk.SIZE, freeSpace) - EvtxChunk.HEADER_SIZE));
            putI32(b, 52, (int) crc.getValue());
            crc.reset();
            crc.update(b, 0, 120);
            crc.update(b, 128, EvtxChunk.HEADER_SIZE - 128);
            putI32(b, 124, (int) crc.getValue());
            return b;
        }
    }

    /** Binary XML whose offsets depend on where it is placed in the chunk. */
    interface Body {
        byte[] at(int offset);
    }

    /** A binary XML writer that knows its chunk offset, so that names can be written inline. */
    static final class Xml {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int base;

        Xml(int base) {
            this.base = base;
        }

        int here() {
            return base + out.size();
        }

        Xml fragmentHeader() {
            return bytes(0x0f, 1, 1, 0);
        }

        /** An element with an inline name; {@code template} adds the 2-byte dependency identifier. */
        Xml open(String name, boolean template) {
            out.write(0x01);
            if (template) {
                bytes(0xff, 0xff);
            }
            i32(0); // data size, not used by the reader
            inlineName(name);
            return this;
        }

        /** An element with attributes and an inline name. */
        Xml openWithAttributes(String name, boolean template) {
            out.write(0x41);
            if (template) {
                bytes(0xff, 0xff);
            }
            i32(0);
            inlineName(name);
            i32(0); // attribute list size
            return this;
        }

        Xml attribute(String name) {
            out.write(0x06);
            inlineName(name);
            return this;
        }

        /** A name given by offset, defined earlier in the chunk. */
        Xml openNamedAt(int nameOffset) {
            out.write(0x01);
            i32(0);
            i32(nameOffset);
            return this;
        }

        Xml inlineName(String name) {
            int offset = here() + 4;
            i32(offset);
            i32(0); // next name offset
            u16(0); // hash
            u16(name.length());
            for (char c : name.toCharArray()) {
                u16(c);
            }
            u16(0);
            return this;
        }

        Xml closeStart() {
            return bytes(0x02);
        }

        Xml closeEmpty() {
            return bytes(0x03);
        }

        Xml end() {
            return bytes(0x04);
        }

        Xml endOfStream() {
            return bytes(0x00);
        }

        Xml string(String s) {
            out.write(0x05);
            out.write(0x01);
            u16(s.length());
            for (char c : s.toCharArray()) {
                u16(c);
            }
            return this;
        }

        Xml substitution(int index, int type) {
            out.write(0x0d);
            u16(index);
            out.write(type);
            return this;
        }

        /** A template instance whose definition lies elsewhere in the chunk, followed by its values. */
        Xml instance(int definition, Value... values) {
            out.write(0x0c);
            out.write(0x01);
            i32(0x1234);
            i32(definition);
            valuesOf(values);
            return this;
        }

        /** A template instance whose definition follows inline: {@code body} is given the offset of its data. */
        Xml inlineInstance(Body body, Value... values) {
            out.write(0x0c);
            out.write(0x01);
            i32(0x1234);
            int definition = here() + 4;
            i32(definition);
            byte[] data = body.at(definition + 24);
            i32(0); // next definition
            bytes(new byte[16]); // GUID
            i32(data.length);
            bytes(data);
            valuesOf(values);
            return this;
        }

        private void valuesOf(Value... values) {
            i32(values.length);
            for (Value v : values) {
                u16(v.bytes.length);
                out.write(v.type);
                out.write(0);
            }
            for (Value v : values) {
                bytes(v.bytes);
            }
        }

        Xml bytes(int... bs) {
            for (int x : bs) {
                out.write(x);
            }
            return this;
        }

        Xml bytes(byte[] bs) {
            out.write(bs, 0, bs.length);
            return this;
        }

        Xml u16(int v) {
            out.write(v & 0xff);
            out.write(v >>> 8 & 0xff);
            return this;
        }

        Xml i32(int v) {
            u16(v & 0xffff);
            u16(v >>> 16);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** A substitution value: its type and bytes. */
    record Value(int type, byte[] bytes) {
        static Value string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_16LE);
            return new Value(EvtxValues.STRING, b);
        }

        static Value of(int type, byte[] bytes) {
            return new Value(type, bytes);
        }
    }

    /** A template definition at {@code offset}: the 24-byte header and {@code data}. */
    static byte[] definition(byte[] data) {
        byte[] d = new byte[24 + data.length];
        putI32(d, 20, data.length);
        System.arraycopy(data, 0, d, 24, data.length);
        return d;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] repeat(byte[] part, int times) {
        byte[] out = new byte[part.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(part, 0, out, i * part.length, part.length);
        }
        return out;
    }

    static byte[] zeros(int n) {
        return new byte[n];
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }

    static void putU16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void putI32(byte[] b, int at, int v) {
        putU16(b, at, v & 0xffff);
        putU16(b, at + 2, v >>> 16);
    }

    static void putI64(byte[] b, int at, long v) {
        putI32(b, at, (int) v);
        putI32(b, at + 4, (int) (v >>> 32));
    }
}
