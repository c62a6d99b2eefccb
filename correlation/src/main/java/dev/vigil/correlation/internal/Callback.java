package dev.vigil.correlation.internal;

/** What the generated rules call when a correlation matches (the DRL global {@code callback}). */
public interface Callback {

    /** A window ending at the anchor satisfied correlation {@code corr}; {@code value} is the aggregate. */
    void anchored(int corr, Anchor anchor, Object value);

    /** A closed window satisfied correlation {@code corr}. */
    void closed(int corr, WindowFact window, Object value);

    /** The hits of an ordered temporal correlation, one per referenced rule, in order. */
    void joined(int corr, Hit[] hits);
}
