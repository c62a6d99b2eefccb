package dev.vigil.respond.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link IncidentStore} that appends every change to a JSON Lines journal and replays it on start.
 * Each line is written whole and forced to the disk before {@link #append} returns, so an incident or a
 * transition the tracker reported survives a crash. A line that cannot be read back (cut short by a
 * crash while it was written) is skipped and reported in {@link #problems()}; the others are replayed.
 *
 * <p>Lines: {@code {"change":"alert","incident":ID,"alert":{id, fingerprint, kind, rule_id, rule_title,
 * level, tags, time, entities: [{type, value}]}}} and {@code {"change":"state","incident":ID,"from":..,
 * "to":..,"time":..,"actor":..,"note":..}}.
 */
public final class JournalIncidentStore implements IncidentStore, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final List<Problem> problems = new ArrayList<>();

    private JournalIncidentStore(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean torn = false;
        if (Files.exists(file) && Files.size(file) > 0) {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                in.read(last, in.size() - 1);
                torn = last.get(0) != '\n';
            }
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (torn) {
            // a line cut short by a crash: end it, so that the next change starts a line of its own
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            channel.force(false);
        }
    }

    /** Opens (or creates) the journal at {@code file}. */
    public static JournalIncidentStore open(Path file) throws IOException {
        return new JournalIncidentStore(file);
    }

    @Override
    public synchronized void append(Change change) {
        ObjectNode o = JSON.createObjectNode();
        if (change instanceof AlertJoined j) {
            o.put("change", "alert").put("incident", j.incidentId());
            AlertSummary a = j.alert();
            ObjectNode n = o.putObject("alert");
            n.put("id", a.id()).put("fingerprint", a.fingerprint()).put("kind", a.kind()).put("rule_id", a.ruleId())
                    .put("rule_title", a.ruleTitle()).put("level", a.level() == null ? null : a.level().label())
                    .put("time", a.time().toString());
            ArrayNode tags = n.putArray("tags");
            a.tags().forEach(tags::add);
            ArrayNode es = n.putArray("entities");
            for (Entity e : a.entities()) {
                es.addObject().put("type", e.type()).put("value", e.value());
            }
        } else if (change instanceof StateChanged s) {
            Transition t = s.transition();
            o.put("change", "state").put("incident", s.incidentId()).put("from", t.from().label())
                    .put("to", t.to().label()).put("time", t.time().toString()).put("actor", t.actor())
                    .put("note", t.note());
        }
        try {
            byte[] line = (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the incident journal " + file, e);
        }
    }

    @Override
    public synchronized List<Change> replay() {
        List<Change> out = new ArrayList<>();
        problems.clear();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the incident journal " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(parse(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                problems.add(Problem.error(SourcePosition.of(file.toString(), i + 1),
                        "unreadable journal line, skipped: " + e.getClass().getSimpleName()));
            }
        }
        return out;
    }

    private static Change parse(JsonNode o) {
        String incident = o.get("incident").asText();
        switch (o.get("change").asText()) {
            case "alert": {
                JsonNode a = o.get("alert");
                List<String> tags = new ArrayList<>();
                a.get("tags").forEach(t -> tags.add(t.asText()));
                Set<Entity> entities = new TreeSet<>();
                a.get("entities").forEach(e -> entities.add(new Entity(e.get("type").asText(), e.get("value").asText())));
                JsonNode level = a.get("level");
                return new AlertJoined(incident, new AlertSummary(a.get("id").asText(), a.get("fingerprint").asText(),
                        a.get("kind").asText(), text(a.get("rule_id")), text(a.get("rule_title")),
                        level == null || level.isNull() ? null : Level.parse(level.asText()), tags,
                        Instant.parse(a.get("time").asText()), entities));
            }
            case "state":
                return new StateChanged(incident, new Transition(IncidentState.parse(o.get("from").asText()),
                        IncidentState.parse(o.get("to").asText()), Instant.parse(o.get("time").asText()),
                        o.get("actor").asText(), text(o.get("note"))));
            default:
                throw new IllegalArgumentException("unknown change '" + o.get("change").asText() + "'");
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The lines the last {@link #replay()} could not read. */
    public synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
