package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.Alert;
import dev.vigil.core.Detection;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.correlation.CorrelationAlert;
import dev.vigil.core.correlation.CorrelationRule;
import dev.vigil.core.correlation.MatchRef;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * One JSON object per line and alert. A detection: {@code kind: "detection"}, {@code rule_id},
 * {@code rule_title}, {@code level}, {@code status}, {@code tags}, {@code author}, {@code logsource},
 * {@code timestamp}, {@code source} ({@code file}, {@code line}) and {@code event}. A correlation
 * alert: {@code kind: "correlation"}, the same rule metadata, {@code correlation_type},
 * {@code timestamp} (the window's end), {@code group}, {@code window} ({@code start}, {@code end}),
 * {@code value}, {@code match_count} and {@code matches} (each {@code rule_id}, {@code source},
 * {@code timestamp}).
 */
final class JsonlWriter implements DetectionWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

    private final Writer out;
    private final JsonGenerator json;

    JsonlWriter(Writer out) throws IOException {
        this.out = out;
        this.json = MAPPER.getFactory().createGenerator(out);
        this.json.setRootValueSeparator(null);
    }

    @Override
    public void write(Alert alert) throws IOException {
        if (alert instanceof CorrelationAlert c) {
            writeCorrelation(c);
        } else {
            writeDetection((Detection) alert);
        }
        json.flush();
        out.write('\n');
        DetectionWriter.flush(out);
    }

    private void writeCorrelation(CorrelationAlert a) throws IOException {
        CorrelationRule rule = a.rule();
        json.writeStartObject();
        json.writeStringField("kind", "correlation");
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
        json.writeStringField("correlation_type", rule.type().label());
        json.writeStringField("timestamp", a.timestamp().toString());
        json.writeObjectFieldStart("group");
        for (var e : a.group().entrySet()) {
            json.writeStringField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("window");
        json.writeStringField("start", a.window().start().toString());
        json.writeStringField("end", a.window().end().toString());
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
            json.writeObjectFieldStart("source");
            json.writeStringField("file", m.source().file());
            json.writeNumberField("line", m.source().line());
            json.writeEndObject();
            json.writeStringField("timestamp", m.timestamp() == null ? null : m.timestamp().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void writeDetection(Detection d) throws IOException {
        Rule rule = d.rule();
        json.writeStartObject();
        json.writeStringField("kind", "detection");
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
        LogSource ls = rule.logSource();
        json.writeObjectFieldStart("logsource");
        writeIfSet("product", ls.product());
        writeIfSet("category", ls.category());
        writeIfSet("service", ls.service());
        json.writeEndObject();
        Instant time = d.timestamp();
        json.writeStringField("timestamp", time == null ? null : time.toString());
        SourcePosition source = d.source();
        json.writeObjectFieldStart("source");
        json.writeStringField("file", source.file());
        json.writeNumberField("line", source.line());
        json.writeEndObject();
        json.writeFieldName("event");
        json.writeObject(d.event().fields());
        json.writeEndObject();
    }

    private void writeIfSet(String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    @Override
    public void finish() throws IOException {
        json.flush();
        DetectionWriter.flush(out);
    }
}
