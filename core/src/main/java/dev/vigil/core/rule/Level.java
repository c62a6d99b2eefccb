package dev.vigil.core.rule;

import java.util.Locale;

/** How severe a rule's detections are, from informational to critical. Ordered by severity. */
public enum Level {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    /** Parses {@code informational|low|medium|high|critical} (any case); {@code null} for anything else. */
    public static Level parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "informational", "info" -> INFORMATIONAL;
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            case "critical" -> CRITICAL;
            default -> null;
        };
    }

    /** The lower-case name, as Sigma writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
