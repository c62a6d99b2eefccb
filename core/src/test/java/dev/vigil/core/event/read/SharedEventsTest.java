package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reads the third-party sample events under the shared folder, when present. */
class SharedEventsTest {

    private static Path sharedFolder() {
        return Path.of(System.getProperty("vigil.shared", "../shared"));
    }

    @Test
    void readAll_otrfJsonLines_readsEveryRecordWithoutProblems() throws IOException {
        Path otrf = sharedFolder().resolve("events/otrf");
        assumeTrue(Files.isDirectory(otrf), "shared events not found at " + otrf.toAbsolutePath() + "; skipping");
        List<Path> files;
        try (Stream<Path> list = Files.list(otrf)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no *.jsonl under " + otrf + "; skipping");
        long records = 0;
        for (Path file : files) {
            try (Stream<String> lines = Files.lines(file)) {
                records += lines.filter(l -> !l.isBlank()).count();
            }
        }
        long[] timed = {0};

        ReadStats stats = EventReader.builder().readAll(files, e -> {
            if (e.timestamp() != null) {
                timed[0]++;
            }
        });

        assertThat(stats.problems()).isEmpty();
        assertThat(stats.files()).isEqualTo(files.size());
        assertThat(stats.events()).isEqualTo(records);
        assertThat(stats.skipped()).isZero();
        assertThat(timed[0]).isEqualTo(records);
    }
}
