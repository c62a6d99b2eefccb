package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.alert.AlertJson;
import dev.vigil.core.rule.Level;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vigil hunt --navigator FILE}: the ATT&CK techniques the hunt's detections were tagged with, as a layer
 * of the ATT&CK Navigator (layer format 4.5, domain {@code enterprise-attack}). Each technique's score is the
 * highest level among its detections, 1 (informational) to 5 (critical); its comment names its detection count
 * and rules. The ATT&CK version is left out, so that the Navigator takes its current one.
 */
final class NavigatorLayer {

    /** The layer format written, and the oldest Navigator that reads it. */
    static final String LAYER_VERSION = "4.5";
    static final String NAVIGATOR_VERSION = "4.9.0";
    /** From informational to critical: the gradient of the scores 1 to 5. */
    private static final List<String> COLORS = List.of("#9aa8b6", "#e8c93a", "#ef9a2a", "#d8452c", "#8e1b3a");

    private NavigatorLayer() {
    }

    /** The score of a technique whose most severe detection is at {@code level}: 1 to 5. */
    static int score(Level level) {
        return level.ordinal() + 1;
    }

    /** Writes the layer of {@code report} to {@code out}, which stays open. */
    static void write(HuntReport report, String name, Writer out) throws IOException {
        try (JsonGenerator g = AlertJson.factory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeObjectFieldStart("versions");
            g.writeStringField("navigator", NAVIGATOR_VERSION);
            g.writeStringField("layer", LAYER_VERSION);
            g.writeEndObject();
            g.writeStringField("domain", "enterprise-attack");
            g.writeStringField("description", String.format(Locale.ROOT,
                    "Techniques of the %,d detections of a vigil hunt, scored by the highest level seen: "
                            + "1 informational, 2 low, 3 medium, 4 high, 5 critical.", report.detections));
            g.writeNumberField("sorting", 3);
            g.writeObjectFieldStart("layout");
            g.writeStringField("layout", "side");
            g.writeBooleanField("showID", true);
            g.writeStringField("expandedSubtechniques", "annotated");
            g.writeEndObject();
            g.writeArrayFieldStart("techniques");
            for (Map.Entry<String, HuntReport.TechniqueCount> e : new TreeMap<>(report.techniques).entrySet()) {
                HuntReport.TechniqueCount t = e.getValue();
                g.writeStartObject();
                g.writeStringField("techniqueID", e.getKey());
                g.writeNumberField("score", score(t.highest));
                g.writeStringField("comment", String.format(Locale.ROOT, "%,d detections, highest %s: %s", t.count,
                        t.highest.label(), String.join("; ", t.rules)));
                g.writeBooleanField("enabled", true);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("gradient");
            g.writeArrayFieldStart("colors");
            for (String color : COLORS) {
                g.writeString(color);
            }
            g.writeEndArray();
            g.writeNumberField("minValue", 1);
            g.writeNumberField("maxValue", 5);
            g.writeEndObject();
            g.writeArrayFieldStart("legendItems");
            for (Level level : Level.values()) {
                g.writeStartObject();
                g.writeStringField("label", score(level) + " " + level.label());
                g.writeStringField("color", COLORS.get(level.ordinal()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }
}
