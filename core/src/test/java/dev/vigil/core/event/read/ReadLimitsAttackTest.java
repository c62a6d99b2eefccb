package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile records against ReadLimits: empty containers, depth at and over the cap, long field names. */
class ReadLimitsAttackTest {

    private record Read(List<Event> events, List<Problem> problems, Throwable thrown) {
    }

    private static Read read(String input, ReadLimits limits) {
        List<Event> events = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Throwable thrown = null;
        try (EventReader r = EventReader.builder().limits(limits)
                .open(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "x.jsonl")) {
            try {
                r.forEach(events::add);
            } catch (Throwable t) {
                thrown = t;
            }
            problems.addAll(r.problems());
        }
        return new Read(events, problems, thrown);
    }

    /** Array elements (empty objects included) count toward maxFieldsPerRecord, so a small gzip cannot fill the heap. */
    @Test
    void emptyObjectsInAnArray_countTowardMaxFieldsPerRecord() {
        int n = 100_000;
        String input = "{\"a\":[" + "{},".repeat(n - 1) + "{}]}\n{\"ok\":1}\n";
        Read r = read(input, ReadLimits.builder().maxFieldsPerRecord(100).build());
        assertThat(r.thrown()).isNull();
        assertThat(r.events().size()).as("the record with 100,000 objects is beyond a 100-field limit").isEqualTo(1);
        assertThat(r.problems()).singleElement().extracting(Problem::message).asString().contains("ReadLimits.");
    }

    /**
     * The reader recurses once per level; maxDepth is capped (ReadLimits.MAX_DEPTH_CAP) so that a raised
     * limit cannot let a record overflow the stack: a record at the cap is read, a deeper one reported,
     * and a limit above the cap is refused when it is set.
     */
    @Test
    void maxDepth_isCapped_andARecordAtTheCapIsRead_notAStackOverflow() {
        int cap = ReadLimits.MAX_DEPTH_CAP;
        String atCap = "{\"a\":" + "[".repeat(cap - 1) + "]".repeat(cap - 1) + "}\n";
        String deeper = "{\"a\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}\n";
        Read r = read(atCap + deeper + "{\"ok\":1}\n", ReadLimits.builder().maxDepth(cap).build());
        assertThat(r.thrown()).as("bad content never throws").isNull();
        assertThat(r.events()).hasSize(2);
        assertThat(r.problems()).singleElement().extracting(Problem::message).asString().contains("ReadLimits.maxDepth");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReadLimits.builder().maxDepth(cap + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most " + cap);
    }

    /** A field name over the limit is reported as ReadLimits.maxFieldNameLength. */
    @Test
    void aLongFieldName_isReportedAsAReadLimitsValue() {
        String input = "{\"" + "n".repeat(50_001) + "\":1}\n{\"ok\":1}\n";
        Read r = read(input, ReadLimits.defaults());
        assertThat(r.events()).hasSize(1);
        assertThat(r.problems()).singleElement().extracting(Problem::message).asString()
                .contains("ReadLimits.").doesNotContain("StreamReadConstraints");
    }
}
