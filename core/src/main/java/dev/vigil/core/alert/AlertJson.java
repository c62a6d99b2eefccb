package dev.vigil.core.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an alert, one object, as {@code vigil hunt --format jsonl} prints it and as
 * response actions and stream processors pass it on. Both kinds start with {@code kind}, {@code id},
 * {@code fingerprint} and the rule's {@code rule_id}, {@code rule_title}, {@code level},
 * {@code status}, {@code tags} and {@code author}. A detection goes on with {@code logsource},
 * {@code timestamp}, {@code source} ({@code file}, {@code line}) and the {@code event}; a correlation
 * alert with {@code correlation_type}, {@code timestamp} (the window's end), {@code group},
 * {@code window} ({@code start}, {@code end}), {@code value}, {@code match_count} and {@code matches}
 * (each {@code rule_id}, {@code source}, {@code timestamp}). Times are ISO-8601 UTC.
 */
public final class AlertJson {

    /**
     * The deepest nesting written: an event as deep as the reader allows ({@code ReadLimits}' cap of
     * 2,000 levels) inside an alert. Jackson's own default, 1,000, would fail on events the reader accepts.
     */
    static final int MAX_WRITE_DEPTH = 2_100;

    private static final JsonFactory FACTORY = factory();

    private AlertJson() {
    }

    /** A JSON factory whose generators can write any alert of an event the reader accepts. */
    public static JsonFactory factory() {
        return JsonFactory.builder()
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_WRITE_DEPTH).build())
                .build();
    }

    /**
     * The alert as one line of JSON.
     *
     * @throws UncheckedIOException only for an event built in code and nested deeper than the reader allows
     */
    public static String toJson(Alert alert) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(alert, json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return out.toString();
    }

    /**
     * Writes the alert as one JSON object to {@code json}, which needs no codec; make it with
     * {@link #factory()} so that deep events fit.
     */
    public static void write(Alert alert, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", alert.kind());
        json.writeStringField("id", alert.id());
        json.writeStringField("fingerprint", alert.fingerprint());
        writeMetadata(alert.metadata(), json);
        if (alert instanceof Detection d) {
            writeDetection(d, json);
        } else {
            writeCorrelation((CorrelationAlert) alert, json);
        }
        json.writeEndObject();
    }

    private static void writeMetadata(RuleMetadata rule, JsonGenerator json) throws IOException {
        json.writeStringField("rule_id", rule.id());
        json.writeStringField("rule_title", rule.title());
        json.writeStringField("level", rule.level() == null ? null : rule.level().label());
        json.writeStringField("status", rule.status());
        json.writeArrayFieldStart("tags");
        for (String tag : rule.tags()) {
            json.writeString(tag);
        }
        json.writeEndArray();
        json.writeStringField("author", rule.author());
    }

    private static void writeDetection(Detection d, JsonGenerator json) throws IOException {
        LogSource ls = d.rule().logSource();
        json.writeObjectFieldStart("logsource");
        writeIfSet("product", ls.product(), json);
        writeIfSet("category", ls.category(), json);
        writeIfSet("service", ls.service(), json);
        json.writeEndObject();
        writeTime("timestamp", d.timestamp(), json);
        writeSource(d.source(), json);
        json.writeFieldName("event");
        writeValue(d.event().fields(), json);
    }

    private static void writeCorrelation(CorrelationAlert a, JsonGenerator json) throws IOException {
        json.writeStringField("correlation_type", a.rule().type().label());
        writeTime("timestamp", a.timestamp(), json);
        json.writeObjectFieldStart("group");
        for (Map.Entry<String, String> e : a.group().entrySet()) {
            json.writeStringField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("window");
        writeTime("start", a.window().start(), json);
        writeTime("end", a.window().end(), json);
        json.writeEndObject();
        json.writeFieldName("value");
        if (a.value() instanceof Long l) {
            json.writeNumber(l);
        } else {
            json.writeNumber(a.value().doubleValue());
        }
        json.writeNumberField("match_count", a.matchCount());
        json.writeArrayFieldStart("matches");
        for (MatchRef m : a.matches()) {
            json.writeStartObject();
            json.writeStringField("rule_id", m.ruleId());
            writeSource(m.source(), json);
            writeTime("timestamp", m.timestamp(), json);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeSource(SourcePosition source, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("source");
        json.writeStringField("file", source.file());
        json.writeNumberField("line", source.line());
        if (source.column() > 0) {
            json.writeNumberField("column", source.column());
        }
        json.writeEndObject();
    }

    private static void writeTime(String name, Instant time, JsonGenerator json) throws IOException {
        json.writeStringField(name, time == null ? null : time.toString());
    }

    private static void writeIfSet(String name, String value, JsonGenerator json) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /**
     * An alert read back from its JSON form ({@link #toJson}), with the id and fingerprint it was written
     * with: for a journal or a queue that outlives the process. It carries what the JSON holds: the rule's
     * metadata and log source (a detection) or type (a correlation), the event, the source, the times, the
     * group, window, value and matches; not the rule's logic, which the JSON does not hold.
     *
     * @throws IllegalArgumentException when {@code json} is not an alert's JSON form
     */
    public static Alert read(String json) {
        JsonNode o;
        try {
            o = READER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            RuleMetadata.Builder m = RuleMetadata.builder().id(text(o, "rule_id")).title(text(o, "rule_title"))
                    .status(text(o, "status")).author(text(o, "author")).tags(strings(o.get("tags")));
            String level = text(o, "level");
            if (level != null) {
                m.level(Level.parse(level));
            }
            String id = required(o, "id");
            String fingerprint = required(o, "fingerprint");
            switch (required(o, "kind")) {
                case "detection": {
                    JsonNode ls = o.get("logsource");
                    Rule rule = Rule.builder().metadata(m.build()).condition(Condition.TRUE)
                            .logSource(ls == null ? LogSource.ANY
                                    : new LogSource(text(ls, "product"), text(ls, "category"), text(ls, "service")))
                            .build();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = (Map<String, Object>) value(o.get("event"));
                    Event event = Event.of(fields == null ? Map.of() : fields, source(o.get("source")),
                            time(text(o, "timestamp")));
                    return new Detection(rule, event, id, fingerprint);
                }
                case "correlation": {
                    TimeWindow window = new TimeWindow(time(text(o.get("window"), "start")),
                            time(text(o.get("window"), "end")));
                    List<MatchRef> matches = new ArrayList<>();
                    for (JsonNode x : iterable(o.get("matches"))) {
                        String ruleId = text(x, "rule_id");
                        matches.add(new MatchRef(ruleId, ruleId, source(x.get("source")), time(text(x, "timestamp"))));
                    }
                    Map<String, String> group = new LinkedHashMap<>();
                    JsonNode g = o.get("group");
                    if (g != null) {
                        g.fields().forEachRemaining(e -> group.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
                    }
                    CorrelationType type = CorrelationType.parse(required(o, "correlation_type"));
                    long span = Math.max(1, window.length().toMillis());
                    CorrelationRule rule = CorrelationRule.builder().metadata(m.build()).type(type)
                            .rules(List.of(m.build().key())).groupBy(List.copyOf(group.keySet()))
                            .timespan(java.time.Duration.ofMillis(span))
                            .condition(CorrelationCondition.atLeast(1))
                            .valueFields(type.needsField() ? List.of(FieldRef.of("value")) : List.of())
                            .build();
                    JsonNode v = o.get("value");
                    Number value = v == null ? 0L : v.isIntegralNumber() ? (Number) v.asLong() : (Number) v.asDouble();
                    return new CorrelationAlert(rule, group, window, value, matches, o.path("match_count").asInt(),
                            id, fingerprint);
                }
                default:
                    throw new IllegalArgumentException("unknown kind '" + text(o, "kind") + "'");
            }
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException ia ? ia : new IllegalArgumentException(e.toString(), e);
        }
    }

    /** Reads whatever {@link #write} writes: as deep, and strings as long. */
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_WRITE_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).build())
            .build());

    private static String text(JsonNode o, String field) {
        JsonNode n = o == null ? null : o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String required(JsonNode o, String field) {
        String t = text(o, field);
        if (t == null) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return t;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : iterable(a)) {
            out.add(x.asText());
        }
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n == null || !n.isArray() ? List.of() : n;
    }

    private static Instant time(String t) {
        return t == null ? null : Instant.parse(t);
    }

    private static SourcePosition source(JsonNode s) {
        if (s == null || s.isNull()) {
            return SourcePosition.UNKNOWN;
        }
        return new SourcePosition(text(s, "file"), s.path("line").asInt(), s.path("column").asInt(), null);
    }

    /** A JSON value as the reader builds events: maps, lists, strings, numbers, booleans, null. */
    private static Object value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(value(x)));
            return l;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isInt()) {
            return n.intValue();
        }
        if (n.isLong()) {
            return n.longValue();
        }
        if (n.isBigInteger()) {
            return n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }

    /** An event value: maps, lists, strings, numbers, booleans and nulls, as read. */
    private static void writeValue(Object v, JsonGenerator json) throws IOException {
        if (v == null) {
            json.writeNull();
        } else if (v instanceof String s) {
            json.writeString(s);
        } else if (v instanceof Map<?, ?> m) {
            json.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                json.writeFieldName(String.valueOf(e.getKey()));
                writeValue(e.getValue(), json);
            }
            json.writeEndObject();
        } else if (v instanceof List<?> l) {
            json.writeStartArray();
            for (Object x : l) {
                writeValue(x, json);
            }
            json.writeEndArray();
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof Integer i) {
            json.writeNumber(i);
        } else if (v instanceof Long l) {
            json.writeNumber(l);
        } else if (v instanceof Double d) {
            json.writeNumber(d);
        } else if (v instanceof Float f) {
            json.writeNumber(f);
        } else if (v instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            json.writeNumber(i);
        } else if (v instanceof Number n) {
            json.writeNumber(n.longValue());
        } else {
            json.writeString(v.toString());
        }
    }
}
