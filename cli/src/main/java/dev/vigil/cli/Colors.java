package dev.vigil.cli;

import dev.vigil.core.rule.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * ANSI colours by level for output to a terminal, and whether a standard stream is one. Colours are off
 * when the stream is not a terminal, when {@code NO_COLOR} is set to anything but the empty string
 * (no-color.org), when {@code TERM} is {@code dumb}, and with {@code --no-color}.
 */
final class Colors {

    static final String RESET = "\u001b[0m";
    private static final Map<Level, String> BY_LEVEL = Map.of(
            Level.CRITICAL, "\u001b[1;31m",   // bold red
            Level.HIGH, "\u001b[31m",         // red
            Level.MEDIUM, "\u001b[33m",       // yellow
            Level.LOW, "\u001b[32m",          // green
            Level.INFORMATIONAL, "\u001b[2m"); // dim

    private Colors() {
    }

    static String of(Level level) {
        return BY_LEVEL.get(level);
    }

    /** Whether output to file descriptor {@code fd} (1 stdout, 2 stderr) should be coloured. */
    static boolean wanted(int fd, boolean noColorOption, Map<String, String> env) {
        if (noColorOption) {
            return false;
        }
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return !"dumb".equals(env.get("TERM")) && isTerminal(fd);
    }

    /**
     * Whether file descriptor {@code fd} of this process is a terminal: on Linux, read from where
     * {@code /proc/self/fd/N} points; elsewhere, whether Java sees a console (stdin and stdout both terminals).
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            if (Files.isSymbolicLink(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // not readable here: fall back below
        }
        return System.console() != null;
    }
}
