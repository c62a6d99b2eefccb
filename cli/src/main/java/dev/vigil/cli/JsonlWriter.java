package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import java.io.IOException;
import java.io.Writer;

/** One JSON object per line and alert, in the form of {@link AlertJson}. */
final class JsonlWriter implements DetectionWriter {

    private static final JsonFactory FACTORY = JsonFactory.builder().build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

    private final Writer out;
    private final JsonGenerator json;

    JsonlWriter(Writer out) throws IOException {
        this.out = out;
        this.json = FACTORY.createGenerator(out);
        this.json.setRootValueSeparator(null);
    }

    @Override
    public void write(Alert alert) throws IOException {
        AlertJson.write(alert, json);
        json.flush();
        out.write('\n');
        DetectionWriter.flush(out);
    }

    @Override
    public void finish() throws IOException {
        json.flush();
        DetectionWriter.flush(out);
    }
}
