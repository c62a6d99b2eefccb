package dev.vigil.core.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.Problem;
import dev.vigil.core.event.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Every sample .evtx file of {@code ../shared/events/evtx} (the Rust {@code evtx} crate's test files, MIT)
 * read natively gives the events two reference parsers give, record by record.
 *
 * <p>How the expected outputs are made: the test runs Debian's {@code evtxexport -f xml FILE} (libevtx-utils
 * 20181227) and {@code /usr/bin/python3 /usr/bin/evtx_dump.py FILE} (python3-evtx 0.6.1), installed with
 * {@code apt-get install -y libevtx-utils python3-evtx} ({@code .ci/run} installs them; without them this test
 * is skipped, saying so), and keeps their XML under {@code target/evtx-reference/}. Each reference record is
 * turned into the JSON shape {@code evtx_dump} prints (the rules of {@code EvtxJson}) with every value as
 * text, and so is each of our events; then the text forms the parsers legitimately differ in are made one:
 * GUIDs in upper case without braces, hexadecimal numbers without leading zeros, times to the millisecond
 * (python-evtx rounds microseconds), an empty element as {@code ""}. A record passes when it equals what
 * either reference gives for the same EventRecordID.
 *
 * <p>Where the references fail, they are no oracle ({@code ../shared/events/evtx/README.md}): records one
 * of them reads must all be read by us, equal; records neither reads are checked against the file's own
 * counts in {@link #EXTRA}, which says for each file how many more we read and why.
 */
class EvtxReferenceTest {

    private static final Path SAMPLES = Path.of(System.getProperty("vigil.shared", "../shared"), "events", "evtx");
    private static final Path CACHE = Path.of("target", "evtx-reference");
    private static final Pattern EVENT = Pattern.compile("<Event[ >].*?</Event>", Pattern.DOTALL);
    private static final Pattern GUID = Pattern.compile(
            "\\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})}?");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d)[T ](\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d+))?Z?");
    private static final Pattern HEX = Pattern.compile("0x0*([0-9A-Fa-f]+)");

    /**
     * Records we read that neither reference reads, by file, each with why; each of them must still be a
     * whole event (its System element with EventID, TimeCreated and Computer).
     */
    private static final Map<String, Integer> EXTRA = Map.of(
            // record 3 has size 0: both references stop reading chunk 0 there; we go on with records 4..117,
            // which lie within the chunk header's range 1..117
            "sample-with-zero-data-size-event.evtx", 114,
            // attribute values with entity references (token 0x49): libevtx stops at the first ("unsupported
            // type: 0x49"), python-evtx fails every record
            "E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", 370,
            "E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx", 316,
            // one forwarded (WEC) record of plain elements, no template: both references fail on it
            "MSExchange_Management_wec.evtx", 1,
            "issue_201.evtx", 1,
            // chunk 7: record 47640 is cut short; the references stop there, we go on with the records
            // after it that lie within the chunk header's range (47675..47705)
            "sample_with_a_bad_chunk_magic.evtx", 31,
            // a shadow copy's remnants: chunks 1 and 15 fail their checksums; the references stop inside them,
            // we read the records there that are whole
            "2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx", 21);

    static Stream<Path> samples() throws IOException {
        assumeTrue(Files.isDirectory(SAMPLES), "no .evtx samples at " + SAMPLES.toAbsolutePath() + "; skipping");
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".evtx")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void nativeEvents_equalTheReferenceParsers(Path sample) throws Exception {
        Map<Long, Map<String, Object>> libevtx = reference(sample, "libevtx",
                List.of("evtxexport", "-f", "xml", sample.toString()));
        Map<Long, Map<String, Object>> python = reference(sample, "python-evtx",
                List.of("/usr/bin/python3", "/usr/bin/evtx_dump.py", sample.toString()));

        Map<Long, Map<String, Object>> ours = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        try (EventReader reader = EventReader.builder().onProblem(problems::add).open(sample)) {
            for (Event e : reader) {
                Object id = ((Map<?, ?>) ((Map<?, ?>) e.fields().get("Event")).get("System")).get("EventRecordID");
                Map<String, Object> event = normalize(e.fields());
                // both references leave out the RenderingInfo a forwarded event carries (evtx_dump keeps it)
                ((Map<?, ?>) event.get("Event")).remove("RenderingInfo");
                ours.put(Long.parseLong(String.valueOf(id)), event);
            }
        }

        List<String> mismatches = new ArrayList<>();
        int extra = 0;
        for (Map.Entry<Long, Map<String, Object>> e : ours.entrySet()) {
            Map<String, Object> a = libevtx.get(e.getKey());
            Map<String, Object> b = python.get(e.getKey());
            if (a == null && b == null) {
                extra++;
                @SuppressWarnings("unchecked")
                Map<String, Object> system = (Map<String, Object>) ((Map<?, ?>) e.getValue().get("Event")).get("System");
                assertThat(system).as("record " + e.getKey() + ", read by neither reference").containsKeys(
                        "EventID", "TimeCreated", "Computer");
            } else if (!e.getValue().equals(a) && !e.getValue().equals(b)) {
                mismatches.add("record " + e.getKey() + ":\n  ours    " + e.getValue() + "\n  libevtx " + a
                        + "\n  python  " + b);
            }
        }
        List<Long> missing = new ArrayList<>();
        for (Long id : union(libevtx, python)) {
            if (!ours.containsKey(id) && problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR
                    && p.where().line() == id && p.message().contains("record " + id + ": "))) {
                missing.add(id);
            }
        }
        String name = sample.getFileName().toString();
        assertThat(mismatches).as("records that differ from both references in " + name).isEmpty();
        assertThat(missing).as("records a reference reads and we neither read nor report, in " + name + "; problems: "
                + problems)
                .isEmpty();
        assertThat(extra).as("records neither reference reads, in " + name).isEqualTo(EXTRA.getOrDefault(name, 0));
    }

    private static List<Long> union(Map<Long, ?> a, Map<Long, ?> b) {
        TreeMap<Long, Boolean> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, true));
        b.keySet().forEach(k -> all.put(k, true));
        return new ArrayList<>(all.keySet());
    }

    /** The records of a reference's XML output, by EventRecordID, in the normalized JSON shape. */
    private static Map<Long, Map<String, Object>> reference(Path sample, String tool, List<String> command)
            throws Exception {
        Path cached = CACHE.resolve(tool).resolve(sample.getFileName() + ".xml");
        if (!Files.exists(cached)) {
            assumeTrue(available(command.get(0)), command.get(0) + " not installed (apt-get install -y libevtx-utils "
                    + "python3-evtx); skipping the comparison with the reference parsers");
            Files.createDirectories(cached.getParent());
            Process p = new ProcessBuilder(command).redirectOutput(cached.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(tool + " finished").isTrue();
        }
        String xml = Files.readString(cached, StandardCharsets.UTF_8);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        DocumentBuilder parser = f.newDocumentBuilder();
        parser.setErrorHandler(null);
        Map<Long, Map<String, Object>> records = new HashMap<>();
        Matcher m = EVENT.matcher(xml);
        while (m.find()) {
            Element root;
            try {
                root = parser.parse(new ByteArrayInputStream(("<?xml version=\"1.1\"?>" + m.group())
                        .getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            } catch (Exception unreadable) {
                continue; // the reference wrote something that is not XML: not an oracle for this record
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put(root.getTagName(), value(root, false));
            Object id = ((Map<?, ?>) ((Map<?, ?>) event.get("Event")).get("System")).get("EventRecordID");
            if (id instanceof String s && s.matches("\\d+") && !s.equals("0")) { // 0: python-evtx on a zeroed record
                records.put(Long.parseLong(s), normalize(event));
            }
        }
        return records;
    }

    private static boolean available(String command) {
        if (command.startsWith("/")) {
            return Files.isExecutable(Path.of(command)) && Files.isExecutable(Path.of("/usr/bin/evtx_dump.py"));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** An XML element in evtx_dump's JSON shape, every value text. */
    private static Object value(Element e, boolean dataContainer) {
        List<Element> children = children(e);
        Map<String, Object> attributes = attributes(e);
        if (children.isEmpty() && attributes.isEmpty()) {
            return e.getTextContent();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        if (!attributes.isEmpty()) {
            map.put("#attributes", attributes);
        }
        if (children.isEmpty() && !e.getTextContent().isEmpty()) {
            map.put("#text", e.getTextContent());
        }
        boolean named = dataContainer && children.stream()
                .anyMatch(c -> c.getTagName().equals("Data") && !c.getAttribute("Name").isEmpty());
        List<Object> unnamed = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Element c : children) {
            if (dataContainer && c.getTagName().equals("Data")) {
                Object v = children(c).isEmpty() ? c.getTextContent() : value(c, false);
                if (named && !c.getAttribute("Name").isEmpty()) {
                    map.merge(c.getAttribute("Name"), v, (x, y) -> List.of(x, y));
                } else if (!named) {
                    unnamed.add(v);
                }
                continue;
            }
            int n = seen.merge(c.getTagName(), 1, Integer::sum);
            map.put(n == 1 ? c.getTagName() : c.getTagName() + "_" + (n - 1),
                    value(c, c.getTagName().equals("EventData") || c.getTagName().equals("UserData")));
        }
        if (!unnamed.isEmpty()) {
            map.put("Data", Map.of("#text", unnamed.size() == 1 ? unnamed.get(0) : unnamed));
        }
        return map;
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static Map<String, Object> attributes(Element e) {
        Map<String, Object> out = new LinkedHashMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            if (!attrs.item(i).getNodeValue().isEmpty()) {
                out.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
            }
        }
        return out;
    }

    /**
     * Values as text in the one form both sides agree on; maps as sorted maps; an empty value left out
     * (libevtx leaves out an element whose only content is an empty optional substitution, python-evtx
     * and evtx_dump keep it).
     */
    static Map<String, Object> normalize(Map<String, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> {
            Object n = normalizeValue(v);
            if (!"".equals(n) && !(n instanceof Map<?, ?> m && m.isEmpty())) {
                out.put(k, n);
            }
        });
        return out;
    }

    private static Object normalizeValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) m;
            return normalize(map);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(normalizeValue(x)));
            return out;
        }
        // XML parsers read a line break as \n
        String s = v == null ? "" : String.valueOf(v).replace("\r\n", "\n").replace('\r', '\n');
        Matcher g = GUID.matcher(s);
        if (g.matches()) {
            return g.group(1).toUpperCase();
        }
        Matcher t = TIME.matcher(s);
        if (t.matches()) {
            String fraction = t.group(3) == null ? "" : t.group(3);
            return t.group(1) + "T" + t.group(2) + "." + (fraction + "000").substring(0, 3);
        }
        Matcher h = HEX.matcher(s);
        if (h.matches() && h.group(1).length() <= 16) {
            // libevtx and python-evtx write a size_t in decimal, Windows and evtx_dump in hexadecimal
            return Long.toUnsignedString(Long.parseUnsignedLong(h.group(1), 16));
        }
        // XML cannot carry control characters: python-evtx leaves them out
        return s.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "");
    }
}
