package dev.vigil.core.rule;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.Objects;

/**
 * Takes one part of a date value (minute, hour, day of month, ISO week, month or year) and compares
 * it as a number. The date is read as written: no time-zone conversion (Sigma's time modifiers
 * are not designed to handle it). Values that are not dates never match.
 */
public record TimePartMatcher(Unit unit, NumericMatcher comparison) implements ValueMatcher {

    /** The part of the date that is compared. */
    public enum Unit {
        /** The minute of the hour, 0-59. */
        MINUTE,
        /** The hour of the day, 0-23. */
        HOUR,
        /** The day of the month, 1-31. */
        DAY,
        /** The ISO week of the year, 1-53. */
        WEEK,
        /** The month of the year, 1-12. */
        MONTH,
        /** The year. */
        YEAR
    }

    public TimePartMatcher {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(comparison, "comparison");
    }

    @Override
    public boolean matches(Object value) {
        LocalDateTime t = localTime(value);
        if (t == null) {
            return false;
        }
        long part = switch (unit) {
            case MINUTE -> t.getMinute();
            case HOUR -> t.getHour();
            case DAY -> t.getDayOfMonth();
            case WEEK -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> t.getMonthValue();
            case YEAR -> t.getYear();
        };
        return comparison.test(part);
    }

    private static LocalDateTime localTime(Object value) {
        if (value instanceof Number) {
            var instant = dev.vigil.core.event.EventTime.parse(value);
            return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (!(value instanceof String s)) {
            return null;
        }
        String t = s.trim().replace(' ', 'T');
        try {
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_DATE_TIME);
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(t).atStartOfDay();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return unit.name().toLowerCase(java.util.Locale.ROOT) + " " + comparison;
    }
}
