package dev.vigil.core.event.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one JSON object's bytes into plain Java values: {@link LinkedHashMap}, {@link ArrayList},
 * {@link String}, {@link Integer}/{@link Long}/{@link java.math.BigInteger}, {@link Double},
 * {@link Boolean} and {@code null}. Built directly on the streaming parser, which is leaner than a
 * data-binding round trip; field names are canonicalized by the shared factory, so records with the
 * same keys share the key strings. A key given more than once in one object holds all its values, in
 * order, as one list (see {@link #duplicateKeys()}). Holds each record to the {@link ReadLimits} (depth and string length
 * through Jackson's constraints, fields counted here); one instance per reader, not thread-safe.
 */
final class JsonRecords {

    private static final int MAX_REASON = 200;
    /** Shared by every reader on the default limits, so their records share canonical key strings. */
    private static final JsonFactory DEFAULT_FACTORY = factory(ReadLimits.defaults());

    private final JsonFactory factory;
    private final ReadLimits limits;
    private int fieldsLeft;
    /** The keys the last record gave more than once in one object, in order of first repetition. */
    private final Set<String> duplicateKeys = new LinkedHashSet<>();

    JsonRecords(ReadLimits limits) {
        this.limits = limits;
        this.factory = limits == ReadLimits.defaults() ? DEFAULT_FACTORY : factory(limits);
    }

    private static JsonFactory factory(ReadLimits limits) {
        return JsonFactory.builder()
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxFieldNameLength())
                        .build())
                .build();
    }

    /** Parses the object in {@code bytes[off, off+len)}; the span must hold exactly one value. */
    Map<String, Object> parseObject(byte[] bytes, int off, int len) throws IOException {
        fieldsLeft = limits.maxFieldsPerRecord();
        duplicateKeys.clear();
        try (JsonParser p = factory.createParser(bytes, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "expected a JSON object");
            }
            Map<String, Object> map = readObject(p);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "unexpected content after the object");
            }
            return map;
        }
    }

    private Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        Set<String> repeated = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            count(p);
            int size = map.size();
            Object value = readValue(p, p.nextToken());
            Object earlier = map.put(name, value);
            if (map.size() == size) {
                if (repeated == null) {
                    repeated = new HashSet<>();
                }
                map.put(name, allValues(earlier, value, repeated.add(name)));
                duplicateKeys.add(name);
            }
        }
        return map;
    }

    /** The values of a key given more than once: all of them, in order, in one list. */
    @SuppressWarnings("unchecked")
    private static List<Object> allValues(Object earlier, Object value, boolean second) {
        List<Object> all;
        if (second) {
            all = new ArrayList<>(2);
            all.add(earlier);
        } else {
            all = (List<Object>) earlier;
        }
        all.add(value);
        return all;
    }

    private void count(JsonParser p) throws StreamConstraintsException {
        if (--fieldsLeft < 0) {
            throw new StreamConstraintsException("more than " + limits.maxFieldsPerRecord()
                    + " fields and array elements (ReadLimits.maxFieldsPerRecord)", p.currentLocation());
        }
    }

    private Object readValue(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    count(p);
                    list.add(readValue(p, e));
                }
                return list;
            }
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return p.getIntValue();
                    case LONG:
                        return p.getLongValue();
                    default:
                        return p.getBigIntegerValue();
                }
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "unexpected " + t);
        }
    }

    /** The keys the last record parsed gave more than once in one of its objects; empty for most records. */
    Set<String> duplicateKeys() {
        return duplicateKeys;
    }

    static String tooDeep(ReadLimits limits) {
        return "nested deeper than " + limits.maxDepth() + " levels (ReadLimits.maxDepth)";
    }

    /**
     * The parser's complaint on one short line, without Jackson's location details; a limit exceeded
     * is named as the {@link ReadLimits} value that set it.
     */
    String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (e instanceof StreamConstraintsException && m != null) {
            if (m.contains("nesting depth")) {
                return tooDeep(limits);
            }
            if (m.contains("Name length")) {
                return "a field name longer than " + limits.maxFieldNameLength()
                        + " characters (ReadLimits.maxFieldNameLength)";
            }
            if (m.contains("String value length")) {
                return "a string longer than " + limits.maxStringLength() + " characters (ReadLimits.maxStringLength)";
            }
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int cut = m.length();
        for (String marker : new String[] {"\n", "\r", " (start marker at", " (for ", " at [Source"}) {
            int i = m.indexOf(marker);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        m = m.substring(0, cut).strip();
        return m.length() > MAX_REASON ? m.substring(0, MAX_REASON - 3) + "..." : m;
    }
}
