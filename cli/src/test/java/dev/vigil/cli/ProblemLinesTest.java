package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every damaged input gets its own lines: the limit is per input and kind, with a cap on the whole. */
class ProblemLinesTest {

    private static List<String> print(int files, int perFile, boolean records) {
        StringWriter out = new StringWriter();
        ProblemLines lines = new ProblemLines(new PrintWriter(out, true), 20);
        for (int f = 0; f < files; f++) {
            for (int i = 0; i < perFile; i++) {
                lines.accept(Problem.warning(SourcePosition.of("f" + f + ".evtx", records ? i + 1 : 0),
                        "chunk " + i + ": records checksum does not match"));
            }
        }
        lines.finish();
        return out.toString().lines().toList();
    }

    @Test
    void oneDamagedFile_doesNotHideTheDamageOfTheNext() {
        List<String> out = print(2, 25, false);
        assertThat(out).filteredOn(l -> l.contains("f0.evtx")).hasSize(20);
        assertThat(out).filteredOn(l -> l.contains("f1.evtx")).hasSize(20);
        assertThat(out).last().isEqualTo("... 10 more event problems");
    }

    @Test
    void manyFiles_areCappedInAll_andTheRestCounted() {
        List<String> out = print(200, 10, true);
        assertThat(out).hasSize(ProblemLines.MAX_LINES + 1);
        assertThat(out).last().isEqualTo("... " + (2000 - ProblemLines.MAX_LINES) + " more event problems");
    }
}
