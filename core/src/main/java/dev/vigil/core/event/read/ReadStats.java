package dev.vigil.core.event.read;

import dev.vigil.core.Problem;
import java.util.List;

/**
 * What one {@link EventReader.Builder#readAll} run read: files opened, of which files that gave no
 * event (empty, or every record skipped), events delivered, records skipped as malformed or not
 * objects, and the problems found (at most the first {@link EventReader#MAX_KEPT_PROBLEMS}), files
 * that could not be opened or listed included.
 */
public record ReadStats(long files, long filesWithoutEvents, long events, long skipped, List<Problem> problems) {

    public ReadStats {
        problems = List.copyOf(problems);
    }
}
