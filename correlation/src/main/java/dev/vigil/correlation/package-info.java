/**
 * Correlation: rules over several matches (Sigma correlation rules), run by Drools behind the
 * single-event {@link dev.vigil.core.match.Engine}.
 *
 * <p>Describe correlations with {@link dev.vigil.core.rule.correlation.CorrelationRule#builder()} (or load
 * them with the Sigma loader), compile them with the detection rules into a
 * {@link dev.vigil.correlation.Detector}, and run a stream through a
 * {@link dev.vigil.correlation.DetectorSession}, which hands out detections and
 * {@link dev.vigil.core.alert.CorrelationAlert}s. Semantics and decisions: {@code docs/CORRELATION.md}.
 * Drools types do not appear in this package's API; {@code internal} holds the fact types the
 * generated rules use.
 */
package dev.vigil.correlation;
