package dev.vigil.respond;

import com.google.re2j.Pattern;
import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.Detection;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.RuleMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which alerts a route takes: by kind, lowest level, tags (ATT&amp;CK ids such as {@code attack.t1110} or
 * {@code attack.t1110.*}), rule ids, rule titles, log source and group-by values. Every criterion set
 * must hold; within one criterion, any of its values may. Tags, titles and group values are globs
 * ({@code *} any text, {@code ?} one character), compared without regard to case, in linear time (RE2:
 * the values compared are written by attackers). Immutable.
 */
public final class AlertSelector {

    /** Takes every alert. */
    public static final AlertSelector ALL = builder().build();

    private final String kind;
    private final Level minLevel;
    private final List<Pattern> tags;
    private final List<String> ruleIds;
    private final List<Pattern> titles;
    private final LogSource logSource;
    private final Map<String, Pattern> group;

    private AlertSelector(Builder b) {
        this.kind = b.kind;
        this.minLevel = b.minLevel;
        this.tags = List.copyOf(b.tags);
        this.ruleIds = List.copyOf(b.ruleIds);
        this.titles = List.copyOf(b.titles);
        this.logSource = b.logSource;
        this.group = Map.copyOf(b.group);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code alert} is one this selector takes. */
    public boolean matches(Alert alert) {
        RuleMetadata rule = alert.metadata();
        if (kind != null && !kind.equals(alert.kind())) {
            return false;
        }
        if (minLevel != null && (rule.level() == null ? Level.INFORMATIONAL : rule.level()).compareTo(minLevel) < 0) {
            return false;
        }
        if (!tags.isEmpty() && rule.tags().stream().noneMatch(t -> anyMatches(tags, t))) {
            return false;
        }
        if (!ruleIds.isEmpty() && !ruleIds.contains(rule.id())) {
            return false;
        }
        if (!titles.isEmpty() && !anyMatches(titles, rule.title())) {
            return false;
        }
        if (logSource != null) {
            if (!(alert instanceof Detection d) || !covers(logSource, d.rule().logSource())) {
                return false;
            }
        }
        if (!group.isEmpty()) {
            if (!(alert instanceof CorrelationAlert c)) {
                return false;
            }
            for (Map.Entry<String, Pattern> e : group.entrySet()) {
                String v = c.group().get(e.getKey());
                if (v == null || !e.getValue().matcher(v).matches()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean covers(LogSource want, LogSource have) {
        return (want.product() == null || want.product().equalsIgnoreCase(String.valueOf(have.product())))
                && (want.category() == null || want.category().equalsIgnoreCase(String.valueOf(have.category())))
                && (want.service() == null || want.service().equalsIgnoreCase(String.valueOf(have.service())));
    }

    private static boolean anyMatches(List<Pattern> globs, String text) {
        for (Pattern p : globs) {
            if (p.matcher(text).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A glob ({@code *}, {@code ?}) as a case-insensitive pattern matching whole texts. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (kind != null) {
            parts.add("kind=" + kind);
        }
        if (minLevel != null) {
            parts.add("level>=" + minLevel.label());
        }
        if (!tags.isEmpty()) {
            parts.add("tags=" + tags);
        }
        if (!ruleIds.isEmpty()) {
            parts.add("rules=" + ruleIds);
        }
        if (!titles.isEmpty()) {
            parts.add("titles=" + titles);
        }
        if (logSource != null) {
            parts.add("logsource=" + logSource);
        }
        if (!group.isEmpty()) {
            parts.add("group=" + group);
        }
        return parts.isEmpty() ? "every alert" : String.join(", ", parts);
    }

    /** Builds an {@link AlertSelector}; a criterion left out takes every alert. */
    public static final class Builder {
        private String kind;
        private Level minLevel;
        private final List<Pattern> tags = new ArrayList<>();
        private final List<String> ruleIds = new ArrayList<>();
        private final List<Pattern> titles = new ArrayList<>();
        private LogSource logSource;
        private final Map<String, Pattern> group = new LinkedHashMap<>();

        private Builder() {
        }

        /** Only {@code "detection"} or only {@code "correlation"} alerts. */
        public Builder kind(String kind) {
            String k = kind.toLowerCase(Locale.ROOT);
            if (!k.equals("detection") && !k.equals("correlation")) {
                throw new IllegalArgumentException("kind is 'detection' or 'correlation', not '" + kind + "'");
            }
            this.kind = k;
            return this;
        }

        /** Alerts of rules at this level or above (a rule without a level counts as informational). */
        public Builder minLevel(Level level) {
            this.minLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** Alerts of rules with a tag matching one of these globs. */
        public Builder tags(List<String> globs) {
            globs.forEach(g -> tags.add(glob(g)));
            return this;
        }

        /** Alerts of these rules, by id. */
        public Builder ruleIds(List<String> ids) {
            ruleIds.addAll(ids);
            return this;
        }

        /** Alerts of rules whose title matches one of these globs. */
        public Builder titles(List<String> globs) {
            globs.forEach(g -> titles.add(glob(g)));
            return this;
        }

        /** Detections of rules with this log source (its set parts must agree). */
        public Builder logSource(LogSource logSource) {
            this.logSource = Objects.requireNonNull(logSource, "logSource");
            return this;
        }

        /** Correlation alerts whose group-by field {@code field} has a value matching {@code glob}. */
        public Builder group(String field, String glob) {
            group.put(field, glob(glob));
            return this;
        }

        public AlertSelector build() {
            return new AlertSelector(this);
        }
    }
}
