package dev.vigil.flink;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.alert.CorrelationAlert;
import dev.vigil.core.alert.MatchRef;
import dev.vigil.core.alert.TimeWindow;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.correlation.CorrelationRule;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A match on its way to the correlation it feeds: the correlation's key, the match's group key in it
 * (the Flink key), and either the rule that matched with the event, or (chained correlations) the key of
 * the correlation that raised an alert with what the consuming correlation reads of the alert. In the
 * correlation operator's state it also carries the watermark it arrived at and its arrival number, so that
 * a restore replays it in order.
 */
record RoutedMatch(String correlation, String group, String rule, Event event, Chained alert, long arrival, long seq) {

    static final CodecTypeInfo<RoutedMatch> TYPE = new CodecTypeInfo<>(RoutedMatch.class, Serializer::new);

    /** A detection of {@code rule} in {@code event} for group {@code group} of {@code correlation}. */
    static RoutedMatch of(String correlation, String group, String rule, Event event) {
        return new RoutedMatch(correlation, group, rule, event, null, 0, 0);
    }

    /** An alert of another correlation for group {@code group} of {@code correlation}. */
    static RoutedMatch chained(String correlation, String group, CorrelationAlert alert) {
        return new RoutedMatch(correlation, group, alert.rule().key(), null, Chained.of(alert), 0, 0);
    }

    RoutedMatch arrived(long watermark, long number) {
        return new RoutedMatch(correlation, group, rule, event, alert, watermark, number);
    }

    /** The event's time, or the chained alert's window end; null for an event without a time. */
    Instant time() {
        return alert != null ? alert.end() : event.timestamp();
    }

    /**
     * What a consuming correlation reads of a correlation alert (see {@code DetectorSession.acceptAlert}):
     * group, window, value and where its latest match was read. Its other matches are not carried.
     */
    record Chained(Map<String, String> group, Instant start, Instant end, Number value, SourcePosition last,
            int matchCount) {

        static Chained of(CorrelationAlert a) {
            List<MatchRef> ms = a.matches();
            return new Chained(a.group(), a.window().start(), a.window().end(), a.value(),
                    ms.isEmpty() ? null : ms.get(ms.size() - 1).source(), a.matchCount());
        }

        /** The alert again, as raised by {@code rule}, holding its latest match only. */
        CorrelationAlert toAlert(CorrelationRule rule) {
            List<MatchRef> ms = last == null ? List.of() : List.of(new MatchRef(rule.id(), rule.key(), last, end));
            return new CorrelationAlert(rule, group, new TimeWindow(start, end), value, ms, matchCount);
        }
    }

    /** Serializes routed matches. */
    static final class Serializer extends CodecSerializer<RoutedMatch> {

        private static final long serialVersionUID = 1L;

        Serializer() {
            super(ValueCodec.FORMAT);
        }

        Serializer(int format) {
            super(format);
        }

        @Override
        void write(RoutedMatch m, DataOutputView out) throws IOException {
            ValueCodec.writeString(m.correlation, out);
            ValueCodec.writeString(m.group, out);
            ValueCodec.writeString(m.rule, out);
            out.writeBoolean(m.alert == null);
            if (m.alert == null) {
                ValueCodec.writeEvent(m.event, out);
            } else {
                Chained c = m.alert;
                out.writeInt(c.group.size());
                for (Map.Entry<String, String> e : c.group.entrySet()) {
                    ValueCodec.writeString(e.getKey(), out);
                    ValueCodec.writeNullable(e.getValue(), out);
                }
                writeInstant(c.start, out);
                writeInstant(c.end, out);
                ValueCodec.writeValue(c.value, out);
                out.writeBoolean(c.last != null);
                if (c.last != null) {
                    ValueCodec.writeSource(c.last, out);
                }
                out.writeInt(c.matchCount);
            }
            out.writeLong(m.arrival);
            out.writeLong(m.seq);
        }

        @Override
        RoutedMatch read(DataInputView in) throws IOException {
            String correlation = ValueCodec.readString(in, format);
            String group = ValueCodec.readString(in, format);
            String rule = ValueCodec.readString(in, format);
            Event event = null;
            Chained alert = null;
            // format 3 had events only, without the flag
            if (format < ValueCodec.FORMAT || in.readBoolean()) {
                event = ValueCodec.readEvent(in, format);
            } else {
                int n = in.readInt();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    values.put(ValueCodec.readString(in, format), ValueCodec.readNullable(in, format));
                }
                Instant start = readInstant(in);
                Instant end = readInstant(in);
                Number value = (Number) ValueCodec.readValue(in, format);
                SourcePosition last = in.readBoolean() ? ValueCodec.readSource(in, format) : null;
                alert = new Chained(values, start, end, value, last, in.readInt());
            }
            return new RoutedMatch(correlation, group, rule, event, alert, in.readLong(), in.readLong());
        }

        private static void writeInstant(Instant t, DataOutputView out) throws IOException {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }

        private static Instant readInstant(DataInputView in) throws IOException {
            return Instant.ofEpochSecond(in.readLong(), in.readInt());
        }

        @Override
        public TypeSerializerSnapshot<RoutedMatch> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint or savepoint. */
        public static final class Snapshot extends CodecSnapshot<RoutedMatch> {
            public Snapshot() {
                super(Serializer::new);
            }
        }
    }
}
