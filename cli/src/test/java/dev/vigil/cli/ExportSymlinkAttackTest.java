package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on {@code vigil export --output DIR}: writing outside the output folder. *
 * <p>Found by an attack on issue 11; kept as regression tests. Fixed: export refuses a folder whose real path leaves --output and never writes through a link (NOFOLLOW_LINKS).
 */
class ExportSymlinkAttackTest {

    @TempDir
    Path dir;

    /**
     * Attack: the output folder (a shared or reused folder, e.g. a checked-out repository) holds a symbolic
     * link where an exported file or folder goes: {@code out/rules -> /elsewhere}, or
     * {@code out/rules/r.yml -> ~/.bashrc}. What goes wrong: the "path leaves --output" check is lexical
     * ({@code normalize()} and {@code startsWith}); {@code Files.writeString} follows the links and replaces
     * files outside the output folder. Expected: export never writes outside {@code --output}: a link is
     * refused (or replaced by a file), and the file it points to is left as it was.
     */
    @Test
    void aSymlinkInTheOutputFolder_isNotFollowed() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("r.yml"), CheckCommandTest.GOOD);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve("rules"), elsewhere);

        CliRun.of("export", "--rules", rules.toString(), "--output", out.toString());

        assertThat(elsewhere.resolve("r.yml")).as("written through out/rules -> elsewhere").doesNotExist();
    }

    /** As above, with the link on the file itself: {@code out2/rules/r.yml -> victim.txt} is overwritten. */
    @Test
    void aSymlinkedFileInTheOutputFolder_isNotOverwritten() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("r.yml"), CheckCommandTest.GOOD);
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious\n");
        Path out2 = Files.createDirectories(dir.resolve("out2/rules"));
        Files.createSymbolicLink(out2.resolve("r.yml"), victim);

        CliRun.of("export", "--rules", rules.toString(), "--output", dir.resolve("out2").toString());

        assertThat(victim).as("written through out2/rules/r.yml -> victim.txt").hasContent("precious");
    }
}
