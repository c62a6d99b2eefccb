package dev.vigil.core.rule;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a rule loader holds third-party rules to, so that one hostile or broken rule cannot
 * exhaust memory, time or the stack: the size of a rule file, how much YAML aliases may expand, how
 * deeply a condition may nest (parentheses and {@code not}), how many variants the value modifiers may
 * expand one value into, how long a number, a regular expression or a field name may be, and how long a
 * correlation's timespan. A rule beyond a limit is rejected with a problem that names the limit
 * ({@code RuleLimits.maxConditionDepth}, ...); the other rules still load. Immutable, with safe defaults
 * ({@link #defaults()}); loaders such as Sigma's take them on their builder.
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
    /** Default {@link #maxAliasNodes()}: 10,000 nodes, far more than a rule's own text holds. */
    public static final int DEFAULT_MAX_ALIAS_NODES = 10_000;
    /** Default {@link #maxNumberDigits()}: 100, more than any count, id or bound needs. */
    public static final int DEFAULT_MAX_NUMBER_DIGITS = 100;
    /** Default {@link #maxTimespan()}: 3,660 days (ten years). */
    public static final Duration DEFAULT_MAX_TIMESPAN = Duration.ofDays(3_660);
    /** Default {@link #maxRegexLength()}: 4,096 characters; SigmaHQ's longest has 130. */
    public static final int DEFAULT_MAX_REGEX_LENGTH = 4_096;
    /** Default {@link #maxRegexNesting()}: 50 levels of groups. */
    public static final int DEFAULT_MAX_REGEX_NESTING = 50;
    /** Default {@link #maxRegexExpandedSize()}: 10,000 atoms once counted repetitions are written out. */
    public static final int DEFAULT_MAX_REGEX_EXPANDED_SIZE = 10_000;
    /** Default {@link #maxFieldNameLength()}: 1,024 characters; SigmaHQ uses at most 57. */
    public static final int DEFAULT_MAX_FIELD_NAME_LENGTH = 1_024;
    /** Default {@link #maxFieldPathSegments()}: 32 dotted segments; SigmaHQ uses at most 4. */
    public static final int DEFAULT_MAX_FIELD_PATH_SEGMENTS = 32;

    private static final RuleLimits DEFAULTS = builder().build();

    private final int maxFileBytes;
    private final int maxConditionDepth;
    private final int maxValueVariants;
    private final int maxAliasNodes;
    private final int maxNumberDigits;
    private final Duration maxTimespan;
    private final int maxRegexLength;
    private final int maxRegexNesting;
    private final int maxRegexExpandedSize;
    private final int maxFieldNameLength;
    private final int maxFieldPathSegments;

    private RuleLimits(Builder b) {
        this.maxFileBytes = b.maxFileBytes;
        this.maxConditionDepth = b.maxConditionDepth;
        this.maxValueVariants = b.maxValueVariants;
        this.maxAliasNodes = b.maxAliasNodes;
        this.maxNumberDigits = b.maxNumberDigits;
        this.maxTimespan = b.maxTimespan;
        this.maxRegexLength = b.maxRegexLength;
        this.maxRegexNesting = b.maxRegexNesting;
        this.maxRegexExpandedSize = b.maxRegexExpandedSize;
        this.maxFieldNameLength = b.maxFieldNameLength;
        this.maxFieldPathSegments = b.maxFieldPathSegments;
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
                .maxValueVariants(maxValueVariants).maxAliasNodes(maxAliasNodes).maxNumberDigits(maxNumberDigits)
                .maxTimespan(maxTimespan).maxRegexLength(maxRegexLength).maxRegexNesting(maxRegexNesting)
                .maxRegexExpandedSize(maxRegexExpandedSize).maxFieldNameLength(maxFieldNameLength)
                .maxFieldPathSegments(maxFieldPathSegments);
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

    /**
     * How many nodes (values, lists and maps) the YAML aliases ({@code *name}) of one document may add
     * in all, each alias counting the whole node it repeats; bounds "billion laughs" documents, whose
     * few lines of nested aliases would otherwise stand for billions of values.
     */
    public int maxAliasNodes() {
        return maxAliasNodes;
    }

    /**
     * How long a number in a rule may be: at most this many characters as written and this many digits
     * written out in full ({@code 1e999999999} has a billion). A longer YAML number is read as its text;
     * where a number is needed ({@code gt}, a correlation bound, a timespan) it is rejected.
     */
    public int maxNumberDigits() {
        return maxNumberDigits;
    }

    /** The longest timespan a correlation may have, so that time arithmetic on it cannot overflow. */
    public Duration maxTimespan() {
        return maxTimespan;
    }

    /** How many characters a regular expression ({@code |re}) may have. */
    public int maxRegexLength() {
        return maxRegexLength;
    }

    /** How deeply a regular expression may nest groups; compiling and matching one recurse per level. */
    public int maxRegexNesting() {
        return maxRegexNesting;
    }

    /**
     * How many atoms a regular expression may hold once its counted repetitions are written out, as the
     * regex engine compiles them: {@code (a{1000}){1000}} holds a million; its memory and the stack
     * matching needs grow with this size.
     */
    public int maxRegexExpandedSize() {
        return maxRegexExpandedSize;
    }

    /** How many characters a field name may have. */
    public int maxFieldNameLength() {
        return maxFieldNameLength;
    }

    /** How many dot-separated segments a field name (a path into nested events) may have. */
    public int maxFieldPathSegments() {
        return maxFieldPathSegments;
    }

    @Override
    public String toString() {
        return "RuleLimits[maxFileBytes=" + maxFileBytes + ", maxConditionDepth=" + maxConditionDepth
                + ", maxValueVariants=" + maxValueVariants + ", maxAliasNodes=" + maxAliasNodes
                + ", maxNumberDigits=" + maxNumberDigits + ", maxTimespan=" + maxTimespan
                + ", maxRegexLength=" + maxRegexLength + ", maxRegexNesting=" + maxRegexNesting
                + ", maxRegexExpandedSize=" + maxRegexExpandedSize + ", maxFieldNameLength=" + maxFieldNameLength
                + ", maxFieldPathSegments=" + maxFieldPathSegments + "]";
    }

    /** Builds {@link RuleLimits}; every value must be positive. */
    public static final class Builder {
        private int maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private int maxConditionDepth = DEFAULT_MAX_CONDITION_DEPTH;
        private int maxValueVariants = DEFAULT_MAX_VALUE_VARIANTS;
        private int maxAliasNodes = DEFAULT_MAX_ALIAS_NODES;
        private int maxNumberDigits = DEFAULT_MAX_NUMBER_DIGITS;
        private Duration maxTimespan = DEFAULT_MAX_TIMESPAN;
        private int maxRegexLength = DEFAULT_MAX_REGEX_LENGTH;
        private int maxRegexNesting = DEFAULT_MAX_REGEX_NESTING;
        private int maxRegexExpandedSize = DEFAULT_MAX_REGEX_EXPANDED_SIZE;
        private int maxFieldNameLength = DEFAULT_MAX_FIELD_NAME_LENGTH;
        private int maxFieldPathSegments = DEFAULT_MAX_FIELD_PATH_SEGMENTS;

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

        public Builder maxAliasNodes(int nodes) {
            this.maxAliasNodes = positive(nodes, "maxAliasNodes");
            return this;
        }

        public Builder maxNumberDigits(int digits) {
            this.maxNumberDigits = positive(digits, "maxNumberDigits");
            return this;
        }

        public Builder maxTimespan(Duration timespan) {
            Objects.requireNonNull(timespan, "timespan");
            if (timespan.isNegative() || timespan.isZero()) {
                throw new IllegalArgumentException("RuleLimits.maxTimespan must be positive, not " + timespan);
            }
            this.maxTimespan = timespan;
            return this;
        }

        public Builder maxRegexLength(int chars) {
            this.maxRegexLength = positive(chars, "maxRegexLength");
            return this;
        }

        public Builder maxRegexNesting(int depth) {
            this.maxRegexNesting = positive(depth, "maxRegexNesting");
            return this;
        }

        public Builder maxRegexExpandedSize(int atoms) {
            this.maxRegexExpandedSize = positive(atoms, "maxRegexExpandedSize");
            return this;
        }

        public Builder maxFieldNameLength(int chars) {
            this.maxFieldNameLength = positive(chars, "maxFieldNameLength");
            return this;
        }

        public Builder maxFieldPathSegments(int segments) {
            this.maxFieldPathSegments = positive(segments, "maxFieldPathSegments");
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
