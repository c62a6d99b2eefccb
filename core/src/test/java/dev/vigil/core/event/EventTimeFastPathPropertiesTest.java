package dev.vigil.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written parser of the common timestamp shapes ({@link EventTime#parseCommon}) is a shortcut
 * only: whatever it accepts, the formatter-based parsing reads as the same instant. Event time drives
 * correlation windows, so a shortcut that disagreed would move events between windows silently.
 */
class EventTimeFastPathPropertiesTest {

    /** Timestamps near the accepted shapes: valid and invalid fields, offsets, fractions, separators. */
    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<String> year = Arbitraries.of("2024", "0000", "1970", "9999", "2023", "20x4");
        Arbitrary<String> two = Arbitraries.of("00", "01", "02", "09", "12", "13", "23", "24", "28", "29", "30", "31",
                "59", "60", "99", "1a");
        Arbitrary<String> sep = Arbitraries.of("T", " ", "t", "_");
        Arbitrary<String> fraction = Arbitraries.of("", ".", ".1", ".123", ".123456789", ".1234567891", ".x");
        Arbitrary<String> zone = Arbitraries.of("", "Z", "z", "+00:00", "-05:30", "+0530", "+18:00", "+18:30",
                "-18:00", "+19:00", "+05:60", "+5:30", "+05:3", "Zx", "+05:30x", " Z");
        Arbitrary<String> date = Combinators.combine(year, two, two).as((y, mo, d) -> y + "-" + mo + "-" + d);
        Arbitrary<String> time = Combinators.combine(two, two, two).as((h, mi, se) -> h + ":" + mi + ":" + se);
        return Combinators.combine(date, sep, time, fraction, zone).as((d, s, t, f, z) -> d + s + t + f + z);
    }

    @Property(tries = 30000, seed = "20261128")
    void theShortcutAgreesWithTheFormatters(@ForAll("timestamps") String t) {
        var fast = EventTime.parseCommon(t);
        if (fast != null) {
            assertThat(EventTime.parseGeneral(t)).as(t).isEqualTo(fast);
        }
    }
}
