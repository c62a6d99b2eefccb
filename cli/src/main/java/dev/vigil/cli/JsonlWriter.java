package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import java.io.IOException;
import java.io.Writer;

/**
 * One JSON object per line and alert, in the form of {@link AlertJson}; each line written whole. A fold of
 * {@code --dedup} is its first detection's object with one more field at the end,
 * {@code "dedup":{"count":12,"last":"2024-05-01T10:04:31Z"}}.
 */
final class JsonlWriter implements DetectionWriter {

    private final Writer out;

    JsonlWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(Alert alert) throws IOException {
        line(AlertJson.toJson(alert));
    }

    @Override
    public void write(Fold fold) throws IOException {
        String json = AlertJson.toJson(fold.first());
        // the object's closing brace is its last character: the field goes before it
        line(json.substring(0, json.length() - 1) + ",\"dedup\":{\"count\":" + fold.count() + ",\"last\":\""
                + fold.last() + "\"}}");
    }

    private void line(String json) throws IOException {
        out.write(json);
        out.write('\n');
        DetectionWriter.flush(out);
    }

    @Override
    public void finish() throws IOException {
        DetectionWriter.flush(out);
    }
}
