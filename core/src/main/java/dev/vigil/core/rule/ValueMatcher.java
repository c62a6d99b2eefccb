package dev.vigil.core.rule;

/**
 * A test on one value of an event field: strings, numbers and booleans compare by their text;
 * maps never match. Implementations are immutable and thread-safe.
 */
public sealed interface ValueMatcher
        permits StringMatcher, RegexMatcher, NumericMatcher, CidrMatcher, TimePartMatcher {

    /** Whether {@code value} (a string, number, boolean, or null) satisfies this matcher. */
    boolean matches(Object value);
}
