package dev.vigil.core.event.read;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each {@link ReadLimits} value holds: the record beyond it is skipped, named by the limit, and reading goes on. */
class ReadLimitsTest {

    private record Read(List<Event> events, List<Problem> problems, long skipped) {
    }

    private static Read read(ReadLimits limits, String jsonl) {
        try (EventReader reader = EventReader.builder().limits(limits)
                .open(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "mem.jsonl")) {
            List<Event> events = new ArrayList<>();
            reader.forEach(events::add);
            return new Read(events, reader.problems(), reader.recordsSkipped());
        }
    }

    private static String nested(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Test
    void maxDepth_deeperRecordIsSkippedAndNamed_theNextIsRead() {
        ReadLimits limits = ReadLimits.builder().maxDepth(10).build();
        Read r = read(limits, nested(10) + "\n" + nested(11) + "\n{\"n\":3}\n");
        assertThat(r.events()).hasSize(2);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(2);
            assertThat(p.message()).contains("ReadLimits.maxDepth").contains("10");
        });
    }

    @Test
    void maxDepth_default_aHundredThousandLevelsIsAProblemNotAStackOverflow() {
        Read r = read(ReadLimits.defaults(), nested(100_000) + "\n{\"n\":2}\n");
        assertThat(r.events()).hasSize(1);
        assertThat(r.problems()).singleElement().extracting(Problem::message).asString()
                .contains("ReadLimits.maxDepth").contains(Integer.toString(ReadLimits.DEFAULT_MAX_DEPTH));
    }

    @Test
    void maxStringLength_longerStringIsSkippedAndNamed() {
        ReadLimits limits = ReadLimits.builder().maxStringLength(1000).build();
        Read r = read(limits, "{\"s\":\"" + "x".repeat(1000) + "\"}\n{\"s\":\"" + "x".repeat(1001) + "\"}\n");
        assertThat(r.events()).hasSize(1);
        assertThat(r.problems()).singleElement().extracting(Problem::message).asString()
                .contains("ReadLimits.maxStringLength").contains("1000");
    }

    @Test
    void maxFieldsPerRecord_countsEveryLevel() {
        ReadLimits limits = ReadLimits.builder().maxFieldsPerRecord(4).build();
        Read r = read(limits, "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}\n{\"a\":1,\"b\":{\"c\":2,\"d\":3,\"e\":4}}\n");
        assertThat(r.events()).hasSize(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(2);
            assertThat(p.message()).contains("ReadLimits.maxFieldsPerRecord").contains("4");
        });
    }

    @Test
    void maxFieldsPerRecord_isPerRecord_notPerReader() {
        ReadLimits limits = ReadLimits.builder().maxFieldsPerRecord(2).build();
        Read r = read(limits, "{\"a\":1,\"b\":2}\n".repeat(50));
        assertThat(r.events()).hasSize(50);
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void maxRecordBytes_largerRecordIsSkippedAndNamed() {
        ReadLimits limits = ReadLimits.builder().maxRecordBytes(4096).build();
        Read r = read(limits, "{\"s\":\"" + "y".repeat(5000) + "\"}\n{\"n\":2}\n");
        assertThat(r.events()).hasSize(1);
        assertThat(r.problems()).singleElement().extracting(Problem::message).asString()
                .contains("ReadLimits.maxRecordBytes").contains("4 KiB");
    }

    @Test
    void defaults_areTheDocumentedValues() {
        ReadLimits d = ReadLimits.defaults();
        assertThat(d.maxRecordBytes()).isEqualTo(64 << 20);
        assertThat(d.maxDepth()).isEqualTo(1_000);
        assertThat(d.maxStringLength()).isEqualTo(20_000_000);
        assertThat(d.maxFieldsPerRecord()).isEqualTo(100_000);
        assertThat(d.toBuilder().maxDepth(5).build().maxRecordBytes()).isEqualTo(d.maxRecordBytes());
    }

    @Test
    void builder_rejectsNonPositiveValues_namingTheLimit() {
        assertThatThrownBy(() -> ReadLimits.builder().maxDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ReadLimits.maxDepth");
    }
}
