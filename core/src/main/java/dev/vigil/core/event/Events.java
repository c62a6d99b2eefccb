package dev.vigil.core.event;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

final class Events {

    private Events() {
    }

    static void forEachLeaf(Object node, Consumer<Object> sink) {
        if (node instanceof Map<?, ?> map) {
            for (Object value : map.values()) {
                forEachLeaf(value, sink);
            }
        } else if (node instanceof List<?> list) {
            for (Object value : list) {
                forEachLeaf(value, sink);
            }
        } else if (node != null) {
            sink.accept(node);
        }
    }
}
