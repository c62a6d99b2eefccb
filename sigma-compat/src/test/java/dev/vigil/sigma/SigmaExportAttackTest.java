package dev.vigil.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attacks on {@link SigmaExport}: YAML scalars and keys that load back as something else. *
 * <p>Found by an attack on issue 11; kept as regression tests. Fixed: export writes through SnakeYAML with every string and key double-quoted and numbers as the values YAML read (010 as 8).
 */
class SigmaExportAttackTest {

    private static final SigmaLoader LOADER = SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build();

    private static String rule(String selection) {
        return "title: t\nid: 00000000-0000-4000-8000-0000000000a1\nlogsource: {product: test}\ndetection:\n"
                + "    sel:\n        " + selection + "\n    condition: sel\n";
    }

    private static String export(String yaml) {
        SigmaExport.Result r = SigmaExport.of(List.of(), List.of(new SigmaText("x.yml", yaml)));
        assertThat(r.files()).hasSize(1);
        return r.files().get(0).yaml();
    }

    private static Rule load(String yaml) {
        LoadResult lr = LOADER.loadString(yaml, "x.yml");
        assertThat(lr.problems()).as("problems loading%n%s", yaml).isEmpty();
        return lr.rules().get(0);
    }

    /**
     * Attack: an octal number ({@code EventID: 0o10}, the number 8 in the YAML 1.2 core schema) and a decimal
     * with a leading zero ({@code 010}, text). What went wrong: the export wrote numbers "as written", so the
     * number came back as a string that no longer matched {@code EventID: 8}. Expected: an exported rule loads
     * back and behaves identically (issue 11).
     */
    @Test
    void anOctalNumberStaysANumber_andALeadingZeroStaysText() {
        String yaml = rule("EventID: 0o10");
        Event eight = Event.of(Map.of("EventID", 8));
        assertThat(load(yaml).matches(eight)).as("the rule as written matches EventID 8").isTrue();
        String out = export(yaml);
        assertThat(load(out).matches(eight)).as("the exported rule matches EventID 8:%n%s", out).isTrue();

        String text = rule("EventID: 010");
        Event written = Event.of(Map.of("EventID", "010"));
        assertThat(load(text).matches(written)).isTrue();
        assertThat(load(text).matches(eight)).isFalse();
        String textOut = export(text);
        assertThat(load(textOut).matches(written)).as("%s", textOut).isTrue();
        assertThat(load(textOut).matches(eight)).isFalse();
    }

    /**
     * Attack: a quoted key {@code '<<'} (a plain field or custom key named {@code <<}, not a merge key). What
     * goes wrong: the export writes the key plain ({@code <<: ...}), which YAML reads as a merge key; the
     * exported file fails to load ("the merge key << takes a map ..."). Expected: the key is quoted and the
     * document loads back the same.
     */
    @Test
    void aQuotedMergeKeyStaysAKey() {
        String yaml = rule("A: x") + "custom:\n    '<<': x\n";
        load(yaml);
        String out = export(yaml);
        load(out);
    }

    /**
     * Attack: a key holding a next-line character (U+0085), written in a double-quoted key
     * ({@code "A\u0085": x}, a field whose name contains it). What goes wrong: the export writes the key in single
     * quotes with the raw character, which a YAML reader folds as a line break into a space: the field is
     * renamed to {@code "A "} and the rule no longer matches the event it matched. Expected: the same key.
     */
    @Test
    void aKeyWithANextLineCharacterKeepsIt() {
        String yaml = rule("\"A\\u0085\": x");
        Event e = Event.of(Map.of("A\u0085", "x"));
        assertThat(load(yaml).matches(e)).isTrue();
        String out = export(yaml);
        assertThat(load(out).matches(e)).as("exported:%n%s", out).isTrue();
    }
}
