package dev.vigil.rules.dsl;

import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.SigmaLoader;
import java.util.ArrayList;
import java.util.Collections;
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
public final class DetectionRule implements RuleDocument {

    private final Map<String, Object> document;
    private final String origin;
    private final Rule rule;

    private DetectionRule(Map<String, Object> document, String origin, Rule rule) {
        this.document = document;
        this.origin = origin;
        this.rule = rule;
    }

    /**
     * The rule in the core model, compiled with the default Sigma loader (the bundled field mapping).
     *
     * @throws IllegalStateException for a rule with {@code %name%} placeholders ({@code expand}): only a
     *         loader with their values can compile it ({@link #compile(SigmaLoader)})
     */
    public Rule compile() {
        if (rule == null) {
            throw new IllegalStateException("rule '" + document.get("title") + "' expands placeholders: compile it"
                    + " with a SigmaLoader that has their values (compile(loader))");
        }
        return rule;
    }

    /** The rule compiled by {@code loader} (its mapping, placeholders and limits). */
    public Rule compile(SigmaLoader loader) {
        return compileWith(loader, this);
    }

    @Override
    public Map<String, Object> document() {
        return document;
    }

    @Override
    public List<RuleDocument> references() {
        return List.of();
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "DetectionRule[" + document.get("title") + " @ " + origin + "]";
    }

    private static Rule compileWith(SigmaLoader loader, DetectionRule r) {
        String title = String.valueOf(r.document.get("title"));
        List<Rule> rules = SigmaYaml.load(loader, List.of(r), r.origin, title).rules();
        if (rules.size() != 1) {
            throw SigmaYaml.invalid(title, r.origin, "the rule compiled to " + rules.size() + " rules");
        }
        return rules.get(0);
    }

    /** Builds a {@link DetectionRule}; the title and a condition are required. */
    public static final class Builder extends MetadataBuilder<Builder> {
        private final Map<String, Object> logsource = new LinkedHashMap<>();
        private final List<Selection> declared = new ArrayList<>();
        private Expr condition;

        Builder(String title, String origin) {
            super(title, origin);
        }

        @Override
        Builder self() {
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
            if (condition == null) {
                throw SigmaYaml.invalid(title(), origin, "a rule needs a condition");
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
                    throw SigmaYaml.invalid(title(), origin, e.getMessage());
                }
                Object before = detection.putIfAbsent(s.name(), yaml);
                if (before != null && !before.equals(yaml)) {
                    throw SigmaYaml.invalid(title(), origin, "two different selections are named '" + s.name() + "'");
                }
            }
            detection.put("condition", condition.sigma());
            doc.put("detection", detection);
            if (!falsePositives.isEmpty()) {
                doc.put("falsepositives", List.copyOf(falsePositives));
            }
            DetectionRule draft = new DetectionRule(Collections.unmodifiableMap(doc), origin, null);
            Map<String, List<String>> placeholders = placeholders(all);
            if (placeholders.isEmpty()) {
                return new DetectionRule(draft.document, origin, compileWith(SigmaYaml.DEFAULT_LOADER, draft));
            }
            // checked with a stand-in for each placeholder; the loader that compiles it gives the values
            compileWith(SigmaLoader.builder().placeholders(placeholders).build(), draft);
            return draft;
        }

        private static Map<String, List<String>> placeholders(List<Selection> selections) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            java.util.regex.Pattern name = java.util.regex.Pattern.compile("%(\\w+)%");
            for (Selection s : selections) {
                for (FieldPredicate p : s.predicates()) {
                    if (!p.key().contains("|expand")) {
                        continue;
                    }
                    for (Object v : p.values()) {
                        if (v instanceof String text) {
                            java.util.regex.Matcher m = name.matcher(text);
                            while (m.find()) {
                                out.putIfAbsent(m.group(1), List.of("placeholder"));
                            }
                        }
                    }
                }
            }
            return out;
        }
    }
}
