package dev.vigil.rules.dsl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.core.Problem;
import dev.vigil.core.rule.Level;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A detection rule written in Java: its metadata, its selections and its condition, kept as the Sigma
 * document they stand for. {@link #compile} gives the core {@link Rule} through the same compiler that
 * reads Sigma YAML, so a rule means the same whichever way it was written; {@link #toSigma} is its
 * Sigma 2.1 YAML. Immutable; built by {@link RuleDsl#detection}, checked when built.
 *
 * <pre>{@code
 * Selection office = selection("office").where(field("ParentImage").endsWith("\\winword.exe", "\\excel.exe"));
 * Selection shell = selection("shell").where(field("Image").endsWith("\\cmd.exe", "\\powershell.exe"));
 * DetectionRule rule = detection("Office application starting a shell")
 *         .id("5f1c3a53-94e2-4bd0-9e06-0a0b4b2f6c11").level(Level.HIGH)
 *         .logsource("windows", "process_creation", null)
 *         .condition(office.and(shell))
 *         .build();
 * }</pre>
 */
public final class DetectionRule {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private final Map<String, Object> document;
    private final String origin;
    private final Rule rule;

    private DetectionRule(Map<String, Object> document, String origin, Rule rule) {
        this.document = document;
        this.origin = origin;
        this.rule = rule;
    }

    /** The rule in the core model, compiled with the default Sigma loader (the bundled field mapping). */
    public Rule compile() {
        return rule;
    }

    /** The rule compiled by {@code loader} (its mapping, placeholders and limits). */
    public Rule compile(SigmaLoader loader) {
        return compileWith(loader, toSigma(), origin, String.valueOf(document.get("title")));
    }

    /** The rule as a Sigma 2.1 YAML document. */
    public String toSigma() {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rule as YAML", e);
        }
    }

    /** Where in Java the rule was built ({@code MyRules.java:42}), as its problems and alerts name it. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "DetectionRule[" + document.get("title") + " @ " + origin + "]";
    }

    private static Rule compileWith(SigmaLoader loader, String yaml, String origin, String title) {
        LoadResult result = loader.loadString(yaml, origin);
        List<Problem> errors = result.errors();
        if (!errors.isEmpty() || result.rules().size() != 1) {
            throw new InvalidRuleException(title, errors.isEmpty() ? result.problems() : errors);
        }
        return result.rules().get(0);
    }

    /** Builds a {@link DetectionRule}; the title and a condition are required. */
    public static final class Builder {
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private final Map<String, Object> logsource = new LinkedHashMap<>();
        private final List<Selection> declared = new ArrayList<>();
        private final List<String> falsePositives = new ArrayList<>();
        private Expr condition;
        private final String origin;

        Builder(String title, String origin) {
            meta.put("title", requireText(title, "title"));
            this.origin = origin;
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return s;
        }

        /** The rule's id: a UUID, as Sigma asks. */
        public Builder id(String id) {
            meta.put("id", requireText(id, "id"));
            return this;
        }

        /** A name that correlations can refer to. */
        public Builder name(String name) {
            meta.put("name", requireText(name, "name"));
            return this;
        }

        /** {@code stable}, {@code test}, {@code experimental}, {@code deprecated} or {@code unsupported}. */
        public Builder status(String status) {
            meta.put("status", requireText(status, "status"));
            return this;
        }

        public Builder description(String description) {
            meta.put("description", requireText(description, "description"));
            return this;
        }

        public Builder author(String author) {
            meta.put("author", requireText(author, "author"));
            return this;
        }

        public Builder date(LocalDate date) {
            meta.put("date", Objects.requireNonNull(date, "date").toString());
            return this;
        }

        public Builder modified(LocalDate date) {
            meta.put("modified", Objects.requireNonNull(date, "date").toString());
            return this;
        }

        public Builder references(String... urls) {
            meta.put("references", List.of(urls));
            return this;
        }

        /** Tags such as {@code attack.execution}, {@code attack.t1059.001}. */
        public Builder tags(String... tags) {
            meta.put("tags", List.of(tags));
            return this;
        }

        public Builder level(Level level) {
            meta.put("level", Objects.requireNonNull(level, "level").label());
            return this;
        }

        /** The log source; {@code null} leaves a part out. */
        public Builder logsource(String product, String category, String service) {
            logsource.clear();
            if (product != null) {
                logsource.put("product", product);
            }
            if (category != null) {
                logsource.put("category", category);
            }
            if (service != null) {
                logsource.put("service", service);
            }
            return this;
        }

        public Builder falsePositives(String... cases) {
            falsePositives.addAll(List.of(cases));
            return this;
        }

        /**
         * Selections the condition reaches only through a pattern ({@code 1 of selection_*}); those it
         * names are taken from the condition itself.
         */
        public Builder selections(Selection... selections) {
            declared.addAll(List.of(selections));
            return this;
        }

        /** When the rule matches: an expression over its selections. */
        public Builder condition(Expr condition) {
            this.condition = Objects.requireNonNull(condition, "condition");
            return this;
        }

        /**
         * The rule, compiled once to check it; fails with an {@link InvalidRuleException} naming the rule,
         * where it was built and every problem (an unknown modifier combination, a bad regex, a selection
         * the condition does not reach...).
         */
        public DetectionRule build() {
            String title = (String) meta.get("title");
            if (condition == null) {
                throw new InvalidRuleException(title, List.of(Problem.error(
                        dev.vigil.core.SourcePosition.of(origin, 0), "a rule needs a condition")));
            }
            Map<String, Object> doc = new LinkedHashMap<>(meta);
            if (!logsource.isEmpty()) {
                doc.put("logsource", new LinkedHashMap<>(logsource));
            }
            Map<String, Object> detection = new LinkedHashMap<>();
            List<Selection> all = new ArrayList<>();
            condition.selections(all);
            all.addAll(declared);
            for (Selection s : all) {
                Object yaml;
                try {
                    yaml = s.yaml();
                } catch (IllegalStateException e) {
                    throw new InvalidRuleException(title, List.of(Problem.error(
                            dev.vigil.core.SourcePosition.of(origin, 0), e.getMessage())));
                }
                Object before = detection.putIfAbsent(s.name(), yaml);
                if (before != null && !before.equals(yaml)) {
                    throw new InvalidRuleException(title, List.of(Problem.error(dev.vigil.core.SourcePosition.of(origin, 0),
                            "two different selections are named '" + s.name() + "'")));
                }
            }
            detection.put("condition", condition.sigma());
            doc.put("detection", detection);
            if (!falsePositives.isEmpty()) {
                doc.put("falsepositives", List.copyOf(falsePositives));
            }
            Map<String, Object> frozen = java.util.Collections.unmodifiableMap(doc);
            DetectionRule draft = new DetectionRule(frozen, origin, null);
            Rule compiled = compileWith(DEFAULT_LOADER, draft.toSigma(), origin, title);
            return new DetectionRule(frozen, origin, compiled);
        }
    }

    private static final SigmaLoader DEFAULT_LOADER = SigmaLoader.builder().build();
}
