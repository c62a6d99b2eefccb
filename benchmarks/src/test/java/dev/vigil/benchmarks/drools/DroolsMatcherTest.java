package dev.vigil.benchmarks.drools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.alert.Detection;
import dev.vigil.core.event.Event;
import dev.vigil.core.match.Engine;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMode;
import dev.vigil.sigma.SigmaLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DRL translation of the Drools design alternative agrees with the reference evaluator, on small
 * rules covering each kind of condition (the benchmark itself checks whole lanes).
 */
class DroolsMatcherTest {

    private static final String RULES = """
            title: equals and endswith
            logsource: {product: windows, category: process_creation}
            detection:
                sel_img: {Image|endswith: ['\\\\certutil.exe', '\\\\bitsadmin.exe']}
                sel_cli: {CommandLine|contains: ['urlcache', '/transfer']}
                filter: {User: 'NT AUTHORITY\\\\SYSTEM'}
                condition: all of sel_* and not filter
            ---
            title: regex, numbers and wildcards
            logsource: {product: windows}
            detection:
                sel: {CommandLine|re: '(?i)-e(nc|ncodedcommand)? [A-Za-z0-9+/=]{8,}'}
                big: {ProcessId|gte: 30000}
                glob: {ParentImage: 'C:\\\\Windows\\\\*\\\\svc?ost.exe'}
                condition: sel or big or glob
            ---
            title: keywords
            logsource: {product: cisco}
            detection:
                keywords: ['copy running-config', 'write erase']
                condition: keywords
            ---
            title: exists, null and field references
            logsource: {product: windows}
            detection:
                has: {Hashes|exists: true}
                none: {OriginalFileName: null}
                same: {ParentImage|fieldref: Image}
                condition: has and (none or same)
            ---
            title: cased equality and nested negation
            logsource: {product: windows}
            detection:
                sel: {Computer|cased: 'HOST-B'}
                f1: {Image|endswith: '.exe'}
                f2: {TargetFilename|startswith: 'C:\\\\Users\\\\'}
                condition: sel and not (f1 and not f2)
            """;

    private static final List<Map<String, Object>> EVENTS = List.of(
            event("product", "windows", "category", "process_creation", "Image", "C:\\Windows\\System32\\certutil.exe",
                    "CommandLine", "certutil -urlcache -f http://x/a a", "User", "corp\\alice", "ProcessId", 31000,
                    "Hashes", "SHA256=AB", "OriginalFileName", null),
            event("product", "windows", "category", "file_event", "Image", "C:\\Windows\\System32\\certutil.exe",
                    "CommandLine", "certutil -urlcache -f http://x/a a", "User", "corp\\alice"),
            event("product", "windows", "category", "process_creation", "Image", "C:\\Windows\\System32\\CERTUTIL.EXE",
                    "CommandLine", "certutil -URLCACHE", "User", "NT AUTHORITY\\SYSTEM", "ProcessId", "12"),
            event("product", "windows", "Image", "C:\\Windows\\System32\\svchost.exe",
                    "ParentImage", "C:\\Windows\\System32\\svchost.exe", "CommandLine", "powershell -enc SQBFAFgAIAAoAE4A",
                    "Hashes", List.of("MD5=1", "SHA1=2")),
            event("product", "cisco", "service", "aaa", "message", "User x executed: copy running-config tftp://h/f"),
            event("product", "windows", "Computer", "HOST-B", "Image", "C:\\a.exe", "TargetFilename", "C:\\Users\\x"),
            event("product", "windows", "Computer", "host-b", "Image", "C:\\a.exe"),
            event("product", "windows", "Computer", "HOST-B", "Image", "C:\\a.dll", "nested", Map.of("k", "write erase")),
            event("message", "write ERASE now"));

    @Test
    void match_smallRules_sameAsReference() {
        for (LogsourceMode mode : List.of(LogsourceMode.IGNORE, LogsourceMode.HINTS)) {
            LoadResult loaded = SigmaLoader.builder().logsourceMode(mode).build().loadString(RULES, "rules.yml");
            assertThat(loaded.errors()).isEmpty();
            List<Rule> rules = loaded.rules();
            DroolsMatcher drools = DroolsMatcher.build(rules);
            assertThat(drools.skipped()).isEmpty();
            Engine reference = Engine.builder().addRules(rules).reference(true).build();
            List<String> byDrools = new ArrayList<>();
            List<String> byReference = new ArrayList<>();
            int detections = 0;
            try (DroolsMatcher.Session session = drools.newSession()) {
                for (Map<String, Object> fields : EVENTS) {
                    Event e = Event.of(fields);
                    session.match(e);
                    byDrools.add(Arrays.stream(session.matched()).mapToObj(i -> drools.rules().get(i).title())
                            .toList().toString());
                    List<Detection> found = reference.match(e);
                    byReference.add(found.stream().map(d -> d.rule().title()).toList().toString());
                    detections += found.size();
                }
            }
            assertThat(byDrools).as(mode.toString()).isEqualTo(byReference);
            assertThat(detections).as("the events exercise the rules").isGreaterThanOrEqualTo(6);
        }
    }

    private static Map<String, Object> event(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
