package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.Detection;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * One JSON object per line and detection: {@code kind}, {@code rule_id}, {@code rule_title},
 * {@code level}, {@code status}, {@code tags}, {@code author}, {@code logsource}, {@code timestamp},
 * {@code source} ({@code file}, {@code line}) and {@code event}.
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
    public void write(Detection d) throws IOException {
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
        json.flush();
        out.write('\n');
        DetectionWriter.flush(out);
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
