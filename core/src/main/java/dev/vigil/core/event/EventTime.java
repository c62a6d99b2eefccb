package dev.vigil.core.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the time of an event is found: the first of a list of fields that holds a readable time.
 *
 * <p>Readable times are ISO-8601 with or without offset ({@code 2020-10-18T10:56:18.799Z},
 * {@code 2020-10-18 10:56:18.799}; no offset means UTC), and numbers of epoch seconds or, when
 * larger than 10^11, epoch milliseconds. Only times from year 0 to year 9999 ({@link #EARLIEST} to
 * {@link #LATEST}) are times: anything beyond (a forged {@code +999999999-12-31T23:59:59Z}, a 100-digit
 * epoch, {@code Long.MAX_VALUE} milliseconds) is read as no time, so that no consumer overflows on it.
 */
public final class EventTime {

    /** The default time fields, tried in this order. */
    public static final List<String> DEFAULT_FIELDS = List.of(
            "@timestamp",
            "Event.System.TimeCreated.#attributes.SystemTime",
            "Event.System.TimeCreated.SystemTime",
            "TimeCreated",
            "UtcTime",
            "timestamp",
            "EventTime",
            "time",
            "date");

    /** The earliest time an event may have: 0000-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

    /** The latest time an event may have: 9999-12-31T23:59:59.999999999Z. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final BigDecimal EARLIEST_MILLIS = BigDecimal.valueOf(EARLIEST.toEpochMilli());
    private static final BigDecimal LATEST_MILLIS = BigDecimal.valueOf(LATEST.toEpochMilli());

    private static final EventTime DEFAULTS = new EventTime(DEFAULT_FIELDS);

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendLiteral(' ').appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final List<FieldPath> fields;

    private EventTime(List<String> fields) {
        List<FieldPath> paths = new ArrayList<>();
        for (String f : fields) {
            paths.add(FieldPath.of(f));
        }
        this.fields = List.copyOf(paths);
    }

    /** Time taken from {@link #DEFAULT_FIELDS}. */
    public static EventTime defaults() {
        return DEFAULTS;
    }

    /** Time taken from the first of {@code fields} (names or dotted paths) that holds a readable time. */
    public static EventTime fromFields(List<String> fields) {
        return new EventTime(fields);
    }

    /** No event time at all. */
    public static EventTime none() {
        return new EventTime(List.of());
    }

    /** The time of the event with these fields, or {@code null}. */
    public Instant of(Map<String, ?> event) {
        Instant[] found = new Instant[1];
        for (FieldPath path : fields) {
            path.resolve(event, v -> {
                if (found[0] == null) {
                    found[0] = parse(v);
                }
            });
            if (found[0] != null) {
                return found[0];
            }
        }
        return null;
    }

    /**
     * The common shapes without the cost of a formatter (and of its exceptions on a miss):
     * {@code yyyy-MM-dd[T ]HH:mm:ss[.f{1,9}][Z|±HH:mm|±HHmm]}. {@code null} for anything else, which
     * the general parsers then try.
     */
    static Instant parseCommon(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 9) {
                return null;
            }
            nanos = digits(t, start, len);
            for (int k = len; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char c = t.charAt(i);
            if ((c == 'Z' || c == 'z') && i + 1 == n) {
                offsetSeconds = 0;
            } else if (c == '+' || c == '-') {
                int oh;
                int om;
                if (n - i == 6 && t.charAt(i + 3) == ':') {
                    oh = digits(t, i + 1, 2);
                    om = digits(t, i + 4, 2);
                } else if (n - i == 5) {
                    oh = digits(t, i + 1, 2);
                    om = digits(t, i + 3, 2);
                } else {
                    return null;
                }
                if (oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
                    return null; // offsets run from -18:00 to +18:00
                }
                offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            } else {
                return null;
            }
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long secs = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(secs, nanos);
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Reads a time value as described above; {@code null} where it is not one. */
    public static Instant parse(Object value) {
        if (value instanceof Number n) {
            if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
                return null;
            }
            BigDecimal d = new BigDecimal(n.toString());
            if (d.compareTo(EARLIEST_MILLIS) < 0 || d.compareTo(LATEST_MILLIS) > 0) {
                return null; // checked before any conversion: longValue() of 1E+999999999 would never end
            }
            if (d.abs().compareTo(BigDecimal.valueOf(100_000_000_000L)) > 0) {
                return Instant.ofEpochMilli(d.longValue());
            }
            long seconds = d.longValue();
            long nanos = d.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(seconds, nanos);
        }
        if (!(value instanceof String s)) {
            return null;
        }
        String t = s.trim();
        if (t.length() < 10) {
            return null;
        }
        Instant fast = parseCommon(t);
        Instant time = fast != null ? fast : parseGeneral(t);
        return time == null || time.isBefore(EARLIEST) || time.isAfter(LATEST) ? null : time;
    }

    /** The formatter-based parsing behind {@link #parse}: every accepted shape, at a cost. */
    static Instant parseGeneral(String t) {
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through to the looser forms
        }
        try {
            var parsed = LOCAL.parse(t);
            LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed),
                    java.time.LocalTime.from(parsed));
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                    : ZoneOffset.UTC;
            return local.toInstant(offset);
        } catch (java.time.DateTimeException e) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
