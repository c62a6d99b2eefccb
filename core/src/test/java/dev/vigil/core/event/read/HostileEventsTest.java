package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import dev.vigil.core.rule.Rule;
import dev.vigil.core.rule.StringMatcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs an attacker can write into the logs Vigil reads: each is either read correctly or reported with
 * its file, position and reason, counted, and never thrown.
 */
class HostileEventsTest {

    @TempDir
    Path dir;

    /** What one reader gave. */
    record Read(List<Event> events, List<Problem> problems, long skipped, Throwable thrown) {
        List<String> messages() {
            return problems.stream().map(Problem::message).toList();
        }
    }

    private static Read read(InputStream in, String origin) {
        List<Event> events = new ArrayList<>();
        Throwable thrown = null;
        EventReader reader = EventReader.builder().open(in, origin);
        try (reader) {
            reader.forEach(events::add);
        } catch (RuntimeException | Error e) {
            thrown = e;
        }
        return new Read(events, reader.problems(), reader.recordsSkipped(), thrown);
    }

    private static Read read(byte[] content) {
        return read(new java.io.ByteArrayInputStream(content), "x.json");
    }

    private static Read read(String content) {
        return read(content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code n} bytes of {@code c}, produced as read: the whole input is never in memory. */
    private static InputStream repeated(byte c, long n) {
        return new InputStream() {
            long left = n;

            @Override
            public int read() {
                return left-- > 0 ? c : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = (int) Math.min(len, left);
                Arrays.fill(b, off, off + k, c);
                left -= k;
                return k;
            }
        };
    }

    // --- depth ---

    /**
     * An endless {@code [[[[...} with no newline is one record nested beyond ReadLimits.maxDepth: reported at
     * its start, counted, and skipped without keeping its bytes (a 256 MiB stream: more than
     * maxRecordBytes, so a reader that kept it would say "larger than", not "nested deeper").
     */
    @Test
    void endlessOpeningBrackets_areOneRecordTooDeep_reportedAtItsStart() {
        Read r = read(repeated((byte) '[', 256L << 20), "deep.json");

        assertThat(r.thrown()).isNull();
        assertThat(r.events()).isEmpty();
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where()).isEqualTo(SourcePosition.of("deep.json", 1, 2));
            assertThat(p.message()).contains("ReadLimits.maxDepth");
        });
    }

    /** In JSON Lines a too-deep line costs that line only. */
    @Test
    void aTooDeepLineInJsonLines_costsThatLineOnly() {
        String deep = "{\"a\":" + "[".repeat(5_000) + "\n";
        String deepClosed = "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}\n";
        Read r = read("{\"n\":1}\n" + deep + "{\"n\":2}\n" + deepClosed + "{\"n\":3}\n");

        assertThat(r.thrown()).isNull();
        assertThat(r.events()).extracting(e -> e.fields().get("n")).containsExactly(1, 2, 3);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.problems()).extracting(Problem::where)
                .containsExactly(SourcePosition.of("x.json", 2, 1), SourcePosition.of("x.json", 4, 1));
        assertThat(r.messages()).allSatisfy(m -> assertThat(m).contains("ReadLimits.maxDepth"));
    }

    // --- many fields ---

    @Test
    void millionsOfTinyFields_areOneRecordBeyondMaxFieldsPerRecord() {
        StringBuilder sb = new StringBuilder("{\"ok\":0}\n{");
        for (int i = 0; i < 2_000_000; i++) {
            sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        sb.append("}\n{\"ok\":1}\n");
        Read r = read(sb.toString());

        assertThat(r.thrown()).isNull();
        assertThat(r.events()).hasSize(2);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().line()).isEqualTo(2);
            assertThat(p.message()).contains("ReadLimits.maxFieldsPerRecord");
        });
    }

    @Test
    void millionsOfArrayElements_inARecord_areBeyondMaxFieldsPerRecord() {
        Read r = read("{\"a\":[" + "1,".repeat(2_000_000) + "1]}\n{\"ok\":1}\n");

        assertThat(r.thrown()).isNull();
        assertThat(r.events()).hasSize(1);
        assertThat(r.messages()).singleElement().asString().contains("ReadLimits.maxFieldsPerRecord");
    }

    /** A top-level array of a million numbers: every element is a record that is not an object, each counted. */
    @Test
    void aTopLevelArrayOfMillionsOfNumbers_countsEachAsSkipped() {
        int n = 1_000_000;
        Read r = read("[" + "1,".repeat(n - 1) + "1]");

        assertThat(r.thrown()).isNull();
        assertThat(r.events()).isEmpty();
        assertThat(r.skipped()).isEqualTo(n);
        assertThat(r.problems()).hasSize(EventReader.MAX_KEPT_PROBLEMS);
        assertThat(r.problems().get(0).message()).isEqualTo("expected a JSON object, found: 1");
    }

    // --- truncation ---

    @Test
    void aRecordCutInsideAnArray_isReportedAndCounted() {
        Read r = read("{\"n\":1}\n{\"n\":2,\"a\":[1,2,{\"b\":[");

        assertThat(r.events()).hasSize(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.where().line()).isEqualTo(2));
    }

    @Test
    void aTopLevelArrayCutInsideAnElement_keepsTheElementsBefore() {
        Read r = read("[\n{\"n\":1},\n{\"n\":2,\"a\":[1,2");

        assertThat(r.events()).hasSize(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.where().line()).isEqualTo(3));
    }

    // --- gzip ---

    @Test
    void multiMemberGzip_readsEveryMember() {
        Read r = read(concat(gzip("{\"n\":1}\n"), gzip("{\"n\":2}\n"), gzip("{\"n\":3}\n")));

        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).extracting(e -> e.fields().get("n")).containsExactly(1, 2, 3);
    }

    /** A damaged second member: the first member's records are kept, the damage reported, nothing thrown. */
    @Test
    void multiMemberGzip_withADamagedSecondMemberBody_keepsTheFirstAndReportsTheDamage() {
        byte[] second = gzip("{\"n\":2}\n".repeat(1000));
        for (int i = 12; i < second.length - 8; i++) {
            second[i] = (byte) 0xff;
        }
        Read r = read(concat(gzip("{\"n\":1}\n"), second));

        assertThat(r.thrown()).isNull();
        assertThat(r.events()).extracting(e -> e.fields().get("n")).containsExactly(1);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.where().file()).isEqualTo("x.json");
            assertThat(p.message()).startsWith("cannot read further:").contains("gzip member 2");
        });
    }

    /** A second member whose header is damaged is not taken for the end of the file: it is reported. */
    @Test
    void multiMemberGzip_withADamagedSecondMemberHeader_isReportedNotIgnored() {
        byte[] second = gzip("{\"n\":2}\n");
        second[2] = 7; // compression method: not deflate
        Read r = read(concat(gzip("{\"n\":1}\n"), second));

        assertThat(r.events()).hasSize(1);
        assertThat(r.messages()).singleElement().asString().startsWith("cannot read further:")
                .contains("gzip member 2");
    }

    @Test
    void gzipWithAWrongChecksum_isReported() {
        byte[] gz = gzip("{\"n\":1}\n");
        gz[gz.length - 8] ^= 1;
        Read r = read(gz);

        assertThat(r.messages()).singleElement().asString().contains("CRC");
    }

    @Test
    void gzipWithTrailingGarbage_isReported() {
        Read r = read(concat(gzip("{\"n\":1}\n"), "garbage".getBytes(StandardCharsets.US_ASCII)));

        assertThat(r.events()).hasSize(1);
        assertThat(r.messages()).singleElement().asString().contains("gzip member 2");
    }

    // --- encodings ---

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-8", "UTF-32LE", "UTF-32BE"})
    void filesWithAByteOrderMark_areReadInTheirEncoding(String charset) {
        String content = "\uFEFF{\"user\":\"J\u00f6rg \u4e2d \uD83D\uDE00\"}\n{\"n\":2}\n";
        Read r = read(content.getBytes(Charset.forName(charset)));

        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).extracting(e -> e.fields().get("user"))
                .containsExactly("J\u00f6rg \u4e2d \uD83D\uDE00", null);
        assertThat(r.events()).extracting(e -> e.source().line()).containsExactly(1, 2);
    }

    @Test
    void gzippedUtf16_isReadToo() {
        byte[] utf16 = "\uFEFF{\"n\":1}\n".getBytes(StandardCharsets.UTF_16LE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Read r = read(out.toByteArray());

        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).extracting(e -> e.fields().get("n")).containsExactly(1);
    }

    // --- duplicate keys ---

    /**
     * A key given twice holds every value given, in order, so a rule on either value matches and an
     * analyst sees both; the record is read, with a warning naming the key.
     */
    @Test
    void aDuplicateKey_holdsEveryValue_andIsReported() {
        Read r = read("{\"user\":\"alice\",\"n\":1,\"user\":\"admin\",\"user\":[\"x\"]}\n");

        assertThat(r.events()).singleElement().satisfies(e ->
                assertThat(e.fields().get("user")).isEqualTo(List.of("alice", "admin", List.of("x"))));
        assertThat(r.skipped()).isZero();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.where().line()).isEqualTo(1);
            assertThat(p.message()).isEqualTo("duplicate key 'user': all its values kept, as a list");
        });
    }

    @Test
    void aDuplicateKeyWithNullAndNestedObjects_keepsThemAll() {
        Read r = read("{\"a\":null,\"a\":{\"b\":1},\"o\":{\"k\":1,\"k\":2}}\n");

        Event e = r.events().get(0);
        assertThat(e.fields().get("a")).isEqualTo(Arrays.asList(null, java.util.Map.of("b", 1)));
        assertThat(e.fields().get("o")).isEqualTo(java.util.Map.of("k", List.of(1, 2)));
        assertThat(r.messages()).containsExactly("duplicate keys 'a', 'k': all their values kept, as lists");
    }

    /**
     * What a rule sees is what an analyst sees in the file: with a key given twice, a rule on either value
     * matches (a filter on the other cannot hide it from a rule that names it), in both engines; a flat
     * dotted key and the nested path of the same name are both seen.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rulesSeeEveryValueOfADuplicateKey_andBothFlatAndNestedKeys(boolean reference) {
        Engine engine = Engine.builder().reference(reference).addRules(List.of(
                rule("alice", "user", "alice"), rule("admin", "user", "admin"),
                rule("flat", "a.b", "flat"), rule("nested", "a.b", "nested"))).build();
        Read r = read("{\"user\":\"alice\",\"user\":\"admin\"}\n{\"a.b\":\"flat\",\"a\":{\"b\":\"nested\"}}\n");

        assertThat(engine.match(r.events().get(0))).extracting(d -> d.rule().id()).containsExactly("alice", "admin");
        assertThat(engine.match(r.events().get(1))).extracting(d -> d.rule().id()).containsExactly("flat", "nested");
    }

    private static Rule rule(String id, String field, String value) {
        return Rule.builder().id(id)
                .condition(new Condition.Match(FieldRef.of(field), StringMatcher.equalTo(value, false))).build();
    }

    // --- folders ---

    @Test
    void folderLinks_fileLinksFollowedOnce_folderLinksAndLoopsReported() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path real = Files.writeString(logs.resolve("real.jsonl"), "{\"n\":1}\n");
        Files.createSymbolicLink(logs.resolve("alias.jsonl"), real);
        Path outside = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("o.jsonl"),
                "{\"n\":2}\n");
        Files.createSymbolicLink(logs.resolve("linked.jsonl"), outside);
        Files.createSymbolicLink(logs.resolve("loop.jsonl"), logs.resolve("loop.jsonl"));
        Files.createSymbolicLink(logs.resolve("broken.jsonl"), dir.resolve("missing.jsonl"));
        Files.createSymbolicLink(logs.resolve("up"), dir);
        List<Object> seen = new ArrayList<>();

        ReadStats stats = EventReader.builder().readAll(List.of(logs), e -> seen.add(e.fields().get("n")));

        assertThat(seen).as("the linked file is read; the same file through two names is read once")
                .containsExactlyInAnyOrder(1, 2);
        assertThat(stats.files()).isEqualTo(2);
        assertThat(stats.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                logs.resolve("broken.jsonl") + ": cannot open: broken link",
                logs.resolve("loop.jsonl") + ": cannot open: link loop",
                logs.resolve("up") + ": link to a folder, not followed");
        assertThat(stats.inputsFailed()).isEqualTo(2);
    }

    /** A file that cannot be opened (a socket here; permission denied where not root) is reported and counted. */
    @Test
    void aFileThatCannotBeOpened_isReportedAndCounted() throws IOException {
        Path good = Files.writeString(dir.resolve("good.jsonl"), "{\"n\":1}\n");
        Path locked = Files.writeString(dir.resolve("locked.jsonl"), "{\"n\":2}\n");
        boolean lockable = locked.toFile().setReadable(false, false) && !Files.isReadable(locked);
        Path socket = dir.resolve("socket.jsonl");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
            List<Path> paths = lockable ? List.of(socket, locked, good) : List.of(socket, good);

            ReadStats stats = EventReader.builder().readAll(paths, e -> { });

            assertThat(stats.events()).isEqualTo(1);
            assertThat(stats.inputsFailed()).isEqualTo(paths.size() - 1);
            assertThat(stats.problems()).extracting(p -> p.where().file()).contains(socket.toString());
            assertThat(stats.problems()).allSatisfy(p -> assertThat(p.message()).startsWith("cannot open: "));
            if (lockable) {
                assertThat(stats.problems()).extracting(Problem::toString)
                        .contains(locked + ": cannot open: permission denied");
            }
        }
    }

    /** A file whose reading stopped early (a damaged gzip) counts as failed, beside its events. */
    @Test
    void aFileCutShort_countsAsFailed() throws IOException {
        byte[] gz = gzip("{\"n\":1}\n".repeat(10_000));
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(gz, gz.length / 2));

        ReadStats stats = EventReader.builder().readAll(List.of(cut), e -> { });

        assertThat(stats.events()).isPositive();
        assertThat(stats.inputsFailed()).isEqualTo(1);
    }
}
