package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a progress display reads while a hunt runs: files and bytes listed first, then done as they are read. */
class ReadProgressTest {

    @TempDir
    Path dir;

    @Test
    void listsTheInputsFirst_thenCountsFilesBytesAndEventsAsTheyAreRead() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jsonl"), "{\"x\":1}\n{\"x\":2}\n");
        Path b = Files.writeString(dir.resolve("b.jsonl"), "{\"x\":3}\nbroken\n");
        Path missing = dir.resolve("missing.jsonl");
        ReadProgress progress = new ReadProgress();
        AtomicLong listedBeforeFirstEvent = new AtomicLong(-1);
        ReadStats stats = EventReader.builder().progress(progress).readAll(List.of(a, b, missing), e -> {
            listedBeforeFirstEvent.compareAndSet(-1, progress.bytes());
        });
        long size = Files.size(a) + Files.size(b);
        assertThat(listedBeforeFirstEvent.get()).isEqualTo(size);
        assertThat(progress.files()).isEqualTo(3);
        assertThat(progress.filesDone()).isEqualTo(3);
        assertThat(progress.bytesDone()).isEqualTo(size);
        assertThat(progress.events()).isEqualTo(stats.events()).isEqualTo(3);
        assertThat(progress.current()).isNull();
    }
}
