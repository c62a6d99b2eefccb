package dev.vigil.cli;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.alert.MatchRef;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What {@code hunt --report} and {@code --navigator} show, gathered from every alert the hunt prints: exact
 * counts (by level, rule, ATT&CK technique and tactic, time) and, within named limits, the rows behind them.
 * Memory stays bounded whatever the size of the hunt: the detection rows kept are the {@value #MAX_ROWS} most
 * severe (the earliest first within a level), the correlation alerts the first {@value #MAX_CORRELATIONS}, the
 * hosts and users counted the first {@value #MAX_DISTINCT} distinct of each (later new ones are counted together
 * as others), every text at most {@value #MAX_TEXT} characters. Counts by rule and technique are bounded by the
 * rules loaded. Alerts and events may come from different threads; read the results once the hunt is over.
 */
final class HuntReport {

    /** How many detections the report's table holds, at most. */
    static final int MAX_ROWS = 10_000;
    /** How many correlation alerts the report lists, at most. */
    static final int MAX_CORRELATIONS = 1_000;
    /** How many contributing matches are listed for one correlation alert, at most. */
    static final int MAX_CONTRIBUTING = 50;
    /** How many distinct hosts, and distinct users, are counted by name, at most. */
    static final int MAX_DISTINCT = 10_000;
    /** How long a text taken from an event or a rule (a cell, a name) may be; longer ones are cut with "...". */
    static final int MAX_TEXT = 1_000;

    private static final Pattern TECHNIQUE = Pattern.compile("t\\d{4}(\\.\\d{3})?");
    /** The tactics of ATT&CK for Enterprise, as the Navigator names them, in kill-chain order. */
    static final List<String> TACTICS = List.of("reconnaissance", "resource-development", "initial-access",
            "execution", "persistence", "privilege-escalation", "defense-evasion", "credential-access", "discovery",
            "lateral-movement", "collection", "command-and-control", "exfiltration", "impact");

    /** How much of one field's value the details show, before the whole is cut at {@value #MAX_TEXT}. */
    private static final int DETAIL_VALUE_WIDTH = 300;

    /** One detection as the table shows it. */
    record Row(long seq, Instant time, String computer, String channel, String eventId, Level level, String rule,
            String details, String source) {
    }

    /** One contributing match of a correlation alert. */
    record Contribution(Instant time, String rule, String source) {
    }

    /** One correlation alert with the first {@value #MAX_CONTRIBUTING} of its contributing matches. */
    record Correlation(String title, Level level, String type, String value, Map<String, String> group,
            Instant start, Instant end, int matchCount, List<Contribution> matches) {
    }

    /** Detections of one rule: its title, level, tags and count. */
    static final class RuleCount {
        final String title;
        final Level level;
        long count;

        RuleCount(String title, Level level) {
            this.title = title;
            this.level = level;
        }
    }

    /**
     * One ATT&CK technique seen: in how many alerts (detections and correlation alerts), their highest level, and
     * the titles of their rules.
     */
    static final class TechniqueCount {
        long count;
        Level highest = Level.INFORMATIONAL;
        final Set<String> rules = new TreeSet<>();
    }

    /** Counts by name, the first {@value #MAX_DISTINCT} distinct names only; the rest counted as others. */
    static final class Counter {
        final Map<String, Long> counts = new HashMap<>();
        long others;
        long missing;

        void add(String name) {
            if (name == null) {
                missing++;
            } else if (counts.containsKey(name) || counts.size() < MAX_DISTINCT) {
                counts.merge(name, 1L, Long::sum);
            } else {
                others++;
            }
        }

        /** The {@code n} most frequent names, most frequent first (ties by name). */
        List<Map.Entry<String, Long>> top(int n) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(n).toList();
        }
    }

    private final Map<String, String> titlesByKey = new HashMap<>();
    private final EventFields fields = new EventFields();
    final long[] byLevel = new long[Level.values().length];
    final long[] correlationsByLevel = new long[Level.values().length];
    long detections;
    long correlations;
    /** Detections without an event time: they are in the counts, not in the time chart. */
    long untimed;
    final Map<String, RuleCount> rules = new LinkedHashMap<>();
    final Counter hosts = new Counter();
    final Counter users = new Counter();
    /** ATT&CK techniques (T1234, T1234.001) and tactics seen in the tags of the alerts' rules, with their counts. */
    final Map<String, TechniqueCount> techniques = new HashMap<>();
    final Map<String, Long> tactics = new HashMap<>();
    final TimeHistogram times = new TimeHistogram();
    /** The earliest and latest time of the events read, and of the detections. */
    Instant firstEvent;
    Instant lastEvent;
    Instant firstDetection;
    Instant lastDetection;
    /** The rows kept: the least severe, latest one on top, to go first when a more severe one comes. */
    private final PriorityQueue<Row> rows = new PriorityQueue<>(
            Comparator.comparing(Row::level).thenComparing(Comparator.comparingLong(Row::seq).reversed()));
    final List<Correlation> correlationRows = new ArrayList<>();

    /** A report whose correlation matches are named by the titles of {@code rules}. */
    HuntReport(List<Rule> rules) {
        for (Rule r : rules) {
            titlesByKey.put(r.metadata().key(), r.metadata().title());
        }
    }

    /** Takes in the time of one event read. */
    synchronized void event(Event event) {
        Instant t = event.timestamp();
        if (t != null) {
            firstEvent = firstEvent == null || t.isBefore(firstEvent) ? t : firstEvent;
            lastEvent = lastEvent == null || t.isAfter(lastEvent) ? t : lastEvent;
        }
    }

    /** Counts one alert printed and keeps its row within the limits. */
    synchronized void add(Alert alert) {
        RuleMetadata meta = alert.metadata();
        Level level = meta.level() == null ? Level.INFORMATIONAL : meta.level();
        if (alert instanceof CorrelationAlert c) {
            correlations++;
            correlationsByLevel[level.ordinal()]++;
            attack(meta, level);
            if (correlationRows.size() < MAX_CORRELATIONS) {
                correlationRows.add(correlation(c, level));
            }
            return;
        }
        Detection d = (Detection) alert;
        detections++;
        byLevel[level.ordinal()]++;
        rules.computeIfAbsent(meta.key(), k -> new RuleCount(cut(meta.title()), level)).count++;
        String host = cut(EventFields.computer(d.event()));
        hosts.add(host);
        users.add(cut(EventFields.user(d.event())));
        attack(meta, level);
        Instant t = d.timestamp();
        if (t == null) {
            untimed++;
        } else {
            times.add(t, level);
            firstDetection = firstDetection == null || t.isBefore(firstDetection) ? t : firstDetection;
            lastDetection = lastDetection == null || t.isAfter(lastDetection) ? t : lastDetection;
        }
        Row row = new Row(detections, t, host, cut(EventFields.channel(d.event())),
                cut(EventFields.eventId(d.event())), level, cut(meta.title()),
                cut(fields.details(d, DETAIL_VALUE_WIDTH)), cut(String.valueOf(d.source())));
        rows.add(row);
        if (rows.size() > MAX_ROWS) {
            rows.poll();
        }
    }

    /** The ATT&CK techniques and tactics of one rule's tags, read once per rule. */
    private record Attack(List<String> techniques, List<String> tactics) {
    }

    /** By rule key; bounded by the rules loaded. */
    private final Map<String, Attack> attackByRule = new HashMap<>();

    private void attack(RuleMetadata meta, Level level) {
        Attack a = attackByRule.computeIfAbsent(meta.key(), k -> parse(meta));
        for (String technique : a.techniques()) {
            TechniqueCount tc = techniques.computeIfAbsent(technique, k -> new TechniqueCount());
            tc.count++;
            tc.highest = level.compareTo(tc.highest) > 0 ? level : tc.highest;
            if (tc.rules.size() < MAX_DISTINCT) {
                tc.rules.add(cut(meta.title()));
            }
        }
        for (String tactic : a.tactics()) {
            tactics.merge(tactic, 1L, Long::sum);
        }
    }

    private static Attack parse(RuleMetadata meta) {
        Set<String> found = new java.util.LinkedHashSet<>();
        Set<String> tacticsFound = new java.util.LinkedHashSet<>();
        for (String tag : meta.tags()) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (!t.startsWith("attack.")) {
                continue;
            }
            String name = t.substring("attack.".length());
            if (TECHNIQUE.matcher(name).matches()) {
                found.add(name.toUpperCase(Locale.ROOT));
            } else {
                String tactic = name.replace('_', '-');
                if (TACTICS.contains(tactic)) {
                    tacticsFound.add(tactic);
                }
            }
        }
        return new Attack(List.copyOf(found), List.copyOf(tacticsFound));
    }

    private Correlation correlation(CorrelationAlert c, Level level) {
        List<Contribution> matches = new ArrayList<>();
        for (MatchRef m : c.matches().subList(0, Math.min(MAX_CONTRIBUTING, c.matches().size()))) {
            matches.add(new Contribution(m.timestamp(), cut(titlesByKey.getOrDefault(m.ruleKey(), m.ruleKey())),
                    cut(position(m.source()))));
        }
        Map<String, String> group = new LinkedHashMap<>();
        c.group().forEach((k, v) -> group.put(cut(k), cut(v)));
        Number v = c.value();
        String value = v instanceof Long || v instanceof Integer ? v.toString()
                : String.format(Locale.ROOT, "%.4g", v.doubleValue());
        return new Correlation(cut(c.metadata().title()), level, c.rule().type().label(), value, group,
                c.window().start(), c.window().end(), c.matchCount(), List.copyOf(matches));
    }

    /** The rows kept, in event time order (those without a time last), then in the order found. */
    List<Row> rows() {
        List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(Row::time, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(Row::seq));
        return out;
    }

    /** Distinct rules that fired (what "unique" detections counts), in all and by level. */
    long uniqueRules() {
        return rules.size();
    }

    long uniqueRules(Level level) {
        return rules.values().stream().filter(r -> r.level == level).count();
    }

    private static String position(SourcePosition p) {
        return p == null ? "-" : p.toString();
    }

    /**
     * {@code text} with control characters and bidirectional controls escaped as the table shows them
     * ({@link TerminalText}), so a value reads the same in every output, cut to {@value #MAX_TEXT} characters;
     * null stays null.
     */
    static String cut(String text) {
        if (text == null) {
            return null;
        }
        String t = TerminalText.escape(text.length() <= MAX_TEXT * 2 ? text : text.substring(0, MAX_TEXT * 2));
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 3) + "...";
    }
}
