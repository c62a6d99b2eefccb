package dev.vigil.cli;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.read.ReadStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code hunt}'s overview files: an HTML report and an ATT&CK Navigator layer of what it printed, gathered by
 * one {@link HuntReport} as the hunt goes and written at its end.
 */
final class ReportOptions {

    @Option(names = "--report", paramLabel = "FILE",
            description = "Also write a self-contained HTML report of the detections printed to FILE: scope, counts by "
                    + "level, detections over time, top rules, hosts and users, ATT&CK tactics and techniques, "
                    + "correlation alerts and a searchable, sortable table of at most " + HuntReport.MAX_ROWS
                    + " detections (the most severe). It fetches nothing.")
    Path report;

    @Option(names = "--navigator", paramLabel = "FILE",
            description = "Also write the ATT&CK techniques of the alerts printed as an ATT&CK Navigator layer "
                    + "(JSON, layer format " + NavigatorLayer.LAYER_VERSION + ") to FILE, each scored by the highest "
                    + "level seen: 1 informational to 5 critical.")
    Path navigator;

    @Option(names = "--summary",
            description = "After the summary, print the results on stderr: detections by level (and the distinct rules "
                    + "behind them), total and unique, first and last seen, and the " + HuntSummary.TOP + " most "
                    + "frequent rules, hosts and users.")
    boolean summary;

    /** The collector the hunt feeds, or null when no report, layer or summary is asked for. */
    HuntReport collector(Pipeline pipeline) {
        return report == null && navigator == null && !summary ? null : new HuntReport(pipeline.loaded.rules());
    }

    /** {@code writer}, also feeding {@code collector} every alert it writes; {@code writer} alone without one. */
    static DetectionWriter feeding(DetectionWriter writer, HuntReport collector) {
        return collector == null ? writer : new DetectionWriter() {
            @Override
            public void write(Alert alert) throws IOException {
                writer.write(alert);
                collector.add(alert);
            }

            /** A fold's detections went to the collector one by one: it is only passed on. */
            @Override
            public void write(Fold fold) throws IOException {
                writer.write(fold);
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
            }
        };
    }

    /** {@code reading}, also telling {@code collector} of every event read (for the events' time range). */
    static Consumer<Event> observing(Consumer<Event> reading, HuntReport collector) {
        return collector == null ? reading : event -> {
            collector.event(event);
            reading.accept(event);
        };
    }

    /**
     * Writes the files asked for (their folders created, their content replaced); a file that cannot be written is
     * said on {@code err} with its reason.
     *
     * @return whether every file asked for was written
     */
    boolean write(HuntReport collector, Pipeline pipeline, List<Path> inputs, ReadStats stats, PrintWriter err,
            String command) {
        if (collector == null) {
            return true;
        }
        boolean ok = true;
        if (summary) {
            HuntSummary.print(err, collector);
        }
        if (report != null) {
            HtmlReport.Scope scope = new HtmlReport.Scope(inputs.stream().map(Path::toString).toList(),
                    pipeline.loaded.loaded(), pipeline.loaded.documents(), pipeline.loaded.correlations().size(),
                    stats.files(), stats.events(), stats.skipped(),
                    VersionProvider.line(VersionProvider.version(), VersionProvider.commit()), Instant.now());
            ok = write(report, out -> HtmlReport.write(collector, scope, out), err, command, "report");
        }
        if (navigator != null) {
            String name = "vigil hunt " + inputs.stream().map(p -> p.getFileName() == null ? p.toString()
                    : p.getFileName().toString()).reduce((a, b) -> a + ", " + b).orElse("");
            ok &= write(navigator, out -> NavigatorLayer.write(collector, name, out), err, command, "navigator layer");
        }
        return ok;
    }

    private interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private static boolean write(Path file, Content content, PrintWriter err, String command, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            err.println(command + ": cannot write the " + what + " " + file + ": " + Errors.describe(e));
            return false;
        }
    }
}
