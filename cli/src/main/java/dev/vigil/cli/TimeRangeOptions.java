package dev.vigil.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --from} and {@code --to} of {@code hunt}: the range of event times matched. A date stands for its
 * whole day in UTC, so {@code --from 2024-01-30 --to 2024-01-31} covers two days; a time without an offset is
 * UTC.
 */
final class TimeRangeOptions {

    @Option(names = "--from", paramLabel = "TIME", converter = BoundConverter.class,
            description = "Match only events at or after TIME: an ISO-8601 date (2024-01-31, from its start, UTC) or "
                    + "date and time (2024-01-31T10:00:00Z, with an offset such as +02:00, or without one: UTC). "
                    + "Events without a time are then not matched either; the summary counts both.")
    Bound from;

    @Option(names = "--to", paramLabel = "TIME", converter = BoundConverter.class,
            description = "Match only events at or before TIME, written as for --from; a date includes its whole day.")
    Bound to;

    /**
     * One end of the range as written: a date stands for the day from {@code start} to {@code end}, a time
     * for one instant ({@code end} is then just after {@code start}).
     */
    record Bound(Instant start, Instant end, String text) {
    }

    /** The usage error of these options, or null. */
    String usageError() {
        if (from != null && to != null && !from.start().isBefore(to.end())) {
            return "--from " + from.text() + " is after --to " + to.text();
        }
        return null;
    }

    /** The range, or null where neither option is given. */
    TimeRange range() {
        return from == null && to == null ? null
                : new TimeRange(from == null ? null : from.start(), to == null ? null : to.end());
    }

    /** {@code 2024-01-31}, {@code 2024-01-31T10:00:00Z}, {@code 2024-01-31T10:00:00+02:00}, {@code 2024-01-31 10:00:00}. */
    static final class BoundConverter implements ITypeConverter<Bound> {
        @Override
        public Bound convert(String text) {
            String t = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) (\\d)", "$1T$2")
                    .replaceFirst(" ([+-]\\d{2}:?\\d{2}|Z)$", "$1");
            try {
                if (t.length() == 10) {
                    LocalDate day = LocalDate.parse(t);
                    return new Bound(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), text.strip());
                }
                Instant at;
                try {
                    at = OffsetDateTime.parse(t).toInstant();
                } catch (DateTimeException withoutOffset) {
                    at = LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
                }
                return new Bound(at, at.plusNanos(1), text.strip());
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + text + "' is not an ISO-8601 date or date and time, such as "
                        + "2024-01-31 or 2024-01-31T10:00:00Z");
            }
        }
    }
}
