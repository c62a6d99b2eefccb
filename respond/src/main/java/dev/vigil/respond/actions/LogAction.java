package dev.vigil.respond.actions;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Action {@code log}: writes the alert as one line to the SLF4J logger {@code dev.vigil.respond.action.log}:
 * the rule's level, the rule's title, the alert's id, and the event's source ({@code file:line}) for a
 * detection or the group for a correlation alert (plus {@code occurrences} when deduplication folded
 * several alerts into this one). Values that come from events are escaped so that the line stays one line.
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code level}: the log level, {@code info} (default), {@code warn} or {@code error}.</li>
 * </ul>
 */
public final class LogAction implements ResponseAction {

    /** The logger the alerts are written to. */
    public static final String LOGGER = "dev.vigil.respond.action.log";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_VALUE = 512;

    public LogAction() {
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Outcome execute(Alert alert, ResponseContext context) {
        String level = context.parameters().getOrDefault("level", "info").strip().toLowerCase(Locale.ROOT);
        if (!level.equals("info") && !level.equals("warn") && !level.equals("error")) {
            return Outcome.failed("parameter 'level' is info, warn or error, not '"
                    + Parameters.oneLine(context.parameters().get("level"), 40) + "'", false);
        }
        String line = line(alert, context.occurrences());
        switch (level) {
            case "warn" -> LOG.warn(line);
            case "error" -> LOG.error(line);
            default -> LOG.info(line);
        }
        return Outcome.done();
    }

    static String line(Alert alert, int occurrences) {
        StringBuilder b = new StringBuilder(160);
        b.append("alert level=").append(alert.metadata().level() == null ? "none" : alert.metadata().level().label());
        b.append(" rule=\"").append(Parameters.oneLine(alert.metadata().title(), MAX_VALUE)).append('"');
        b.append(" id=").append(alert.id());
        if (alert instanceof Detection d) {
            SourcePosition s = d.source();
            b.append(" source=").append(Parameters.oneLine(s.file(), MAX_VALUE)).append(':').append(s.line());
        } else if (alert instanceof CorrelationAlert c) {
            StringJoiner g = new StringJoiner(", ", "{", "}");
            for (Map.Entry<String, String> e : c.group().entrySet()) {
                g.add(e.getKey() + "=" + e.getValue());
            }
            b.append(" group=").append(Parameters.oneLine(g.toString(), MAX_VALUE));
        }
        if (occurrences > 1) {
            b.append(" occurrences=").append(occurrences);
        }
        return b.toString();
    }
}
