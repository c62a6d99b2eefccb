package dev.vigil.core.event.read;

/**
 * The limits an {@link EventReader} holds every record to, so that one hostile or broken record
 * cannot exhaust memory or the stack: the record's size, its nesting depth, the length of any one
 * string or field name, and the number of values in it (object members and array elements, at all
 * levels). A record beyond a limit is skipped and
 * reported as a problem that names the limit ({@code ReadLimits.maxDepth}, ...); the reader goes on
 * with the next record. In the manner of Jackson's {@code StreamReadConstraints}: immutable, with safe
 * defaults ({@link #defaults()}), changed through {@link #toBuilder()} or {@link #builder()}.
 */
public final class ReadLimits {

    /** Default {@link #maxRecordBytes()}: 64 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;
    /**
     * A reader holds one record in memory, and parsing it can take six times its size (one long string:
     * the bytes, Jackson's char buffers, the string), so it keeps {@link #maxRecordBytes()} within an eighth
     * of the heap ({@link Runtime#maxMemory()} / 8), lowering it if need be: a record too large for the heap
     * is then skipped and reported like any record over the limit, instead of ending the run with
     * {@link OutOfMemoryError}. With {@code -Xmx64m} a record may have 8 MiB; from a 512 MiB heap on the
     * default 64 MiB applies.
     */
    public static final int HEAP_SHARE_PER_RECORD = 8;
    /** Default {@link #maxDepth()}: 1,000 levels of objects and arrays (Jackson's own default). */
    public static final int DEFAULT_MAX_DEPTH = 1_000;
    /**
     * The highest {@link #maxDepth()} that may be set: reading, matching and writing an event recurse
     * once per level, and 2,000 levels stay well within a thread's default stack.
     */
    public static final int MAX_DEPTH_CAP = 2_000;
    /** Default {@link #maxStringLength()}: 20,000,000 characters (Jackson's own default). */
    public static final int DEFAULT_MAX_STRING_LENGTH = 20_000_000;
    /** Default {@link #maxFieldNameLength()}: 50,000 characters (Jackson's own default). */
    public static final int DEFAULT_MAX_FIELD_NAME_LENGTH = 50_000;
    /** Default {@link #maxFieldsPerRecord()}: 100,000 object members and array elements, counted at every level. */
    public static final int DEFAULT_MAX_FIELDS_PER_RECORD = 100_000;

    private static final ReadLimits DEFAULTS = builder().build();

    private final int maxRecordBytes;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxFieldNameLength;
    private final int maxFieldsPerRecord;

    private ReadLimits(Builder b) {
        this.maxFieldNameLength = b.maxFieldNameLength;
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxDepth = b.maxDepth;
        this.maxStringLength = b.maxStringLength;
        this.maxFieldsPerRecord = b.maxFieldsPerRecord;
    }

    /** The default limits. */
    public static ReadLimits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder().maxRecordBytes(maxRecordBytes).maxDepth(maxDepth).maxStringLength(maxStringLength)
                .maxFieldNameLength(maxFieldNameLength).maxFieldsPerRecord(maxFieldsPerRecord);
    }

    /**
     * The most bytes one record (one JSON object, as written in the input) may take; readers lower it to an
     * eighth of the heap where that is less ({@link #HEAP_SHARE_PER_RECORD}).
     */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /** The deepest nesting of objects and arrays a record may have, the record itself counting as 1. */
    public int maxDepth() {
        return maxDepth;
    }

    /** The longest string value a record may hold, in characters. */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** The longest field name a record may hold, in characters. */
    public int maxFieldNameLength() {
        return maxFieldNameLength;
    }

    /**
     * The most values a record may have: object members and array elements, counted at every level
     * of nesting (so a record of a million empty objects is as costly as one of a million fields).
     */
    public int maxFieldsPerRecord() {
        return maxFieldsPerRecord;
    }

    @Override
    public String toString() {
        return "ReadLimits[maxRecordBytes=" + maxRecordBytes + ", maxDepth=" + maxDepth + ", maxStringLength="
                + maxStringLength + ", maxFieldNameLength=" + maxFieldNameLength + ", maxFieldsPerRecord="
                + maxFieldsPerRecord + "]";
    }

    /** Builds {@link ReadLimits}; every value must be positive. */
    public static final class Builder {
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
        private int maxFieldNameLength = DEFAULT_MAX_FIELD_NAME_LENGTH;
        private int maxFieldsPerRecord = DEFAULT_MAX_FIELDS_PER_RECORD;

        private Builder() {
        }

        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = positive(bytes, "maxRecordBytes");
            return this;
        }

        /** At most {@link #MAX_DEPTH_CAP}. */
        public Builder maxDepth(int depth) {
            if (depth > MAX_DEPTH_CAP) {
                throw new IllegalArgumentException("ReadLimits.maxDepth is at most " + MAX_DEPTH_CAP + ", not " + depth);
            }
            this.maxDepth = positive(depth, "maxDepth");
            return this;
        }

        public Builder maxFieldNameLength(int chars) {
            this.maxFieldNameLength = positive(chars, "maxFieldNameLength");
            return this;
        }

        public Builder maxStringLength(int chars) {
            this.maxStringLength = positive(chars, "maxStringLength");
            return this;
        }

        public Builder maxFieldsPerRecord(int fields) {
            this.maxFieldsPerRecord = positive(fields, "maxFieldsPerRecord");
            return this;
        }

        public ReadLimits build() {
            return new ReadLimits(this);
        }

        private static int positive(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException("ReadLimits." + name + " must be positive, not " + v);
            }
            return v;
        }
    }
}
