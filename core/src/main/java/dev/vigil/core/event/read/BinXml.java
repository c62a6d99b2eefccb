package dev.vigil.core.event.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows binary XML ([MS-EVEN6] 2.2.12, "BinXml") within one chunk of an .evtx file, turned into a
 * tree of {@link Element}s whose content is text, numbers, booleans, lists and elements, with every
 * template instantiated and every substitution resolved.
 *
 * <p>Names and template definitions are referred to by their offset in the chunk, so one instance
 * serves one chunk and caches both by offset. Not thread-safe; chunks are parsed by one instance each.
 */
final class BinXml {

    static final int END_OF_STREAM = 0x00;
    static final int OPEN_START_ELEMENT = 0x01;
    static final int CLOSE_START_ELEMENT = 0x02;
    static final int CLOSE_EMPTY_ELEMENT = 0x03;
    static final int END_ELEMENT = 0x04;
    static final int VALUE = 0x05;
    static final int ATTRIBUTE = 0x06;
    static final int CDATA = 0x07;
    static final int CHAR_REF = 0x08;
    static final int ENTITY_REF = 0x09;
    static final int PI_TARGET = 0x0a;
    static final int PI_DATA = 0x0b;
    static final int TEMPLATE_INSTANCE = 0x0c;
    static final int SUBSTITUTION = 0x0d;
    static final int OPTIONAL_SUBSTITUTION = 0x0e;
    static final int FRAGMENT_HEADER = 0x0f;
    /**
     * The most elements, attributes and values the template definitions cached for one chunk may hold together
     * (their content with the templates they instantiate expanded). A definition that would take the cache past
     * it is parsed again at each use instead of cached, which costs time within each record's own limit, not
     * memory: definitions instantiating large templates cannot pile up in a chunk. Real chunks cache a few
     * thousand.
     */
    static final int MAX_CACHED_TEMPLATE_NODES = 100_000;
    /**
     * How many elements, attributes and values a record may cost to build, as a multiple of
     * {@link ReadLimits#maxFieldsPerRecord()}: its own, and those of the template definitions it parses on the
     * way (a definition's content, with the templates it instantiates expanded, is built once and cached, then
     * counted toward the size of each record that instantiates it). This bounds the time a record takes where
     * definitions cannot be cached ({@link #MAX_CACHED_TEMPLATE_NODES}).
     */
    static final int WORK_PER_FIELD = 4;
    /** Set on a token that has more of its kind after it (attributes) or carries attributes (elements). */
    static final int MORE = 0x40;

    /** An element: its name, attributes (name and content) and content, in document order. */
    record Element(String name, List<Attribute> attributes, List<Object> content) {
    }

    record Attribute(String name, List<Object> value) {
    }

    /** A template's placeholder for the value at {@code index} of the instance's substitution array. */
    private record Substitution(int index, boolean optional) {
    }

    /**
     * A value of type BinXml: a fragment of its own, already resolved, and its weight: the elements, attributes
     * and values it holds (at every level), counted again each time a substitution copies it in.
     */
    private record Fragment(List<Object> nodes, int weight) {
    }

    private final byte[] b;
    private final int maxDepth;
    private final int maxNodes;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, List<Object>> templates = new HashMap<>();
    /** The elements, attributes and values the cached template definitions hold, at most {@link #MAX_CACHED_TEMPLATE_NODES}. */
    private int cachedNodes;
    private int pos;
    private int end;
    private int nodesLeft;
    private final int maxWork;
    private int workLeft;
    /** How deep in template definitions the parse is: their content counts as work, not toward the record's size. */
    private int definitions;
    /** Elements, attributes and values built so far, for the weight of fragments and definitions. */
    private long built;
    /** Where the last record's binary XML ended: just after its end-of-stream token, or at its limit. */
    private int streamEnd;

    BinXml(byte[] chunk, ReadLimits limits) {
        this.b = chunk;
        this.maxDepth = limits.maxDepth();
        this.maxNodes = limits.maxFieldsPerRecord();
        this.maxWork = (int) Math.min(Integer.MAX_VALUE, (long) maxNodes * WORK_PER_FIELD);
    }

