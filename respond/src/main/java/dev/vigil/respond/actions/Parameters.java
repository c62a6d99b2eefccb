package dev.vigil.respond.actions;

import java.util.Map;

/** Reading an action's route parameters; a bad value is a {@link BadConfiguration}, never retried. */
final class Parameters {

    private Parameters() {
    }

    /** A configuration that cannot work however often it is tried: becomes a non-retryable failure. */
    static final class BadConfiguration extends Exception {
        private static final long serialVersionUID = 1L;

        BadConfiguration(String message) {
            super(message, null, false, false);
        }
    }

    static String required(Map<String, String> p, String name) throws BadConfiguration {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            throw new BadConfiguration("parameter '" + name + "' is required");
        }
        return v;
    }

    /** A whole number of milliseconds in [1, max], or {@code dflt} when absent. */
    static long millis(Map<String, String> p, String name, long dflt, long max) throws BadConfiguration {
        String v = p.get(name);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new BadConfiguration("parameter '" + name + "' is not a whole number of milliseconds");
        }
        if (n < 1 || n > max) {
            throw new BadConfiguration("parameter '" + name + "' is out of range 1.." + max);
        }
        return n;
    }

    /**
     * {@code text} made fit for one line of a log or a failure reason: control characters (CR, LF, tab,
     * escape, ...) written as {@code \\uXXXX}, cut at {@code max} characters. The text may come from an
     * attacker (an event's file name, a server's answer).
     */
    static String oneLine(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (b.length() >= max) {
                b.append("...");
                break;
            }
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
