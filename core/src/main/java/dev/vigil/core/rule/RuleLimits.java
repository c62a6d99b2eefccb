package dev.vigil.core.rule;

/**
 * The limits a rule loader holds third-party rules to, so that one hostile or broken rule cannot
 * exhaust memory or the stack: the size of a rule file, how deeply a condition may nest (parentheses
 * and {@code not}), and how many variants the value modifiers may expand one value into. A rule beyond a
 * limit is rejected with a problem that names the limit ({@code RuleLimits.maxConditionDepth}, ...);
 * the other rules still load. Immutable, with safe defaults ({@link #defaults()}); loaders such as
 * Sigma's take them on their builder.
 */
public final class RuleLimits {

    /** Default {@link #maxFileBytes()}: 3 MiB, the most text the YAML engine reads in one document. */
    public static final int DEFAULT_MAX_FILE_BYTES = 3 << 20;
    /** Default {@link #maxConditionDepth()}: 100 levels; SigmaHQ's rules nest at most a few. */
    public static final int DEFAULT_MAX_CONDITION_DEPTH = 100;
    /**
     * The highest {@link #maxConditionDepth()} that may be set: parsing, compiling and evaluating a
     * condition recurse once per level or more, and 500 levels stay well within a thread's default stack.
     */
    public static final int MAX_CONDITION_DEPTH_CAP = 500;
    /** Default {@link #maxValueVariants()}: 4,096 variants of one value ({@code base64offset}, {@code windash}, ...). */
    public static final int DEFAULT_MAX_VALUE_VARIANTS = 4_096;

    private static final RuleLimits DEFAULTS = builder().build();

    private final int maxFileBytes;
    private final int maxConditionDepth;
    private final int maxValueVariants;

    private RuleLimits(Builder b) {
        this.maxFileBytes = b.maxFileBytes;
        this.maxConditionDepth = b.maxConditionDepth;
        this.maxValueVariants = b.maxValueVariants;
    }

    /** The default limits. */
    public static RuleLimits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder().maxFileBytes(maxFileBytes).maxConditionDepth(maxConditionDepth)
                .maxValueVariants(maxValueVariants);
    }

    /**
     * The largest rule file a loader reads, in bytes; a larger one is reported and skipped unread. Also
     * the most characters the YAML engine reads in one document.
     */
    public int maxFileBytes() {
        return maxFileBytes;
    }

    /** How deeply a condition may nest groups and negations. */
    public int maxConditionDepth() {
        return maxConditionDepth;
    }

    /** How many variants the modifiers of one value may produce. */
    public int maxValueVariants() {
        return maxValueVariants;
    }

    @Override
    public String toString() {
        return "RuleLimits[maxFileBytes=" + maxFileBytes + ", maxConditionDepth=" + maxConditionDepth
                + ", maxValueVariants=" + maxValueVariants + "]";
    }

    /** Builds {@link RuleLimits}; every value must be positive. */
    public static final class Builder {
        private int maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private int maxConditionDepth = DEFAULT_MAX_CONDITION_DEPTH;
        private int maxValueVariants = DEFAULT_MAX_VALUE_VARIANTS;

        private Builder() {
        }

        public Builder maxFileBytes(int bytes) {
            this.maxFileBytes = positive(bytes, "maxFileBytes");
            return this;
        }

        /** At most {@link #MAX_CONDITION_DEPTH_CAP}. */
        public Builder maxConditionDepth(int depth) {
            if (depth > MAX_CONDITION_DEPTH_CAP) {
                throw new IllegalArgumentException("RuleLimits.maxConditionDepth is at most " + MAX_CONDITION_DEPTH_CAP
                        + ", not " + depth);
            }
            this.maxConditionDepth = positive(depth, "maxConditionDepth");
            return this;
        }

        public Builder maxValueVariants(int variants) {
            this.maxValueVariants = positive(variants, "maxValueVariants");
            return this;
        }

        public RuleLimits build() {
            return new RuleLimits(this);
        }

        private static int positive(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException("RuleLimits." + name + " must be positive, not " + v);
            }
            return v;
        }
    }
}