    /**
     * The content of the record whose binary XML is {@code b[start, limit)}. Every element, attribute and value
     * counts toward {@link ReadLimits#maxFieldsPerRecord()} each time it is part of the record: those a template
     * instance copies in as often as they are copied (a template's size times its uses), so that templates
     * instantiating templates cannot multiply a small record past the limit; what building it costs, template
     * definitions included, is held to {@link #WORK_PER_FIELD} times the limit.
     *
     * @throws EvtxFormatException where the bytes are not binary XML, or a limit is exceeded
     */
    List<Object> record(int start, int limit) {
        nodesLeft = maxNodes;
        workLeft = maxWork;
        definitions = 0;
        pos = start;
        end = limit;
        List<Object> out = new ArrayList<>(2);
        content(out, false, 1, false);
        streamEnd = pos;
        return out;
    }

    /** Where the binary XML of the last record read by {@link #record} ended: after its end-of-stream token. */
    int streamEnd() {
        return streamEnd;
    }

    private List<Object> parseAt(int start, int limit, boolean template, int depth) {
        int savedPos = pos;
        int savedEnd = end;
        pos = start;
        end = limit;
        try {
            List<Object> out = new ArrayList<>(2);
            content(out, template, depth, false);
            return out;
        } finally {
            pos = savedPos;
            end = savedEnd;
        }
    }

    /** Reads tokens into {@code out} up to the end of the stream, of the region, or (in an element) of the element. */
    private void content(List<Object> out, boolean template, int depth, boolean inElement) {
        if (depth > maxDepth) {
            throw new EvtxFormatException("nested deeper than " + maxDepth + " levels (ReadLimits.maxDepth)");
        }
        while (pos < end) {
            int token = b[pos] & 0xff;
            switch (token & ~MORE) {
                case FRAGMENT_HEADER -> pos += 4;
                case END_OF_STREAM -> {
                    pos++;
                    if (inElement) {
                        throw new EvtxFormatException("end of stream inside an element at offset " + (pos - 1));
                    }
                    return;
                }
                case OPEN_START_ELEMENT -> out.add(element(template, depth));
                case END_ELEMENT -> {
                    if (!inElement) {
                        throw new EvtxFormatException("end of an element that was not opened, at offset " + pos);
                    }
                    pos++;
                    return;
                }
                case TEMPLATE_INSTANCE -> out.addAll(templateInstance(depth));
                default -> {
                    Object text = text(template, token);
                    if (text != null) {
                        out.add(text);
                    }
                }
            }
        }
        if (inElement) {
            throw new EvtxFormatException("element not closed before the end of its data");
        }
    }

    /** A token that stands for character content (in an element or an attribute's value), or null for a skipped one. */
    private Object text(boolean template, int token) {
        int at = pos;
        pos++;
        switch (token & ~MORE) {
            case VALUE: {
                count();
                int type = u8();
                if (type == EvtxValues.STRING) {
                    int chars = u16();
                    need(2 * chars);
                    String s = EvtxValues.utf16(b, pos, chars);
                    pos += 2 * chars;
                    return s;
                }
                int size = EvtxValues.fixedSize(type);
                if (size == 0) {
                    throw new EvtxFormatException("a value of type 0x" + Integer.toHexString(type) + " at offset " + at);
                }
                need(size);
                Object v = EvtxValues.fixed(b, pos, type);
                pos += size;
                return v;
            }
            case CDATA: {
                int chars = u16();
                need(2 * chars);
                String s = new String(b, pos, 2 * chars, StandardCharsets.UTF_16LE);
                pos += 2 * chars;
                return s;
            }
            case CHAR_REF:
                return String.valueOf((char) u16());
            case ENTITY_REF:
                return entity(name());
            case PI_TARGET:
                name();
                return null;
            case PI_DATA:
                pos += 2 * u16();
                return null;
            case SUBSTITUTION:
            case OPTIONAL_SUBSTITUTION: {
                int index = u16();
                u8();
                if (!template) {
                    throw new EvtxFormatException("a substitution outside a template, at offset " + at);
                }
                return new Substitution(index, (token & ~MORE) == OPTIONAL_SUBSTITUTION);
            }
            default:
                throw new EvtxFormatException("unknown token 0x" + Integer.toHexString(token) + " at offset " + at);
        }
    }

