package dev.vigil.respond;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A policy's YAML as a tree of nodes that remember the line and column they start at, read token by
 * token from Jackson's YAML parser. Duplicate keys are kept as faults, to be reported, not silently
 * overwritten.
 */
final class PolicyYaml {

    private PolicyYaml() {
    }

    /** A YAML value and where it starts (1-based; 0 where unknown). */
    sealed interface Node permits MapNode, ListNode, Scalar {
        int line();

        int column();
    }

    /** A key of a map, with its own position. */
    record Key(String name, int line, int column) {
    }

    /** A mapping; keys keep their order. {@code duplicates} are keys written a second time (the first one counts). */
    record MapNode(Map<String, Key> keys, Map<String, Node> values, List<Key> duplicates, int line, int column)
            implements Node {
    }

    /** A sequence. */
    record ListNode(List<Node> items, int line, int column) implements Node {
    }

    /**
     * A scalar: {@code value} is a String, an Integer, Long or BigInteger, a Double or BigDecimal, a Boolean
     * or null; {@code text} is as written.
     */
    record Scalar(Object value, String text, int line, int column) implements Node {
    }

    /** A text that is not readable YAML, with where the fault is. */
    static final class YamlFault extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        YamlFault(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    /** The documents of {@code text}; a document holding nothing is left out. */
    static List<Node> read(String text, int maxChars) throws YamlFault {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(maxChars, 1));
        options.setAllowDuplicateKeys(true); // reported by us, with both positions
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL) // 'key:' with nothing after it is null, '' is a string
                .build();
        List<Node> docs = new ArrayList<>();
        Source source = new Source(text);
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Node node = node(p, t, source);
                if (!(node instanceof Scalar s && s.value() == null)) {
                    docs.add(node);
                }
            }
        } catch (YamlFault e) {
            throw e;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null && m.getProblemMark() != null) {
                String context = m.getContext() == null || m.getContextMark() == null ? ""
                        : " (" + m.getContext() + " from line " + (m.getContextMark().getLine() + 1) + ", column "
                                + (m.getContextMark().getColumn() + 1) + ")";
                throw new YamlFault("not valid YAML: " + m.getProblem() + context, m.getProblemMark().getLine() + 1,
                        m.getProblemMark().getColumn() + 1);
            }
            JsonLocation at = e.getLocation();
            throw new YamlFault("not valid YAML: " + firstLine(e.getOriginalMessage()),
                    at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        } catch (IOException | RuntimeException e) {
            // the YAML engine reports some faults (aliases, nesting too deep) as runtime exceptions
            throw new YamlFault("not valid YAML: " + firstLine(String.valueOf(e.getMessage())), 0, 0);
        }
        return docs;
    }

    private static Node node(JsonParser p, JsonToken t, Source source) throws IOException, YamlFault {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            // Jackson would hand over the alias's name as if it were the value
            throw new YamlFault("aliases (*" + p.getText() + ") are not supported in a policy: write the value out",
                    line, col);
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Key> keys = new LinkedHashMap<>();
                Map<String, Node> values = new LinkedHashMap<>();
                List<Key> duplicates = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    Key key = new Key(p.currentName(), kl.getLineNr(), kl.getColumnNr());
                    Node value = node(p, p.nextToken(), source);
                    if (keys.containsKey(key.name())) {
                        duplicates.add(key);
                    } else {
                        keys.put(key.name(), key);
                        values.put(key.name(), value);
                    }
                }
                return new MapNode(keys, values, duplicates, line, col);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new IOException("the text ends inside a list");
                    }
                    items.add(node(p, next, source));
                }
                return new ListNode(items, line, col);
            }
            case VALUE_STRING: {
                // the column of a quoted string is that of its first character, after the quote (as for rules)
                char first = source.at(line, col);
                return new Scalar(p.getText(), p.getText(), line, first == '\'' || first == '"' ? col + 1 : col);
            }
            case VALUE_NUMBER_INT:
                return new Scalar(p.getNumberValue(), p.getText(), line, col);
            case VALUE_NUMBER_FLOAT: {
                Number n;
                try {
                    n = p.getDecimalValue();
                } catch (NumberFormatException | JsonProcessingException e) {
                    // YAML's .nan and .inf, which Jackson cannot make a number of
                    String written = p.getText().toLowerCase(Locale.ROOT);
                    n = written.endsWith("nan") ? Double.NaN
                            : written.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                return new Scalar(n, p.getText(), line, col);
            }
            case VALUE_TRUE:
                return new Scalar(Boolean.TRUE, p.getText(), line, col);
            case VALUE_FALSE:
                return new Scalar(Boolean.FALSE, p.getText(), line, col);
            case VALUE_NULL:
                return new Scalar(null, p.getText(), line, col);
            case VALUE_EMBEDDED_OBJECT: {
                Object o = p.getEmbeddedObject();
                return new Scalar(o == null ? null : o.toString(), p.getText(), line, col);
            }
            default:
                throw new IOException("unexpected YAML token " + t);
        }
    }

    /** The text being read, to look at the character a token starts with. */
    private static final class Source {
        private final String text;
        private final List<Integer> lineStarts = new ArrayList<>();

        Source(String text) {
            this.text = text;
            lineStarts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lineStarts.add(i + 1);
                }
            }
        }

        /** The character at a 1-based line and column, or 0. */
        char at(int line, int column) {
            if (line < 1 || line > lineStarts.size() || column < 1) {
                return 0;
            }
            int i = lineStarts.get(line - 1) + column - 1;
            return i < text.length() ? text.charAt(i) : 0;
        }
    }

    /** What a node is, for messages: a map, a list, a string, a number, a boolean, null. */
    static String kind(Node node) {
        if (node instanceof MapNode) {
            return "a map";
        }
        if (node instanceof ListNode) {
            return "a list";
        }
        Object v = ((Scalar) node).value();
        if (v == null) {
            return "nothing (null)";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
