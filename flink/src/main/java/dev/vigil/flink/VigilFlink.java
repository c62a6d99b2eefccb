package dev.vigil.flink;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import dev.vigil.correlation.SessionBuilder;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Vigil on Apache Flink: the same Sigma rules and correlations as the embedded engine, with the same
 * alert ids.
 *
 * <pre>{@code
 * DataStream<Event> events = ...;                        // .returns(VigilTypes.event())
 * RuleSet rules = RuleSet.read("v1", List.of(Path.of("rules")));
 * DataStream<AlertRecord> alerts = VigilFlink.detect(events, rules);
 * }</pre>
 *
 * <p>Events are matched by the compiled engine in a stateless operator (uid {@code vigil-match}) that
 * holds the rule set as broadcast state; matches that correlations take are keyed by their group key
 * and correlated on event time in keyed state (uid {@code vigil-correlate}; chained correlations in one more
 * stage per chain depth, {@code vigil-correlate-1}, ...). Events need event-time
 * timestamps and watermarks (assign {@link #watermarks} on the source) for correlations to decide; see
 * {@code docs/FLINK.md}.
 */
public final class VigilFlink {

    private VigilFlink() {
    }

    /** Detections and correlation alerts of {@code rules} over {@code events}, with the default settings. */
    public static DataStream<AlertRecord> detect(DataStream<Event> events, RuleSet rules) {
        return builder(rules).apply(events).alerts();
    }

    /** The largest distance ahead of the processing time at which an event time still counts for watermarks. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = SessionBuilder.DEFAULT_MAX_FUTURE_SKEW;

    /**
     * The watermark strategy to assign on event sources: timestamps from {@link Event#timestamp()}, and
     * watermarks that a minority of forged times cannot move (the median of each split's latest 1,024
     * times less {@code outOfOrderness}, never going back; times more than {@link #DEFAULT_MAX_FUTURE_SKEW}
     * ahead of the processing time left out). {@code forBoundedOutOfOrderness} would follow the greatest
     * time seen: one forged future time would make every later match late. See {@code docs/FLINK.md}.
     */
    public static WatermarkStrategy<Event> watermarks(Duration outOfOrderness) {
        return watermarks(outOfOrderness, DEFAULT_MAX_FUTURE_SKEW);
    }

    /** As {@link #watermarks(Duration)}, with times up to {@code maxFutureSkew} ahead of the processing time. */
    public static WatermarkStrategy<Event> watermarks(Duration outOfOrderness, Duration maxFutureSkew) {
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        return WatermarkStrategy.<Event>forGenerator(
                        c -> new MedianWatermarks<>(outOfOrderness, maxFutureSkew, System::currentTimeMillis))
                .withTimestampAssigner((e, t) -> e.timestamp() == null ? Long.MIN_VALUE : e.timestamp().toEpochMilli());
    }

    /** A job part over {@code rules}, to be set up before {@link Builder#apply}. */
    public static Builder builder(RuleSet rules) {
        return new Builder(rules);
    }

    /** The streams a job part produces. */
    public interface Streams {
        /** Detections (from the matching operator) and correlation alerts (from the correlating one). */
        DataStream<AlertRecord> alerts();

        /** Matches that came later than the allowed lateness behind the watermark, as detections: not correlated. */
        DataStream<AlertRecord> lateMatches();
    }

    /** Watermarks for a stream without event time that must not hold back the streams it joins. */
    private static final class EndOfTime implements WatermarkGenerator<RuleSet> {
        @Override
        public void onEvent(RuleSet event, long eventTimestamp, WatermarkOutput output) {
            output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(Long.MAX_VALUE));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(Long.MAX_VALUE));
        }
    }

    /** The correlation settings every correlating instance uses. */
    record Settings(Duration allowedLateness, Duration suppress, int maxGroups, int maxMatchesPerGroup) implements Serializable {
    }

    /** Sets up a job part: rules, their update stream, and the correlation settings. */
    public static final class Builder {
        private final RuleSet rules;
        private DataStream<RuleSet> updates;
        private Duration allowedLateness = Duration.ofMinutes(1);
        private Duration suppress = Duration.ZERO;
        private int maxGroups = SessionBuilder.DEFAULT_MAX_GROUPS;
        private int maxMatchesPerGroup = SessionBuilder.DEFAULT_MAX_MATCHES_PER_GROUP;

        private Builder(RuleSet rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /**
         * Rule sets that replace the matching rules while the job runs (broadcast to every instance; the
         * correlations stay those of the initial set, see {@code docs/FLINK.md}).
         */
        public Builder ruleUpdates(DataStream<RuleSet> updates) {
            this.updates = updates;
            return this;
        }

        /**
         * How far behind the watermark a match may come and still be correlated (default one minute);
         * later ones go to {@link Streams#lateMatches()}. Windows with upper bounds only are decided once
         * the watermark less this is past their end.
         */
        public Builder allowedLateness(Duration lateness) {
            this.allowedLateness = Objects.requireNonNull(lateness, "lateness");
            return this;
        }

        /** As {@link SessionBuilder#suppress}: no repeat of an alert for a group within this period (default none). */
        public Builder suppress(Duration period) {
            this.suppress = Objects.requireNonNull(period, "period");
            return this;
        }

        /** As {@link SessionBuilder#maxGroups}, per parallel instance (default {@value SessionBuilder#DEFAULT_MAX_GROUPS}). */
        public Builder maxGroups(int max) {
            this.maxGroups = max;
            return this;
        }

        /** As {@link SessionBuilder#maxMatchesPerGroup} (default {@value SessionBuilder#DEFAULT_MAX_MATCHES_PER_GROUP}). */
        public Builder maxMatchesPerGroup(int max) {
            this.maxMatchesPerGroup = max;
            return this;
        }

        /**
         * Adds matching and correlation after {@code events}.
         *
         * @throws IllegalArgumentException when the rule set has errors (each with file, line and column)
         */
        public Streams apply(DataStream<Event> events) {
            CompiledRules compiled = CompiledRules.compile(rules);
            List<Problem> errors = compiled.problems().stream().filter(Problem::isError).toList();
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("rule set " + rules.version() + " has errors: " + errors);
            }
            TypeInformation<AlertRecord> alertType = TypeInformation.of(AlertRecord.class);
            SingleOutputStreamOperator<AlertRecord> detections;
            if (updates == null) {
                detections = events.process(new FixedMatchFunction(rules), alertType);
            } else {
                // the updates carry no event time: a watermark at the end of time keeps them from holding it back
                BroadcastStream<RuleSet> broadcast = updates
                        .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator(c -> new EndOfTime()))
                        .broadcast(MatchFunction.RULES);
                detections = events.connect(broadcast).process(new MatchFunction(rules), alertType);
            }
            // as parallel as the events and connected forward: each source partition keeps its order
            detections.name("vigil-match").uid("vigil-match").setParallelism(events.getParallelism());
            Settings settings = new Settings(allowedLateness, suppress, maxGroups, maxMatchesPerGroup);
            // one stage per chain depth: stage k correlates depth k and keys what deeper ones take for stage k + 1
            DataStream<AlertRecord> alerts = detections;
            DataStream<AlertRecord> lateMatches = null;
            DataStream<RoutedMatch> routed = detections.getSideOutput(MatchFunction.ROUTED);
            for (int stage = 0; stage < compiled.stages(); stage++) {
                String uid = stage == 0 ? "vigil-correlate" : "vigil-correlate-" + stage;
                SingleOutputStreamOperator<AlertRecord> correlated = routed
                        .keyBy(RoutedMatch::group, org.apache.flink.api.common.typeinfo.Types.STRING)
                        .transform(uid, alertType, new CorrelationOperator(rules, settings, stage))
                        .uid(uid);
                alerts = alerts.union(correlated);
                DataStream<AlertRecord> late = correlated.getSideOutput(CorrelationOperator.LATE);
                lateMatches = lateMatches == null ? late : lateMatches.union(late);
                routed = correlated.getSideOutput(CorrelationOperator.NEXT);
            }
            DataStream<AlertRecord> allAlerts = alerts;
            DataStream<AlertRecord> allLate = lateMatches;
            return new Streams() {
                @Override
                public DataStream<AlertRecord> alerts() {
                    return allAlerts;
                }

                @Override
                public DataStream<AlertRecord> lateMatches() {
                    return allLate;
                }
            };
        }
    }
}
