package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import java.io.IOException;
import java.io.Writer;

/** One JSON object per line and alert, in the form of {@link AlertJson}; each line written whole. */
final class JsonlWriter implements DetectionWriter {

    private final Writer out;

    JsonlWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(Alert alert) throws IOException {
        out.write(AlertJson.toJson(alert));
        out.write('\n');
        DetectionWriter.flush(out);
    }

    @Override
    public void finish() throws IOException {
        DetectionWriter.flush(out);
    }
}
