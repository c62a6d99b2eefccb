package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.rule.Level;
import dev.vigil.respond.incident.Incident;
import dev.vigil.respond.incident.IncidentTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the alerts of a hunt or a watch go: those below {@code --min-level} are only counted; the others are
 * counted by level, written (flushed one by one), recorded in the incident tracker and given to the
 * responder, in that order. One alert at a time, whichever thread brings it (a watch's ticks raise
 * correlation alerts on a thread of their own). A write that fails throws {@link UncheckedIOException}.
 */
final class AlertSink implements Consumer<Alert> {

    private final DetectionWriter writer;
    private final Level minLevel;
    private final Summary summary;
    private final Responses responses;
    private final IncidentTracker incidents;
    /** The incidents this run's alerts are part of, in the order they were first joined. */
    private final Set<String> incidentIds = new LinkedHashSet<>();

    AlertSink(DetectionWriter writer, Level minLevel, Summary summary, Responses responses,
            IncidentTracker incidents) {
        this.writer = writer;
        this.minLevel = minLevel;
        this.summary = summary;
        this.responses = responses;
        this.incidents = incidents;
    }

    @Override
    public synchronized void accept(Alert alert) {
        Level level = alert.metadata().level() == null ? Level.INFORMATIONAL : alert.metadata().level();
        if (level.compareTo(minLevel) < 0) {
            summary.hidden++;
            return;
        }
        if (alert instanceof CorrelationAlert) {
            summary.countCorrelation(level);
        } else {
            summary.count(level);
        }
        try {
            writer.write(alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (incidents != null) {
            incidentIds.add(incidents.record(alert).id());
        }
        if (responses != null) {
            responses.accept(alert);
        }
    }

    /** A detection not printed: its rule only feeds correlations with {@code generate: false}. */
    synchronized void referencedOnly() {
        summary.referencedOnly++;
    }

    /** The incidents this run's alerts joined or opened, as they stand now. */
    synchronized List<Incident> incidents() {
        List<Incident> out = new ArrayList<>();
        if (incidents != null) {
            for (String id : incidentIds) {
                incidents.get(id).ifPresent(out::add);
            }
        }
        return out;
    }
}
