package dev.vigil.core.event.read;

import dev.vigil.core.Problem;
import java.util.List;

/**
 * What one {@link EventReader.Builder#readAll} run read: files opened, of which files that gave no
 * event (empty, or every record skipped), inputs that failed (a path that could not be listed or
 * opened, or a file whose reading stopped before its end, as at a damaged gzip member), events
 * delivered, records skipped as malformed, beyond a {@link ReadLimits} value or not objects, and the
 * problems found (at most the first {@link EventReader#MAX_KEPT_PROBLEMS}).
 */
public record ReadStats(long files, long filesWithoutEvents, long inputsFailed, long events, long skipped,
        List<Problem> problems) {

    public ReadStats {
        problems = List.copyOf(problems);
    }
}
