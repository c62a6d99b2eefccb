package dev.vigil.cli;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.FieldPath;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an analyst reads first of a detection's event: its host, channel, event id and user, found flat or
 * nested as evtx_dump prints them, and the values of the fields its rule tests ({@code CommandLine=...}).
 * Values are one line: runs of white space become one space.
 */
final class EventFields {

    /** Where the Windows {@code <System>} fields and the usual event data are found. */
    private static final String[] PREFIXES = {"", "Event.System.", "Event.EventData."};
    static final List<FieldPath> COMPUTER = paths("Computer", "Hostname", "host.name", "hostname");
    static final List<FieldPath> CHANNEL = paths("Channel", "log.channel", "winlog.channel", "_path");
    static final List<FieldPath> EVENT_ID = paths("EventID", "event.code", "winlog.event_id", "eventName",
            "eventType");
    static final List<FieldPath> USER = paths("User", "TargetUserName", "SubjectUserName", "user.name", "UserName");
    /** What a detection without field tests (a keyword rule) shows: the first of these the event has. */
    private static final String[] WHAT_NAMES = {"CommandLine", "ScriptBlockText", "TargetFilename", "TargetObject",
        "ImageLoaded", "QueryName", "ServiceName", "Image", "NewProcessName", "ProcessName", "message", "Message"};
    private static final List<List<FieldPath>> WHAT = java.util.Arrays.stream(WHAT_NAMES).map(n -> paths(n)).toList();

    /**
     * Fields that select the log rather than describe what happened; a rule tests them through its log
     * source, and they have columns of their own.
     */
    private static final Set<String> SCAFFOLDING = Set.of("eventid", "channel", "provider_name", "provider",
            "computer", "hostname", "sourcename", "product", "category", "service", "eventtype");

    /** How many fields of a rule the details show at most. */
    static final int MAX_DETAIL_FIELDS = 6;

    /** The telling fields of each rule seen, computed once per rule. */
    private final Map<Rule, List<FieldRef>> telling = new ConcurrentHashMap<>();

    static String computer(Event event) {
        return value(event, COMPUTER);
    }

    static String channel(Event event) {
        return value(event, CHANNEL);
    }

    static String eventId(Event event) {
        return value(event, EVENT_ID);
    }

    static String user(Event event) {
        return value(event, USER);
    }

    /**
     * {@code Name=value} for each field the rule tests that the event has: those it tests positively, in the
     * order the rule names them, then those it tests only under a {@code not} (the destination a filter left
     * out of its allow list), then the rule's own {@code fields:} list; each value cut to {@code valueWidth}
     * characters when that is above 0. Where the rule tests no field the event has (a keyword rule), the
     * event's command line, script, target, image or message, and its user.
     */
    String details(Detection d, int valueWidth) {
        List<FieldRef> refs = telling.computeIfAbsent(d.rule(), EventFields::tellingFields);
        StringBuilder sb = new StringBuilder();
        for (FieldRef ref : refs) {
            String v = value(d.event(), ref.paths());
            if (v != null) {
                sb.append(sb.isEmpty() ? "" : " ").append(ref.name()).append('=').append(cut(v, valueWidth));
            }
        }
        if (sb.isEmpty()) {
            for (int i = 0; i < WHAT.size(); i++) {
                String v = value(d.event(), WHAT.get(i));
                if (v != null) {
                    sb.append(WHAT_NAMES[i]).append('=').append(cut(v, valueWidth));
                    break;
                }
            }
            String user = user(d.event());
            if (user != null) {
                sb.append(sb.isEmpty() ? "" : " ").append("user=").append(cut(user, valueWidth));
            }
        }
        return sb.toString();
    }

    private static List<FieldRef> tellingFields(Rule rule) {
        Map<String, FieldRef> byName = new LinkedHashMap<>();
        collect(rule.condition(), false, false, byName);
        collect(rule.condition(), false, true, byName);
        for (String name : rule.fields()) {
            if (byName.size() >= MAX_DETAIL_FIELDS) {
                break;
            }
            byName.putIfAbsent(name.toLowerCase(Locale.ROOT),
                    new FieldRef(name, List.of(FieldPath.of(name), FieldPath.of("Event.EventData." + name))));
        }
        return List.copyOf(byName.values());
    }

    /** The fields tested under an even ({@code wantNegated} false) or odd number of {@code not}s. */
    private static void collect(Condition c, boolean negated, boolean wantNegated, Map<String, FieldRef> out) {
        if (out.size() >= MAX_DETAIL_FIELDS) {
            return;
        }
        if (c instanceof Condition.All a) {
            a.conditions().forEach(x -> collect(x, negated, wantNegated, out));
        } else if (c instanceof Condition.Any a) {
            a.conditions().forEach(x -> collect(x, negated, wantNegated, out));
        } else if (c instanceof Condition.Not n) {
            collect(n.condition(), !negated, wantNegated, out);
        } else if (negated == wantNegated) {
            FieldRef ref = c instanceof Condition.Match m ? m.field()
                    : c instanceof Condition.FieldCompare f ? f.field() : null;
            if (ref != null && !SCAFFOLDING.contains(ref.name().toLowerCase(Locale.ROOT))) {
                out.putIfAbsent(ref.name().toLowerCase(Locale.ROOT), ref);
            }
        }
    }

    /** The first non-blank scalar value found along {@code paths}, on one line; "-" counts as blank. */
    static String value(Event event, List<FieldPath> paths) {
        for (FieldPath path : paths) {
            Object[] found = new Object[1];
            event.values(path, v -> {
                if (found[0] == null && v != null && !(v instanceof Map) && !(v instanceof List)
                        && !v.toString().isBlank() && !v.toString().equals("-")) {
                    found[0] = v;
                }
            });
            if (found[0] != null) {
                return found[0].toString().strip().replaceAll("\\s+", " ");
            }
        }
        return null;
    }

    static String cut(String text, int width) {
        return width <= 0 || text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
    }

    /**
     * Where each of {@code names} is looked for, in order: as written, then under {@code Event.System} and
     * {@code Event.EventData} as evtx_dump nests them (a dotted name only as written).
     */
    static List<FieldPath> paths(String... names) {
        List<FieldPath> all = new ArrayList<>();
        for (String name : names) {
            for (String prefix : PREFIXES) {
                if (prefix.isEmpty() || !name.contains(".")) {
                    all.add(FieldPath.of(prefix + name));
                }
            }
        }
        return List.copyOf(all);
    }
}
