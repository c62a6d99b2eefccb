package dev.vigil.flink;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.alert.AlertJson;
import java.util.Objects;

/**
 * An alert on a Flink stream: a flat POJO (Flink serializes it field by field, no Kryo) with the
 * alert's identity, what a sink routes on, and its one JSON form ({@link AlertJson}). {@link #id} is
 * the alert's stable id: equal to the embedded engine's for the same input, so a sink can write
 * idempotently by it.
 */
public class AlertRecord {

    /** The alert's stable id ({@link Alert#id()}). */
    public String id;
    /** {@code detection} or {@code correlation}. */
    public String kind;
    /** The deduplication key ({@link Alert#fingerprint()}). */
    public String fingerprint;
    /** The key (id, else name, else title) of the rule or correlation that raised it. */
    public String rule;
    /** Its level ({@code informational} .. {@code critical}), or null. */
    public String level;
    /** Event time in epoch milliseconds (a correlation's: its window's end); {@link Long#MIN_VALUE} when unknown. */
    public long timestamp;
    /** The version of the {@link RuleSet} that raised it. */
    public String rulesVersion;
    /** The alert as {@link AlertJson} writes it. */
    public String json;

    /** For Flink's POJO serializer. */
    public AlertRecord() {
    }

    static AlertRecord of(Alert alert, String rulesVersion) {
        AlertRecord r = new AlertRecord();
        r.id = alert.id();
        r.kind = alert.kind();
        r.fingerprint = alert.fingerprint();
        r.rule = alert.metadata().key();
        r.level = alert.metadata().level() == null ? null : alert.metadata().level().toString();
        r.timestamp = alert.timestamp() == null ? Long.MIN_VALUE : alert.timestamp().toEpochMilli();
        r.rulesVersion = rulesVersion;
        r.json = AlertJson.toJson(alert);
        return r;
    }

    /** The alert read back from {@link #json}, with its id. */
    public Alert toAlert() {
        return AlertJson.read(json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertRecord a && Objects.equals(a.id, id) && Objects.equals(a.rulesVersion, rulesVersion)
                && Objects.equals(a.json, json);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    @Override
    public String toString() {
        return kind + " " + id + " " + rule;
    }
}
