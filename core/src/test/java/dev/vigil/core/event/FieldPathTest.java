package dev.vigil.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldPathTest {

    private static List<Object> values(String path, Object root) {
        List<Object> out = new ArrayList<>();
        FieldPath.of(path).resolve(root, out::add);
        return out;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void resolve_plainName_findsTopLevelValue() {
        assertThat(values("Image", map("Image", "C:\\cmd.exe"))).containsExactly("C:\\cmd.exe");
    }

    @Test
    void resolve_flatDottedKey_findsItAsOneKey() {
        assertThat(values("process.name", map("process.name", "cmd.exe"))).containsExactly("cmd.exe");
    }

    @Test
    void resolve_dottedPath_findsNestedValue() {
        assertThat(values("process.name", map("process", map("name", "cmd.exe")))).containsExactly("cmd.exe");
    }

    @Test
    void resolve_mixedFlatAndNested_findsEveryGrouping() {
        Map<String, Object> event = map(
                "a", map("b.c", 1, "b", map("c", 2)),
                "a.b", map("c", 3),
                "a.b.c", 4);

        assertThat(values("a.b.c", event)).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void resolve_arrayOnTheWay_walksElements() {
        Map<String, Object> event = map("procs", List.of(map("name", "a"), map("name", "b"), map("other", "c")));

        assertThat(values("procs.name", event)).containsExactly("a", "b");
    }

    @Test
    void resolve_arrayAtTheEnd_feedsEachElement() {
        assertThat(values("tags", map("tags", List.of("x", List.of("y", "z"))))).containsExactly("x", "y", "z");
    }

    @Test
    void resolve_starSegment_matchesAnyKeyAtItsLevel() {
        Map<String, Object> event = map("EventData", map("Image", "a.exe", "ParentImage", "b.exe"));

        assertThat(values("EventData.*", event)).containsExactlyInAnyOrder("a.exe", "b.exe");
        assertThat(values("*.Image", event)).containsExactly("a.exe");
    }

    @Test
    void resolve_textNode_standsForItsText() {
        Map<String, Object> event = map("Event", map("System", map(
                "EventID", map("#text", 4688, "#attributes", map("Qualifiers", "")))));

        assertThat(values("Event.System.EventID", event)).containsExactly(4688);
        assertThat(values("Event.System.EventID.#attributes.Qualifiers", event)).containsExactly("");
    }

    @Test
    void resolve_missingPath_returnsFalseAndFeedsNothing() {
        List<Object> out = new ArrayList<>();

        boolean found = FieldPath.of("a.x").resolve(map("a", map("b", 1)), out::add);

        assertThat(found).isFalse();
        assertThat(out).isEmpty();
    }

    @Test
    void resolve_pathThroughScalar_isMissing() {
        assertThat(FieldPath.of("a.b").existsIn(map("a", "text"))).isFalse();
    }

    @Test
    void existsIn_nullValue_isTrue() {
        Map<String, Object> event = map("a", null, "b", map("c", null));

        assertThat(FieldPath.of("a").existsIn(event)).isTrue();
        assertThat(FieldPath.of("b.c").existsIn(event)).isTrue();
        assertThat(FieldPath.of("a.c").existsIn(event)).isFalse();
        assertThat(values("a", event)).isEqualTo(Arrays.asList((Object) null));
    }

    @Test
    void existsIn_emptyArray_isTrueButFeedsNothing() {
        List<Object> out = new ArrayList<>();

        assertThat(FieldPath.of("a").resolve(map("a", List.of()), out::add)).isTrue();
        assertThat(out).isEmpty();
    }

    @Test
    void of_emptyPath_throws() {
        assertThatThrownBy(() -> FieldPath.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equals_samePathText_isEqual() {
        assertThat(FieldPath.of("a.b")).isEqualTo(FieldPath.of("a.b")).hasSameHashCodeAs(FieldPath.of("a.b"));
        assertThat(FieldPath.of("a.b")).isNotEqualTo(FieldPath.of("a.c"));
        assertThat(FieldPath.of("a.b").text()).isEqualTo("a.b");
    }
}
