package dev.vigil.sigma;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.vigil.core.rule.RuleLimits;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Reads a YAML text (one or more documents) into {@link YamlNode}s that remember their positions.
 *
 * <p>Anchors ({@code &name}) and aliases ({@code *name}) are resolved as YAML defines them: an alias
 * stands for the node of the latest anchor of that name before it in the same document. The nodes
 * aliases add count against {@link RuleLimits#maxAliasNodes()}; an alias to no anchor, or to a node that
 * contains it, rejects the document. Merge keys ({@code <<: *base}, YAML 1.1 as PyYAML and so pySigma
 * read them) copy the entries of a map, or of a list of maps (the first naming a key wins), that the
 * mapping does not set itself. A key set twice in one mapping rejects the document: YAML keys are unique,
 * and a second one would silently replace the first. A fault of one document never costs the others;
 * only invalid YAML syntax stops the reading of the rest of the text.
 */
final class YamlReader {

    /** How deeply collections may nest; the reading recurses once per level. */
    static final int MAX_NESTING_DEPTH = 1_000;

    private static final Factory FACTORY = new Factory(RuleLimits.DEFAULT_MAX_FILE_BYTES);

    /** A YAML text or document that could not be read, with the position of the fault. */
    static final class YamlException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;
        final String field;

        YamlException(String message, int line, int column) {
            this(message, line, column, null);
        }

        YamlException(String message, int line, int column, String field) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
            this.field = field;
        }
    }

    /** One document: its root node, or the fault that rejects it (then {@code node} is null). */
    record Document(YamlNode node, YamlException fault) {
    }

    private YamlReader() {
    }

    /** A parser that shows the YAML event behind each token: anchors, aliases and key quoting. */
    private static final class EventParser extends YAMLParser {
        EventParser(IOContext ctxt, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                Reader reader) {
            super(ctxt, features, yamlFeatures, options, codec, reader);
        }

        Event event() {
            return _lastEvent;
        }
    }

    /** A factory of {@link EventParser}s whose YAML engine reads documents of up to {@code maxChars} characters. */
    private static final class Factory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        Factory(int maxChars) {
            super(builder(maxChars));
        }

        private static YAMLFactoryBuilder builder(int maxChars) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(maxChars);
            YAMLFactoryBuilder b = YAMLFactory.builder().loaderOptions(options);
            b.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
            return b;
        }

        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) {
            return new EventParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }
    }

    /** The documents of {@code text}, in order, under the default limits; the first faulty document throws. */
    static List<YamlNode> readAll(String text) throws YamlException {
        List<YamlNode> out = new ArrayList<>();
        for (Document d : readDocuments(text, RuleLimits.defaults())) {
            if (d.fault() != null) {
                throw d.fault();
            }
            out.add(d.node());
        }
        return out;
    }

    /**
     * The documents of {@code text}, in order, each of at most {@link RuleLimits#maxFileBytes()}
     * characters; empty documents are left out.
     *
     * @throws YamlException where the text is not valid YAML; the documents before the fault are lost too
     */
    static List<Document> readDocuments(String text, RuleLimits limits) throws YamlException {
        List<Document> docs = new ArrayList<>();
        Source source = new Source(text);
        Factory factory = limits.maxFileBytes() == RuleLimits.DEFAULT_MAX_FILE_BYTES ? FACTORY
                : new Factory(limits.maxFileBytes());
        try (EventParser p = (EventParser) factory.createParser(new StringReader(text))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                DocumentReader reader = new DocumentReader(p, source, limits);
                YamlNode node = reader.read(t);
                if (reader.fault != null) {
                    docs.add(new Document(null, reader.fault));
                } else if (!(node instanceof YamlNode.Scalar s && s.isNull())) {
                    docs.add(new Document(node, null));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            throw new YamlException("invalid YAML: " + (nl < 0 ? msg : msg.substring(0, nl)).trim(),
                    loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr());
        } catch (IOException e) {
            throw new YamlException("invalid YAML: " + e.getMessage(), 0, 0);
        } catch (StackOverflowError e) {
            throw new YamlException("invalid YAML: nested too deeply for the stack of this thread", 0, 0);
        } catch (RuntimeException e) {
            // the YAML engine reports some faults as runtime exceptions
            throw new YamlException("invalid YAML: " + e.getMessage(), 0, 0);
        }
        return docs;
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

    /** A node an anchor names, and how many nodes it holds (aliases inside it written out). */
    private record Anchored(YamlNode node, long size) {
    }

    /** Reads one document, resolving its anchors and aliases; records the first fault instead of throwing. */
    private static final class DocumentReader {
        /** Marks an anchor whose collection is still being read: an alias to it would make a cycle. */
        private static final Anchored OPEN = new Anchored(null, 0);

        private final EventParser p;
        private final Source source;
        private final RuleLimits limits;
        private final Map<String, Anchored> anchors = new HashMap<>();
        /** Nodes read so far, those aliases repeat included. */
        private long nodes;
        private long aliasNodes;
        YamlException fault;

        DocumentReader(EventParser p, Source source, RuleLimits limits) {
            this.p = p;
            this.source = source;
            this.limits = limits;
        }

        private void fail(String message, int line, int column, String field) {
            if (fault == null) {
                fault = new YamlException(message, line, column, field);
            }
        }

        YamlNode read(JsonToken t) throws IOException {
            JsonLocation loc = p.currentTokenLocation();
            int line = loc.getLineNr();
            int col = loc.getColumnNr();
            Event event = p.event();
            if (event instanceof AliasEvent alias) {
                return alias(alias.getAnchor(), line, col);
            }
            String anchor = event instanceof ScalarEvent s ? s.getAnchor()
                    : event instanceof CollectionStartEvent c ? c.getAnchor() : null;
            long before = nodes++;
            if (anchor != null && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
                anchors.put(anchor, OPEN);
            }
            YamlNode node = switch (t) {
                case START_OBJECT -> map(line, col);
                case START_ARRAY -> list(line, col);
                default -> scalar(t, line, col);
            };
            if (anchor != null) {
                anchors.put(anchor, new Anchored(node, nodes - before));
            }
            return node;
        }

        private YamlNode alias(String name, int line, int col) {
            Anchored a = anchors.get(name);
            if (a == null) {
                fail("alias *" + name + " refers to no anchor &" + name + " before it in this document", line, col, null);
                return new YamlNode.Scalar(null, "", line, col);
            }
            if (a == OPEN) {
                fail("alias *" + name + " is inside the node it refers to; recursive YAML is not supported",
                        line, col, null);
                return new YamlNode.Scalar(null, "", line, col);
            }
            aliasNodes += a.size();
            nodes += a.size();
            if (aliasNodes > limits.maxAliasNodes()) {
                fail("the aliases of this document repeat more than " + limits.maxAliasNodes()
                        + " nodes (RuleLimits.maxAliasNodes)", line, col, null);
                return new YamlNode.Scalar(null, "", line, col);
            }
            // a repeated value is reported where the alias is; a repeated map or list where it was defined
            return a.node() instanceof YamlNode.Scalar s ? new YamlNode.Scalar(s.value(), s.text(), line, col) : a.node();
        }

        private YamlNode map(int line, int col) throws IOException {
            YamlNode.MapNode map = YamlNode.MapNode.empty(line, col);
            List<YamlNode> merged = new ArrayList<>();
            int[] mergeAt = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation kl = p.currentTokenLocation();
                int[] at = {kl.getLineNr(), kl.getColumnNr()};
                ScalarEvent keyEvent = p.event() instanceof ScalarEvent s ? s : null;
                if (keyEvent != null && keyEvent.getAnchor() != null) {
                    anchors.put(keyEvent.getAnchor(), new Anchored(new YamlNode.Scalar(key, key, at[0], at[1]), 1));
                }
                YamlNode value = read(p.nextToken());
                boolean plainKey = keyEvent == null || keyEvent.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
                if (plainKey && key.equals("<<")) {
                    if (mergeAt != null) {
                        duplicate(key, at, mergeAt);
                    }
                    mergeAt = at;
                    merged.add(value);
                    continue;
                }
                int[] first = map.keyPositions().get(key);
                if (first != null) {
                    duplicate(key, at, first);
                }
                map.entries().put(key, value);
                map.keyPositions().put(key, at);
            }
            return merged.isEmpty() ? map : merge(map, merged.get(0), mergeAt);
        }

        private void duplicate(String key, int[] at, int[] first) {
            String shown = key.length() <= 80 ? key : key.substring(0, 77) + "...";
            fail("key '" + shown + "' is set twice in one mapping (first at line " + first[0] + "); YAML keys are unique",
                    at[0], at[1], shown);
        }

        /**
         * The mapping with the entries of the maps {@code <<} names that it does not set itself, those
         * first; of a list of maps, the first that sets a key wins.
         */
        private YamlNode.MapNode merge(YamlNode.MapNode own, YamlNode from, int[] at) {
            List<YamlNode> sources = from instanceof YamlNode.ListNode l ? l.items() : List.of(from);
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, int[]> positions = new LinkedHashMap<>();
            for (YamlNode s : sources) {
                if (!(s instanceof YamlNode.MapNode m)) {
                    fail("the merge key << takes a map or a list of maps, found " + YamlNode.kind(s), at[0], at[1], "<<");
                    return own;
                }
                for (var e : m.entries().entrySet()) {
                    if (!entries.containsKey(e.getKey())) {
                        entries.put(e.getKey(), e.getValue());
                        positions.put(e.getKey(), m.keyPositions().get(e.getKey()));
                    }
                }
            }
            entries.putAll(own.entries());
            positions.putAll(own.keyPositions());
            return new YamlNode.MapNode(entries, positions, own.line(), own.column());
        }

        private YamlNode list(int line, int col) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                items.add(read(t));
            }
            return new YamlNode.ListNode(items, line, col);
        }

        private YamlNode scalar(JsonToken t, int line, int col) throws IOException {
            String text = p.getText();
            if (p.event() instanceof ScalarEvent s && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                    && t != JsonToken.VALUE_EMBEDDED_OBJECT) {
                return new YamlNode.Scalar(CoreSchema.resolve(text, limits.maxNumberDigits()), text, line, col);
            }
            switch (t) {
                case VALUE_STRING: {
                    // the column of a quoted string is that of its first character, after the quote
                    char first = source.at(line, col);
                    int contentCol = first == '\'' || first == '"' ? col + 1 : col;
                    return new YamlNode.Scalar(text, text, line, contentCol);
                }
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return new YamlNode.Scalar(number(t, text), text, line, col);
                case VALUE_TRUE:
                    return new YamlNode.Scalar(Boolean.TRUE, text, line, col);
                case VALUE_FALSE:
                    return new YamlNode.Scalar(Boolean.FALSE, text, line, col);
                case VALUE_NULL:
                    return new YamlNode.Scalar(null, text, line, col);
                case VALUE_EMBEDDED_OBJECT:
                    Object o = p.getEmbeddedObject();
                    return new YamlNode.Scalar(o == null ? null : o.toString(), text, line, col);
                default:
                    throw new JsonParseFailure("unexpected YAML token " + t, p);
            }
        }

        /**
         * A YAML number as Integer, Long, BigInteger or BigDecimal; its text where it is longer than
         * {@link RuleLimits#maxNumberDigits()} or not finite ({@code .inf}, {@code .nan}).
         */
        private Object number(JsonToken t, String text) throws IOException {
            if (text.length() > limits.maxNumberDigits()) {
                return text;
            }
            try {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    return p.getNumberValue();
                }
                BigDecimal d = p.getDecimalValue();
                return Numbers.digits(d) > limits.maxNumberDigits() ? text : d;
            } catch (JsonProcessingException | NumberFormatException e) {
                return text;
            }
        }
    }

    private static final class JsonParseFailure extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String msg, JsonParser p) {
            super(p, msg);
        }
    }
}
