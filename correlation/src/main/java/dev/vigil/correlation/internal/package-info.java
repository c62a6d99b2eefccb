/**
 * Fact types and helpers that the generated Drools rules use. Public only because the rules are
 * compiled in their own class loader; not part of Vigil's API, and subject to change.
 */
package dev.vigil.correlation.internal;
