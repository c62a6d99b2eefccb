package dev.vigil.sigma;

import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.RuleMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which rule documents a {@link SigmaLoader} loads, judged on their metadata (level, status, tags, id or
 * name) before they are compiled: a rule the filter rejects costs no compilation and is counted in
 * {@link LoadResult#skipped()} under the reason that rejected it.
 *
 * <p>One exception keeps correlations whole: a detection rule (or correlation) that a kept correlation
 * refers to is loaded all the same, to feed it, and listed in {@link LoadResult#referencedOnly()} so its
 * own detections can go unreported. A rule excluded by id ({@link #excludeRuleIds}) is never loaded; a
 * correlation that needs one is not loaded either, with a warning that says which reference it lost.
 *
 * <p>Filters combine with {@link #and}; every test is case-insensitive. Immutable.
 *
 * <pre>{@code
 * SigmaLoader loader = SigmaLoader.builder()
 *         .filter(RuleFilter.defaults().and(RuleFilter.minLevel(Level.HIGH)).and(RuleFilter.tag("attack.t1003")))
 *         .build();
 * }</pre>
 */
public final class RuleFilter {

    /** The statuses {@link #defaults()} leaves out, as Hayabusa and Chainsaw do. */
    public static final List<String> DEFAULT_EXCLUDED_STATUSES = List.of("deprecated", "unsupported");

    /** One test of a conjunction: why it rejects a rule, or null. */
    private interface Test {
        String reject(RuleMetadata m);
    }

    /** A test by id or name: its rejections outrank a correlation's need of the rule. */
    private record ById(Set<String> ids, boolean exclude) implements Test {
        @Override
        public String reject(RuleMetadata m) {
            boolean named = ids.contains(lower(m.id())) || ids.contains(lower(m.name()));
            return named == exclude ? (exclude ? "excluded by id" : "id not selected") : null;
        }
    }

    private static final RuleFilter ALL = new RuleFilter(List.of(), "all");

    private final List<Test> tests;
    private final String text;

    private RuleFilter(List<Test> tests, String text) {
        this.tests = List.copyOf(tests);
        this.text = text;
    }

    private static RuleFilter of(Test test, String text) {
        return new RuleFilter(List.of(test), text);
    }

    /** Every rule: the loader's default. */
    public static RuleFilter all() {
        return ALL;
    }

    /** What the command line loads unless told otherwise: every rule but the deprecated and unsupported ones. */
    public static RuleFilter defaults() {
        return excludeStatus(DEFAULT_EXCLUDED_STATUSES);
    }

    /** Rules at or above {@code level}; a rule without a level counts as informational. */
    public static RuleFilter minLevel(Level level) {
        Objects.requireNonNull(level, "level");
        String reason = "level below " + level.label();
        return of(m -> (m.level() == null ? Level.INFORMATIONAL : m.level()).compareTo(level) < 0 ? reason : null,
                "level >= " + level.label());
    }

    /** Rules whose status is one of {@code statuses}; a rule without a status is rejected. */
    public static RuleFilter status(Collection<String> statuses) {
        Set<String> wanted = lowered(statuses);
        return of(m -> wanted.contains(lower(m.status())) ? null : statusReason(m), "status in " + wanted);
    }

    public static RuleFilter status(String... statuses) {
        return status(List.of(statuses));
    }

    /** Rules whose status is none of {@code statuses}; a rule without a status is kept. */
    public static RuleFilter excludeStatus(Collection<String> statuses) {
        Set<String> unwanted = lowered(statuses);
        return of(m -> unwanted.contains(lower(m.status())) ? statusReason(m) : null, "status not in " + unwanted);
    }

    public static RuleFilter excludeStatus(String... statuses) {
        return excludeStatus(List.of(statuses));
    }

    /**
     * Rules with a tag that is one of {@code tags} or under one, by dotted segments: {@code attack.t1003}
     * selects {@code attack.t1003} and {@code attack.t1003.001}, not {@code attack.t10030}.
     */
    public static RuleFilter tag(Collection<String> tags) {
        Set<String> wanted = lowered(tags);
        String reason = "no tag " + String.join(" or ", wanted);
        return of(m -> {
            for (String t : m.tags()) {
                String have = lower(t);
                for (String w : wanted) {
                    if (have.equals(w) || have.startsWith(w) && have.charAt(w.length()) == '.') {
                        return null;
                    }
                }
            }
            return reason;
        }, "tag under " + wanted);
    }

    public static RuleFilter tag(String... tags) {
        return tag(List.of(tags));
    }

    /** Only the rules whose id or name is one of {@code ids} (and, for a correlation, the rules it refers to). */
    public static RuleFilter ruleIds(Collection<String> ids) {
        return of(new ById(lowered(ids), false), "id in " + lowered(ids));
    }

    /**
     * No rule whose id or name is one of {@code ids} (known false positives, say), even where a kept
     * correlation refers to it: such a correlation is not loaded, and a warning says why.
     */
    public static RuleFilter excludeRuleIds(Collection<String> ids) {
        return of(new ById(lowered(ids), true), "id not in " + lowered(ids));
    }

    /** Rules that both this filter and {@code other} keep; a rejection names the first test that failed. */
    public RuleFilter and(RuleFilter other) {
        if (other.tests.isEmpty()) {
            return this;
        }
        if (tests.isEmpty()) {
            return other;
        }
        List<Test> both = new ArrayList<>(tests);
        both.addAll(other.tests);
        return new RuleFilter(both, text + " and " + other.text);
    }

    /** Why the filter rejects a rule with {@code metadata} (such as {@code status deprecated}), or null to keep it. */
    String rejection(RuleMetadata metadata) {
        for (Test t : tests) {
            String why = t.reject(metadata);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** Whether a rejection of {@code metadata} is by id, which no correlation's reference overrides. */
    boolean excludesById(RuleMetadata metadata) {
        for (Test t : tests) {
            if (t instanceof ById b && b.exclude && b.reject(metadata) != null) {
                return true;
            }
        }
        return false;
    }

    boolean keepsAll() {
        return tests.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String statusReason(RuleMetadata m) {
        return m.status() == null ? "no status" : "status " + lower(m.status());
    }

    private static Set<String> lowered(Collection<String> values) {
        return values.stream().map(v -> lower(Objects.requireNonNull(v, "a null value")).strip())
                .filter(v -> !v.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
