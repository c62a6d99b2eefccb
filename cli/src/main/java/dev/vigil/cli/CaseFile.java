package dev.vigil.cli;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventTime;
import dev.vigil.core.event.read.EventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the cases of {@code vigil test --cases FILE}: JSON Lines, each line a case (see docs/CLI.md), read
 * by the same reader as {@code hunt}'s events so that an event in a case is the event hunt would see. The
 * lines of SigmaHQ's regression pairs that share a {@code source_json} are one capture, and one case: their
 * {@code expected_min_match_count} counts over the capture.
 */
final class CaseFile {

    static final List<String> EXPECTATIONS = List.of("expected_match_count", "expected_min_match_count",
            "expected_alert_count", "expected_min_alert_count");

    /** Which event of a line a case uses. */
    enum Shape { NESTED, FLAT }

    private CaseFile() {
    }

    /**
     * The cases of {@code file}, in file order; a line that cannot be read is a case with its problem.
     * Warnings (a key given twice) are printed on {@code err}.
     *
     * @throws IOException when the file cannot be opened
     */
    static List<RuleCase> read(Path file, Shape shape, PrintWriter err) throws IOException {
        List<Slot> slots = new ArrayList<>();
        Map<String, List<Event>> captures = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        try (EventReader reader = EventReader.builder().eventTime(EventTime.none()).onProblem(problems::add)
                .open(file)) {
            for (Event line : reader) {
                int number = line.source().line();
                if (line.fields().get("source_json") instanceof String capture && !capture.isEmpty()) {
                    List<Event> lines = captures.computeIfAbsent(capture, k -> new ArrayList<>());
                    if (lines.isEmpty()) {
                        slots.add(new Slot(number, null, lines));
                    }
                    lines.add(line);
                } else {
                    slots.add(new Slot(number, read(line, shape), null));
                }
            }
        }
        for (Problem p : problems) {
            if (p.isError()) {
                slots.add(new Slot(p.where().line(), RuleCase.bad(at(p.where()), null, p.message()), null));
            } else {
                err.println(RuleLoading.line(p));
            }
        }
        slots.sort(Comparator.comparingInt(Slot::line));
        return slots.stream().map(s -> s.capture() == null ? s.done() : capture(s.capture(), shape)).toList();
    }

    /** A case read, or the lines of a capture, and the line it starts on. */
    private record Slot(int line, RuleCase done, List<Event> capture) {
    }

    private static RuleCase read(Event line, Shape shape) {
        String where = at(line.source());
        Map<String, Object> fields = line.fields();
        String rule = rule(fields);
        if (rule == null) {
            return RuleCase.bad(where, null, "no rule: give \"rule\" (a rule's id or name) or \"rule_id\"");
        }
        RuleCase.Expected expected;
        List<Event> events;
        try {
            expected = expected(fields);
            events = events(fields, shape, line.source());
        } catch (IllegalArgumentException e) {
            return RuleCase.bad(where, rule, e.getMessage());
        }
        return new RuleCase(where, rule, events, expected, null);
    }

    /** One case of the lines of a capture, its events in {@code event_index} order. */
    private static RuleCase capture(List<Event> lines, Shape shape) {
        lines.sort(Comparator.comparingLong(l -> l.fields().get("event_index") instanceof Number n ? n.longValue() : 0));
        List<Integer> numbers = lines.stream().map(l -> l.source().line()).sorted().toList();
        String where = lines.get(0).source().file() + ":" + numbers.get(0)
                + (numbers.size() == 1 ? "" : numbers.get(numbers.size() - 1) - numbers.get(0) == numbers.size() - 1
                        ? "-" + numbers.get(numbers.size() - 1)
                        : "," + String.join(",", numbers.subList(1, numbers.size()).stream().map(String::valueOf).toList()));
        List<Event> events = new ArrayList<>();
        RuleCase first = null;
        for (Event line : lines) {
            RuleCase c = read(line, shape);
            if (c.problem() != null) {
                return RuleCase.bad(where, c.rule(), "line " + line.source().line() + ": " + c.problem());
            }
            if (first == null) {
                first = c;
            } else if (!first.rule().equals(c.rule()) || !first.expected().equals(c.expected())) {
                return RuleCase.bad(where, first.rule(), "the lines of capture " + line.fields().get("source_json")
                        + " differ in their rule or expected count (line " + line.source().line() + ")");
            }
            events.addAll(c.events());
        }
        return new RuleCase(where, first.rule(), events, first.expected(), null);
    }

    private static String rule(Map<String, Object> fields) {
        for (String key : List.of("rule", "rule_id")) {
            if (fields.get(key) instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return null;
    }

    private static RuleCase.Expected expected(Map<String, Object> fields) {
        RuleCase.Expected found = null;
        for (String key : EXPECTATIONS) {
            Object value = fields.get(key);
            if (value == null) {
                continue;
            }
            if (found != null) {
                throw new IllegalArgumentException("more than one expected count: give one of " + String.join(", ", EXPECTATIONS));
            }
            if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
                throw new IllegalArgumentException(key + " is not a count (a whole number, 0 or more): " + value);
            }
            found = new RuleCase.Expected(((Number) value).longValue(), key.contains("_min_"), key.contains("alert"));
        }
        if (found == null) {
            throw new IllegalArgumentException("no expected count: give one of " + String.join(", ", EXPECTATIONS));
        }
        return found;
    }

    private static List<Event> events(Map<String, Object> fields, Shape shape, SourcePosition where) {
        String key = shape == Shape.FLAT ? "flat_event" : "event";
        Object one = fields.get(key);
        Object many = fields.get("events");
        if (one != null && many != null) {
            throw new IllegalArgumentException("both " + key + " and events: give one");
        }
        if (one == null && many == null) {
            throw new IllegalArgumentException("no " + key + " (an object) or events (an array of objects)"
                    + (shape == Shape.FLAT ? " (--shape flat reads flat_event)" : ""));
        }
        List<?> values = one != null ? List.of(one) : many instanceof List<?> list ? list : null;
        if (values == null) {
            throw new IllegalArgumentException("events is not an array of objects");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException((one != null ? key : "events[" + i + "]") + " is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> event = (Map<String, ?>) map;
            events.add(Event.of(event, where, EventTime.defaults()));
        }
        return events;
    }

    private static String at(SourcePosition p) {
        return p.file() + ":" + p.line();
    }
}
