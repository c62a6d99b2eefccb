package dev.vigil.core.event.read;

import dev.vigil.core.event.read.BinXml.Attribute;
import dev.vigil.core.event.read.BinXml.Element;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's XML tree in the JSON shape {@code evtx_dump} prints, so that the same field paths and rules
 * serve a native .evtx file and its {@code evtx_dump} export:
 *
 * <ul>
 *   <li>an element with neither child elements nor attributes is its content: {@code "EventID": 4624}; a
 *       single integer or boolean stays a number or boolean, any other content is text, a single array a list
 *       (of one item: the item);
 *       an empty one is {@code null};
 *   <li>otherwise an object: non-empty attributes under {@code "#attributes"}, text under {@code "#text"},
 *       child elements by name, a repeated name numbered {@code Name_1}, {@code Name_2}, ...;
 *   <li>in {@code EventData} and {@code UserData}, {@code <Data Name="X">v</Data>} becomes {@code "X": v}
 *       (an empty one {@code ""}; a name given twice keeps both values, as a list, as the JSON reader does
 *       with a repeated key); unnamed {@code Data} elements become {@code "Data": {"#text": v}}, a list
 *       where there are several (the items of an array value each count as one, as Windows shows them).
 * </ul>
 */
final class EvtxJson {

    private EvtxJson() {
    }

    /** {@code {"Event": ...}} for a record whose content is {@code nodes}; null where it has no element. */
    static Map<String, Object> record(List<Object> nodes) {
        for (Object node : nodes) {
            if (node instanceof Element root) {
                Map<String, Object> map = new LinkedHashMap<>(2);
                map.put(root.name(), value(root, false));
                return map;
            }
        }
        return null;
    }

    private static Object value(Element e, boolean dataContainer) {
        boolean children = hasElement(e.content());
        boolean attributes = hasAttributeText(e.attributes());
        if (!children && !attributes) {
            return hasText(e.content()) ? content(e.content()) : null;
        }
        return object(e, dataContainer);
    }

    private static Map<String, Object> object(Element e, boolean dataContainer) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (hasAttributeText(e.attributes())) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Attribute a : e.attributes()) {
                if (hasText(a.value())) {
                    attributes.put(a.name(), content(a.value()));
                }
            }
            map.put("#attributes", attributes);
        }
        if (hasText(e.content())) {
            map.put("#text", content(e.content()));
        }
        boolean named = dataContainer && hasNamedData(e.content());
        List<Object> unnamed = null;
        Map<String, Integer> seen = null;
        for (Object node : e.content()) {
            if (!(node instanceof Element child)) {
                continue;
            }
            if (dataContainer && child.name().equals("Data")) {
                if (named) {
                    List<Object> name = attribute(child, "Name");
                    if (name != null && hasText(name)) {
                        putAll(map, text(name), dataValue(child));
                    }
                } else {
                    if (unnamed == null) {
                        unnamed = new ArrayList<>();
                        Map<String, Object> data = new LinkedHashMap<>(2);
                        data.put("#text", unnamed);
                        map.put("Data", data);
                    }
                    Object v = dataValue(child);
                    if (v instanceof List<?> array && !(v instanceof Repeated)) {
                        unnamed.addAll(array); // Windows shows each item of an array as a Data element of its own
                    } else {
                        unnamed.add(v);
                    }
                }
                continue;
            }
            if (seen == null) {
                seen = new HashMap<>();
            }
            int n = seen.merge(child.name(), 1, Integer::sum);
            String key = n == 1 ? child.name() : child.name() + "_" + (n - 1);
            map.put(key, value(child, child.name().equals("EventData") || child.name().equals("UserData")));
        }
        if (unnamed != null && unnamed.size() == 1) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) map.get("Data");
            data.put("#text", unnamed.get(0));
        }
        return map;
    }

    /** A key given twice keeps both values, in order, as a list. */
    @SuppressWarnings("unchecked")
    private static void putAll(Map<String, Object> map, String key, Object value) {
        if (!map.containsKey(key)) {
            map.put(key, value);
            return;
        }
        Object earlier = map.get(key);
        if (earlier instanceof Repeated list) {
            list.add(value);
        } else {
            Repeated list = new Repeated();
            list.add(earlier);
            list.add(value);
            map.put(key, list);
        }
    }

    /** The values of a repeated Data name; a list of its own type so that a list value is told apart. */
    private static final class Repeated extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    private static Object dataValue(Element data) {
        if (hasElement(data.content())) {
            return object(data, false);
        }
        return hasText(data.content()) ? content(data.content()) : "";
    }

    private static boolean hasNamedData(List<Object> content) {
        for (Object node : content) {
            if (node instanceof Element child && child.name().equals("Data")) {
                List<Object> name = attribute(child, "Name");
                if (name != null && hasText(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Object> attribute(Element e, String name) {
        for (Attribute a : e.attributes()) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    private static boolean hasElement(List<Object> content) {
        for (Object node : content) {
            if (node instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAttributeText(List<Attribute> attributes) {
        for (Attribute a : attributes) {
            if (hasText(a.value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasText(List<Object> content) {
        for (Object node : content) {
            if (!(node instanceof Element) && !(node instanceof String s && s.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /** Character content: one number, boolean or list as itself, anything else as its text. */
    private static Object content(List<Object> content) {
        Object single = null;
        int values = 0;
        for (Object node : content) {
            if (!(node instanceof Element) && !(node instanceof String s && s.isEmpty())) {
                single = node;
                values++;
            }
        }
        if (values == 1 && single instanceof List<?> array && array.size() <= 1) {
            return array.isEmpty() ? "" : array.get(0);
        }
        if (values == 1 && !(single instanceof String)) {
            return single;
        }
        return text(content);
    }

    private static String text(List<Object> content) {
        if (content.size() == 1 && content.get(0) instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (Object node : content) {
            if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(list.get(i));
                }
            } else if (!(node instanceof Element)) {
                sb.append(node);
            }
        }
        return sb.toString();
    }
}
