package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attack (whoever writes the first bytes of a log file): without a byte order mark, RecordSplitter takes a
 * file to be UTF-16LE when its second byte is zero and its first is ASCII (UTF-32LE when three zeros follow).
 * In a UTF-8 JSON-lines file, a first line holding a raw NUL as its second byte (a junk or corrupted record,
 * "A" NUL) makes the whole file be decoded as UTF-16: every honest record after it turns into mojibake and is
 * lost. One bad record should cost that record (as the docs promise for any bad record), not the file. The
 * zero-byte sniffing of RFC 4627 assumes the text is JSON from its first character; here it is not.
 *
 * <p>Found by an attack on issue 10; kept as a regression test. Fixed: without a byte order mark, three quarters of the first code units must look like ASCII in UTF-16/32.
 */
class EncodingSniffAttackTest {

    @Test
    void aFirstLineWithANulByte_doesNotTurnTheRestOfAUtf8FileIntoUtf16() throws Exception {
        String file = "A\u0000\n"
                + "{\"user\":\"alice\",\"EventID\":4625}\n"
                + "{\"user\":\"bob\",\"EventID\":4625}\n";
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.builder()
                .open(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), "security.jsonl")) {
            reader.forEach(events::add);
        }
        assertThat(events).extracting(e -> e.fields().get("user")).containsExactly("alice", "bob");
    }
}
