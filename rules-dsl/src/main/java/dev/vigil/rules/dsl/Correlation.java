package dev.vigil.rules.dsl;

import dev.vigil.core.rule.correlation.CorrelationRule;
import dev.vigil.core.rule.correlation.CorrelationType;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A correlation rule written in Java (Sigma 2.1 correlation rules): a type over other rules, grouped,
 * within a timespan, with a condition. Kept as its Sigma document and compiled, with the rules it refers
 * to, by the Sigma compiler. Immutable; built by {@link RuleDsl#correlation}, checked when built.
 *
 * <pre>{@code
 * Correlation bruteForce = correlation("Brute force on an account")
 *         .eventCount(failedLogon).groupBy("TargetUserName").timespan(Duration.ofMinutes(5)).gte(10)
 *         .build();
 * }</pre>
 */
public final class Correlation implements RuleDocument {

    private final Map<String, Object> document;
    private final List<RuleDocument> references;
    private final String origin;
    private final CorrelationRule rule;

    private Correlation(Map<String, Object> document, List<RuleDocument> references, String origin, CorrelationRule rule) {
        this.document = document;
        this.references = references;
        this.origin = origin;
        this.rule = rule;
    }

    /** The correlation in the core model, compiled with the default Sigma loader. */
    public CorrelationRule compile() {
        return rule;
    }

    /** The correlation compiled by {@code loader}. */
    public CorrelationRule compile(SigmaLoader loader) {
        return compileWith(loader, this);
    }

    @Override
    public Map<String, Object> document() {
        return document;
    }

    @Override
    public List<RuleDocument> references() {
        return references;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "Correlation[" + document.get("title") + " @ " + origin + "]";
    }

    private static CorrelationRule compileWith(SigmaLoader loader, Correlation c) {
        String title = String.valueOf(c.document.get("title"));
        LoadResult loaded = SigmaYaml.load(loader, RuleSet.closure(List.of(c)), c.origin, title);
        Object id = c.document.get("id");
        Object name = c.document.get("name");
        for (CorrelationRule r : loaded.correlations()) {
            if (Objects.equals(r.metadata().title(), title) && Objects.equals(r.id(), id) && Objects.equals(r.name(), name)) {
                return r;
            }
        }
        throw SigmaYaml.invalid(title, c.origin, "the correlation did not compile");
    }

    /** Builds a {@link Correlation}: a type with its rules, a timespan and (but for temporal types) a condition. */
    public static final class Builder extends MetadataBuilder<Builder> {
        private CorrelationType type;
        private final List<RuleDocument> rules = new ArrayList<>();
        private final List<String> groupBy = new ArrayList<>();
        private Duration timespan;
        private String field;
        private Double percentile;
        private final Map<String, Object> bounds = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        private Boolean generate;

        Builder(String title, String origin) {
            super(title, origin);
        }

        @Override
        Builder self() {
            return this;
        }

        private Builder type(CorrelationType t, RuleDocument... over) {
            if (type != null) {
                throw new IllegalStateException("the correlation's type is already " + type.label());
            }
            if (over.length == 0) {
                throw new IllegalArgumentException("a correlation needs at least one rule");
            }
            this.type = t;
            for (RuleDocument r : over) {
                rules.add(Objects.requireNonNull(r, "rule"));
            }
            return this;
        }

        /** How many matches of the rules ({@code event_count}). */
        public Builder eventCount(RuleDocument... rules) {
            return type(CorrelationType.EVENT_COUNT, rules);
        }

        /** How many distinct values of {@code field} among the matches ({@code value_count}). */
        public Builder valueCount(String field, RuleDocument... rules) {
            this.field = field;
            return type(CorrelationType.VALUE_COUNT, rules);
        }

        /** How many of the rules matched, in any order ({@code temporal}; without a condition: all of them). */
        public Builder temporal(RuleDocument... rules) {
            return type(CorrelationType.TEMPORAL, rules);
        }

        /** All of the rules matched, in this order ({@code temporal_ordered}). */
        public Builder temporalOrdered(RuleDocument... rules) {
            return type(CorrelationType.TEMPORAL_ORDERED, rules);
        }

        /** The sum of the numeric {@code field} ({@code value_sum}). */
        public Builder valueSum(String field, RuleDocument... rules) {
            this.field = field;
            return type(CorrelationType.VALUE_SUM, rules);
        }

        /** The average of the numeric {@code field} ({@code value_avg}). */
        public Builder valueAvg(String field, RuleDocument... rules) {
            this.field = field;
            return type(CorrelationType.VALUE_AVG, rules);
        }

        /** The median of the numeric {@code field} ({@code value_median}). */
        public Builder valueMedian(String field, RuleDocument... rules) {
            this.field = field;
            return type(CorrelationType.VALUE_MEDIAN, rules);
        }

        /** The {@code percentile}-th percentile (0..100) of the numeric {@code field} ({@code value_percentile}). */
        public Builder valuePercentile(String field, double percentile, RuleDocument... rules) {
            this.field = field;
            this.percentile = percentile;
            return type(CorrelationType.VALUE_PERCENTILE, rules);
        }

        /** The share, in percent, of a value of {@code field} ({@code value_percentile} without a percentile). */
        public Builder valueShare(String field, RuleDocument... rules) {
            this.field = field;
            return type(CorrelationType.VALUE_PERCENTILE, rules);
        }

        /** The fields whose values make a group ({@code group-by}); none: one group for all matches. */
        public Builder groupBy(String... fields) {
            groupBy.addAll(List.of(fields));
            return this;
        }

        /** How far apart the matches of one alert may be ({@code timespan}). */
        public Builder timespan(Duration span) {
            this.timespan = Objects.requireNonNull(span, "timespan");
            return this;
        }

        public Builder gt(Number n) {
            return bound("gt", n);
        }

        public Builder gte(Number n) {
            return bound("gte", n);
        }

        public Builder lt(Number n) {
            return bound("lt", n);
        }

        public Builder lte(Number n) {
            return bound("lte", n);
        }

        public Builder eq(Number n) {
            return bound("eq", n);
        }

        public Builder neq(Number n) {
            return bound("neq", n);
        }

        private Builder bound(String op, Number n) {
            bounds.put(op, Objects.requireNonNull(n, op));
            return this;
        }

        /**
         * In {@code rule}'s matches, the group-by field {@code alias} is read from {@code field}
         * ({@code aliases}): the same host is the source of one event and the destination of another.
         */
        public Builder alias(String alias, RuleDocument rule, String field) {
            aliases.computeIfAbsent(requireText(alias, "alias"), a -> new LinkedHashMap<>())
                    .put(rule.reference(), requireText(field, "field"));
            return this;
        }

        /** Whether the referenced rules' own matches are reported too ({@code generate}; Sigma's default: no). */
        public Builder generate(boolean generate) {
            this.generate = generate;
            return this;
        }

        /** The correlation, compiled once (with the rules it refers to) to check it. */
        public Correlation build() {
            if (type == null) {
                throw SigmaYaml.invalid(title(), origin, "a correlation needs a type and its rules (eventCount(...), ...)");
            }
            if (timespan == null) {
                throw SigmaYaml.invalid(title(), origin, "a correlation needs a timespan");
            }
            Map<String, Object> corr = new LinkedHashMap<>();
            corr.put("type", type.label());
            List<String> refs = new ArrayList<>();
            for (RuleDocument r : rules) {
                refs.add(r.reference());
            }
            corr.put("rules", refs);
            if (!aliases.isEmpty()) {
                corr.put("aliases", aliases);
            }
            if (!groupBy.isEmpty()) {
                corr.put("group-by", List.copyOf(groupBy));
            }
            corr.put("timespan", sigmaTimespan(timespan));
            Map<String, Object> cond = new LinkedHashMap<>(bounds);
            if (field != null) {
                cond.put("field", field);
            }
            if (percentile != null) {
                cond.put("percentile", percentile);
            }
            if (!cond.isEmpty()) {
                corr.put("condition", cond);
            }
            Map<String, Object> doc = new LinkedHashMap<>(meta);
            doc.put("correlation", corr);
            if (generate != null) {
                doc.put("generate", generate);
            }
            if (!falsePositives.isEmpty()) {
                doc.put("falsepositives", List.copyOf(falsePositives));
            }
            Correlation draft = new Correlation(Collections.unmodifiableMap(doc), List.copyOf(rules), origin, null);
            return new Correlation(draft.document, draft.references, origin, compileWith(SigmaYaml.DEFAULT_LOADER, draft));
        }

        /** A duration in the largest Sigma unit (d, h, m, s) that holds it whole. */
        static String sigmaTimespan(Duration d) {
            long s = d.getSeconds();
            if (s <= 0 || d.getNano() != 0) {
                throw new IllegalArgumentException("a timespan is a whole number of seconds, more than zero: " + d);
            }
            if (s % 86_400 == 0) {
                return s / 86_400 + "d";
            }
            if (s % 3_600 == 0) {
                return s / 3_600 + "h";
            }
            return s % 60 == 0 ? s / 60 + "m" : s + "s";
        }
    }
}
