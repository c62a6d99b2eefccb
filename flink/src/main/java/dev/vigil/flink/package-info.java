/**
 * Vigil on Apache Flink: the same Sigma rules and correlations as the embedded engine, in a DataStream job,
 * with the same alert ids.
 *
 * <p>{@link dev.vigil.flink.VigilFlink#detect} (or {@link dev.vigil.flink.VigilFlink#builder}) adds matching
 * (the compiled engine, the {@link dev.vigil.flink.RuleSet} broadcast and replaceable while the job runs) and
 * correlation (the embedded correlator per key group, on event time, its state in Flink keyed state) after a
 * stream of events, and returns {@link dev.vigil.flink.AlertRecord}s. {@link dev.vigil.flink.VigilTypes}
 * gives sources the type information of events (never Kryo); {@link dev.vigil.flink.EventFileFormat} reads
 * event files for a {@code FileSource}. Semantics, deployment and limits: {@code docs/FLINK.md}.
 */
package dev.vigil.flink;
