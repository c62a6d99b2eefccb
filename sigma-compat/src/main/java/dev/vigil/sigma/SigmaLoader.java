package dev.vigil.sigma;

import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.RuleLimits;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads Sigma rules (YAML, Sigma specification 2.1) and compiles them into {@link Rule}s.
 *
 * <p>Loading never stops at a bad rule: every rule that compiles is returned, and every rule that
 * does not is reported as a {@link dev.vigil.core.Problem} naming its file, line and reason. A loader
 * is immutable and may be shared between threads.
 *
 * <pre>{@code
 * LoadResult result = SigmaLoader.builder().build().load(List.of(Path.of("rules")));
 * Engine engine = Engine.builder().addRules(result.rules()).build();
 * }</pre>
 */
public final class SigmaLoader {

    final LogsourceMapping mapping;
    final LogsourceMode mode;
    final Map<String, List<String>> placeholders;
    final RuleLimits limits;
    final RuleFilter filter;

    private SigmaLoader(Builder b) {
        this.limits = b.limits;
        this.filter = b.filter;
        this.mapping = b.mapping;
        this.mode = b.mode;
        this.placeholders = Map.copyOf(b.placeholders);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads every {@code .yml}/{@code .yaml} file under {@code paths} (files, or folders searched
     * recursively, in name order). Sigma filters among them are applied to the rules they name.
     */
    public LoadResult load(Collection<Path> paths) {
        return newLoader().load(paths);
    }

    /**
     * Loads files and folders (as {@link #load(Collection)}) and texts that are not files (rule packs'
     * resources, DSL rules) together, so that a correlation in one may refer to a rule in another.
     */
    public LoadResult load(Collection<Path> paths, Collection<SigmaText> texts) {
        return newLoader().load(paths, texts);
    }

    /** Loads the rules of one YAML text (one or more documents); {@code origin} names it in problems. */
    public LoadResult loadString(String yaml, String origin) {
        return newLoader().loadString(yaml, origin);
    }

    private RuleSetLoader newLoader() {
        return new RuleSetLoader(mapping, mode, placeholders, limits, filter);
    }

    /** Builds a {@link SigmaLoader}. */
    public static final class Builder {
        private LogsourceMapping mapping = LogsourceMapping.defaults();
        private LogsourceMode mode = LogsourceMode.MAPPED;
        private final Map<String, List<String>> placeholders = new LinkedHashMap<>();
        private RuleLimits limits = RuleLimits.defaults();
        private RuleFilter filter = RuleFilter.all();

        private Builder() {
        }

        /**
         * Which rules to load, judged on their metadata before they are compiled; {@link RuleFilter#all()}
         * unless set. What it leaves out is counted in {@link LoadResult#skipped()}.
         */
        public Builder filter(RuleFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** The limits every rule is held to; {@link RuleLimits#defaults()} unless set. */
        public Builder limits(RuleLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The logsource and field mapping; {@link LogsourceMapping#defaults()} unless set. */
        public Builder mapping(LogsourceMapping mapping) {
            this.mapping = Objects.requireNonNull(mapping, "mapping");
            return this;
        }

        public Builder logsourceMode(LogsourceMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The values of placeholder {@code %name%} for the {@code expand} modifier. Each value may hold
         * Sigma wildcards. A rule using a placeholder with no values is rejected.
         */
        public Builder placeholder(String name, List<String> values) {
            placeholders.put(name, List.copyOf(values));
            return this;
        }

        public Builder placeholders(Map<String, List<String>> values) {
            values.forEach(this::placeholder);
            return this;
        }

        public SigmaLoader build() {
            return new SigmaLoader(this);
        }
    }
}
