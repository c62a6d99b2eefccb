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
 *       where there are several (the items of an array value each count as one, as Windows shows them);
 *   <li>no value is ever dropped for its name: where a child element's key is already taken (a named Data
 *       {@code CommandLine} and an element {@code <CommandLine/>}, an element named {@code #text}), or an
 *       attribute is given twice, the key keeps every value, in order, as a list, as for a repeated Data name.
 * </ul>
 *
 * <p>Each record is held to its {@link ReadLimits}: {@code maxStringLength} for every text (including text
 * joined from many values), {@code maxFieldNameLength} for every key, and {@code maxRecordBytes} for its
 * {@link #weight()}, about the size of its JSON form, so that a record expanded by its templates costs no
 * more than a JSON record may. Not thread-safe: one instance per record.
 */
final class EvtxJson {

    /**
     * What one value costs in {@link #weight()} besides its text: about the quotes, colon and comma of its JSON
     * form, and what an object member costs in memory over its characters.
     */
    static final int VALUE_WEIGHT = 8;

    /** Thrown where the record would take its chunk past the budget it was given; the record is not lost. */
    static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super(null, null, false, false);
        }
    }

    private final int maxString;
    private final int maxName;
    private final long maxRecord;
    private final long budget;
    private long weight;

    /**
     * One record's conversion, held to {@code limits} ({@code maxStringLength}, {@code maxFieldNameLength}, and
     * {@code maxRecordBytes} for its {@link #weight()}) and to {@code budget}, what its chunk may still expand to.
     */
    EvtxJson(ReadLimits limits, long budget) {
        this.maxString = limits.maxStringLength();
        this.maxName = limits.maxFieldNameLength();
        this.maxRecord = limits.maxRecordBytes();
        this.budget = budget;
    }

    /**
     * What the record expanded to: the characters of its names and text values, and {@link #VALUE_WEIGHT} for
     * each value, about the size of its JSON form.
     */
    long weight() {
        return weight;
    }

    /**
     * {@code {"Event": ...}} for a record whose content is {@code nodes}; null where it has no element.
     *
     * @throws EvtxFormatException where a string, a name or the record exceeds its {@link ReadLimits} value
     * @throws OverBudget where the record would take its chunk past the budget given
     */
    Map<String, Object> record(List<Object> nodes) {
        for (Object node : nodes) {
            if (node instanceof Element root) {
                Map<String, Object> map = new LinkedHashMap<>(2);
                map.put(key(root.name()), value(root, false));
                return map;
            }
        }
        return null;
    }

    private Object value(Element e, boolean dataContainer) {
        boolean children = hasElement(e.content());
        boolean attributes = hasAttributeText(e.attributes());
        if (!children && !attributes) {
            return hasText(e.content()) ? content(e.content()) : null;
        }
        return object(e, dataContainer);
    }

    private Map<String, Object> object(Element e, boolean dataContainer) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (hasAttributeText(e.attributes())) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Attribute a : e.attributes()) {
                if (hasText(a.value())) {
                    putAll(attributes, key(a.name()), content(a.value()));
                }
            }
            map.put("#attributes", attributes);
        }
        if (hasText(e.content())) {
            map.put("#text", content(e.content()));
        }
        boolean named = dataContainer && hasNamedData(e.content());
        List<Object> unnamed = null;
        Map<String, Object> data = null;
        Map<String, Integer> seen = null;
        for (Object node : e.content()) {
            if (!(node instanceof Element child)) {
                continue;
            }
            if (dataContainer && child.name().equals("Data")) {
                if (named) {
                    List<Object> name = attribute(child, "Name");
                    if (name != null && hasText(name)) {
                        putAll(map, key(join(name)), dataValue(child));
                    }
                } else {
                    if (unnamed == null) {
                        unnamed = new ArrayList<>();
                        data = new LinkedHashMap<>(2);
                        data.put("#text", unnamed);
                        putAll(map, "Data", data);
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
            // a repeated element is numbered, as evtx_dump does; a name that some other child (a named Data) or
            // #attributes / #text already took keeps both values, so that no sibling can hide a value
            int n = seen.merge(child.name(), 1, Integer::sum);
            String key = key(n == 1 ? child.name() : child.name() + "_" + (n - 1));
            putAll(map, key, value(child, child.name().equals("EventData") || child.name().equals("UserData")));
        }
        if (unnamed != null && unnamed.size() == 1) {
            data.put("#text", unnamed.get(0));
        }
        return map;
    }

    /** A key given twice keeps both values, in order, as a list. */
    @SuppressWarnings("unchecked")
    private void putAll(Map<String, Object> map, String key, Object value) {
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
        private final long serialVersionUID = 1L;
    }

    private Object dataValue(Element data) {
        if (hasElement(data.content())) {
            return object(data, false);
        }
        return hasText(data.content()) ? content(data.content()) : "";
    }

    private boolean hasNamedData(List<Object> content) {
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

    private List<Object> attribute(Element e, String name) {
        for (Attribute a : e.attributes()) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    private boolean hasElement(List<Object> content) {
        for (Object node : content) {
            if (node instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private boolean hasAttributeText(List<Attribute> attributes) {
        for (Attribute a : attributes) {
            if (hasText(a.value())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasText(List<Object> content) {
        for (Object node : content) {
            if (!(node instanceof Element) && !(node instanceof String s && s.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    /** Character content: one number, boolean or list as itself, anything else as its text; charged to the record. */
    private Object content(List<Object> content) {
        Object single = null;
        int values = 0;
        for (Object node : content) {
            if (!(node instanceof Element) && !(node instanceof String s && s.isEmpty())) {
                single = node;
                values++;
            }
        }
        if (values == 1 && single instanceof List<?> array && array.size() <= 1) {
            return charged(array.isEmpty() ? "" : array.get(0));
        }
        if (values == 1 && !(single instanceof String)) {
            return charged(single);
        }
        return charged(join(content));
    }

    /** The text of {@code content}, held to {@code maxStringLength} (and the record's weight) as it grows. */
    private String join(List<Object> content) {
        if (content.size() == 1 && content.get(0) instanceof String s) {
            return checked(s, s.length());
        }
        StringBuilder sb = new StringBuilder();
        for (Object node : content) {
            if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(list.get(i));
                    checked(sb, sb.length());
                }
            } else if (!(node instanceof Element)) {
                sb.append(node);
                checked(sb, sb.length());
            }
        }
        return sb.toString();
    }

    private <T> T checked(T text, int length) {
        if (length > maxString) {
            throw new EvtxFormatException("a string longer than " + maxString + " characters (ReadLimits.maxStringLength)");
        }
        if (weight + length > Math.min(maxRecord, budget)) {
            charge(length);
        }
        return text;
    }

    /** A value, its text and items charged to the record's weight. */
    private Object charged(Object value) {
        if (value instanceof String s) {
            charge(checked(s, s.length()).length());
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                charged(item);
            }
        }
        charge(VALUE_WEIGHT);
        return value;
    }

    /** A field name, held to {@code maxFieldNameLength} and charged to the record's weight. */
    private String key(String name) {
        if (name.length() > maxName) {
            throw new EvtxFormatException("a field name longer than " + maxName + " characters (ReadLimits.maxFieldNameLength)");
        }
        charge(name.length() + VALUE_WEIGHT);
        return name;
    }

    private void charge(long n) {
        weight += n;
        if (weight > maxRecord) {
            throw new EvtxFormatException("expands to more than " + maxRecord + " characters of JSON"
                    + " (ReadLimits.maxRecordBytes)");
        }
        if (weight > budget) {
            throw new OverBudget();
        }
    }
}