    private static String entity(String name) {
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> "&" + name + ";";
        };
    }

    private Element element(boolean template, int depth) {
        int at = pos;
        boolean hasAttributes = (b[pos] & MORE) != 0;
        pos++;
        count();
        // template definitions carry a dependency identifier (2 bytes) before the size; elements of a record's
        // own binary XML and of BinXml values do not. Where the name's offset shows the other layout, it is taken.
        int skip = template ? 2 : 0;
        if (!plausibleName(pos + skip + 4) && plausibleName(pos + (2 - skip) + 4)) {
            skip = 2 - skip;
        }
        pos += skip + 4;
        String name = name();
        if (hasAttributes) {
            pos += 4;
        }
        List<Attribute> attributes = List.of();
        while (pos < end && (b[pos] & ~MORE) == ATTRIBUTE) {
            pos++;
            count();
            String attribute = name();
            List<Object> value = new ArrayList<>(1);
            while (pos < end && isText(b[pos] & ~MORE)) {
                Object v = text(template, b[pos] & 0xff);
                if (v != null) {
                    value.add(v);
                }
            }
            if (attributes.isEmpty()) {
                attributes = new ArrayList<>(4);
            }
            attributes.add(new Attribute(attribute, value));
        }
        need(1);
        int close = b[pos] & 0xff;
        pos++;
        if (close == CLOSE_EMPTY_ELEMENT) {
            return new Element(name, attributes, List.of());
        }
        if (close != CLOSE_START_ELEMENT) {
            throw new EvtxFormatException("element <" + name + "> at offset " + at + " not followed by its content (token 0x"
                    + Integer.toHexString(close) + ")");
        }
        List<Object> content = new ArrayList<>(2);
        content(content, template, depth + 1, true);
        return new Element(name, attributes, content);
    }

    private static boolean isText(int token) {
        return token == VALUE || token == SUBSTITUTION || token == OPTIONAL_SUBSTITUTION || token == CHAR_REF
                || token == ENTITY_REF || token == CDATA;
    }

    /** Whether the 4 bytes at {@code at} can be a name's offset: the name follows them, or was given earlier. */
    private boolean plausibleName(int at) {
        if (at + 4 > end) {
            return false;
        }
        long offset = EvtxValues.u32(b, at);
        return offset == at + 4 || offset < at && offset + 8 <= b.length;
    }

    /** A name: its offset in the chunk, and the name itself when that offset is here. */
    private String name() {
        need(4);
        int offset = EvtxValues.i32(b, pos);
        pos += 4;
        if (offset == pos) {
            need(8);
            int chars = EvtxValues.u16(b, pos + 6);
            need(8 + 2 * chars + 2);
            pos += 8 + 2 * chars + 2;
        }
        String cached = names.get(offset);
        if (cached != null) {
            return cached;
        }
        if (offset < 0 || offset + 8 > b.length) {
            throw new EvtxFormatException("a name at offset " + Integer.toUnsignedString(offset) + ", outside the chunk");
        }
        int chars = EvtxValues.u16(b, offset + 6);
        if (offset + 8 + 2 * chars > b.length) {
            throw new EvtxFormatException("a name at offset " + offset + " runs past the end of the chunk");
        }
        String name = EvtxValues.utf16(b, offset + 8, chars);
        names.put(offset, name);
        return name;
    }

    /** A template instance: its definition (here or cached by offset) filled with the values that follow. */
    private List<Object> templateInstance(int depth) {
        int at = pos;
        pos += 2;
        need(8);
        pos += 4; // the template's identifier; the definition is found by its offset
        int definition = EvtxValues.i32(b, pos);
        pos += 4;
        List<Object> template;
        if (definition == pos) {
            need(24);
            int size = EvtxValues.i32(b, pos + 20);
            if (size < 0 || size > end - pos - 24) {
                throw new EvtxFormatException("a template definition at offset " + at + " larger than its record");
            }
            template = template(definition, depth);
            pos += 24 + size;
        } else {
            template = template(definition, depth);
        }
        need(4);
        long count = EvtxValues.u32(b, pos);
        pos += 4;
        if (count > (end - pos) / 4) {
            throw new EvtxFormatException(count + " substitution values at offset " + at + ", more than the record holds");
        }
        int n = (int) count;
        int[] sizes = new int[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = EvtxValues.u16(b, pos);
            types[i] = b[pos + 2] & 0xff;
            pos += 4;
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            need(sizes[i]);
            if (types[i] == EvtxValues.BINXML) {
                if (sizes[i] > 0) {
                    long before = built;
                    List<Object> nodes = parseAt(pos, pos + sizes[i], false, depth + 1);
                    values[i] = new Fragment(nodes, (int) (built - before));
                }
            } else if (sizes[i] > 0 || types[i] == EvtxValues.STRING) {
                values[i] = EvtxValues.decode(b, pos, sizes[i], types[i]);
            }
            pos += sizes[i];
        }
        return instantiate(template, values, depth);
    }

    /** The definition at {@code offset}: its header (next offset, GUID, size) and its binary XML, parsed once. */
    private List<Object> template(int offset, int depth) {
        List<Object> cached = templates.get(offset);
        if (cached != null) {
            return cached;
        }
        if (offset < 0 || offset + 24 > b.length) {
            throw new EvtxFormatException("a template definition at offset " + Integer.toUnsignedString(offset)
                    + ", outside the chunk");
        }
        int size = EvtxValues.i32(b, offset + 20);
        if (size < 0 || size > b.length - offset - 24) {
            throw new EvtxFormatException("the template definition at offset " + offset + " runs past the end of the chunk");
        }
        long before = built;
        List<Object> template;
        definitions++;
        try {
            template = parseAt(offset + 24, offset + 24 + size, true, depth + 1);
        } finally {
            definitions--;
        }
        long weight = built - before;
        if (weight <= MAX_CACHED_TEMPLATE_NODES - cachedNodes) {
            cachedNodes += weight;
            templates.put(offset, template);
        }
        return template;
    }

    private List<Object> instantiate(List<Object> nodes, Object[] values, int depth) {
        if (depth > maxDepth) {
            throw new EvtxFormatException("nested deeper than " + maxDepth + " levels (ReadLimits.maxDepth)");
        }
        List<Object> out = new ArrayList<>(nodes.size());
        for (Object node : nodes) {
            if (node instanceof Element e) {
                count();
                List<Attribute> attributes = e.attributes.isEmpty() ? List.of() : new ArrayList<>(e.attributes.size());
                for (Attribute a : e.attributes) {
                    count();
                    attributes.add(new Attribute(a.name, instantiate(a.value, values, depth + 1)));
                }
                out.add(new Element(e.name, attributes, e.content.isEmpty() ? List.of()
                        : instantiate(e.content, values, depth + 1)));
            } else if (node instanceof Substitution s) {
                Object v = s.index < values.length ? values[s.index] : null;
                if (v instanceof Fragment f) {
                    count(f.weight);
                    out.addAll(f.nodes);
                } else if (v != null) {
                    count();
                    out.add(v);
                }
            } else {
                count();
                out.add(node);
            }
        }
        return out;
    }

    private void count() {
        count(1);
    }

    private void count(int n) {
        built += n;
        workLeft -= n;
        if (workLeft < 0) {
            throw new EvtxFormatException("more than " + maxWork + " elements, attributes and values built while"
                    + " expanding its templates (" + WORK_PER_FIELD + " x ReadLimits.maxFieldsPerRecord)");
        }
        if (definitions == 0) {
            nodesLeft -= n;
            if (nodesLeft < 0) {
                throw new EvtxFormatException("more than " + maxNodes + " elements, attributes and values"
                        + " (ReadLimits.maxFieldsPerRecord)");
            }
        }
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new EvtxFormatException("data ends at offset " + end + " inside a value or name at offset " + pos);
        }
    }

    private int u8() {
        need(1);
        return b[pos++] & 0xff;
    }

    private int u16() {
        need(2);
        int v = EvtxValues.u16(b, pos);
        pos += 2;
        return v;
    }
}
