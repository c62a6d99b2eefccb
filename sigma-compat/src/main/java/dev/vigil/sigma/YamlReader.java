package dev.vigil.sigma;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.rule.RuleLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/** Reads a YAML text (one or more documents) into {@link YamlNode}s that remember their positions. */
final class YamlReader {

    private static final YAMLFactory FACTORY = factory(RuleLimits.DEFAULT_MAX_FILE_BYTES);

    /** A YAML text that could not be read, with the position of the fault. */
    static final class YamlException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        YamlException(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private YamlReader() {
    }

    /** A factory whose YAML engine reads documents of up to {@code maxChars} characters. */
    private static YAMLFactory factory(int maxChars) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(maxChars);
        return YAMLFactory.builder().loaderOptions(options).build();
    }

    /** The documents of {@code text}, in order; empty documents are left out. */
    static List<YamlNode> readAll(String text) throws YamlException {
        return readAll(text, RuleLimits.DEFAULT_MAX_FILE_BYTES);
    }

    /**
     * The documents of {@code text}, in order, each of at most {@code maxChars} characters
     * ({@link RuleLimits#maxFileBytes()}); empty documents are left out.
     */
    static List<YamlNode> readAll(String text, int maxChars) throws YamlException {
        List<YamlNode> docs = new ArrayList<>();
        Source source = new Source(text);
        YAMLFactory factory = maxChars == RuleLimits.DEFAULT_MAX_FILE_BYTES ? FACTORY : factory(maxChars);
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                YamlNode node = read(p, t, source);
                if (!(node instanceof YamlNode.Scalar s && s.isNull())) {
                    docs.add(node);
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
        } catch (RuntimeException e) {
            // the YAML engine reports some faults (bad aliases, recursion) as runtime exceptions
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

    private static YamlNode read(JsonParser p, JsonToken t, Source source) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        switch (t) {
            case START_OBJECT: {
                YamlNode.MapNode map = YamlNode.MapNode.empty(line, col);
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation kl = p.currentTokenLocation();
                    YamlNode value = read(p, p.nextToken(), source);
                    map.entries().remove(key);
                    map.entries().put(key, value);
                    map.keyPositions().put(key, new int[] {kl.getLineNr(), kl.getColumnNr()});
                }
                return map;
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, t, source));
                }
                return new YamlNode.ListNode(items, line, col);
            }
            case VALUE_STRING: {
                // the column of a quoted string is that of its first character, after the quote
                char first = source.at(line, col);
                int contentCol = first == '\'' || first == '"' ? col + 1 : col;
                return new YamlNode.Scalar(p.getText(), p.getText(), line, contentCol);
            }
            case VALUE_NUMBER_INT:
                return new YamlNode.Scalar(p.getNumberValue(), p.getText(), line, col);
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(p.getDecimalValue(), p.getText(), line, col);
            case VALUE_TRUE:
                return new YamlNode.Scalar(Boolean.TRUE, p.getText(), line, col);
            case VALUE_FALSE:
                return new YamlNode.Scalar(Boolean.FALSE, p.getText(), line, col);
            case VALUE_NULL:
                return new YamlNode.Scalar(null, p.getText(), line, col);
            case VALUE_EMBEDDED_OBJECT:
                Object o = p.getEmbeddedObject();
                return new YamlNode.Scalar(o == null ? null : o.toString(), p.getText(), line, col);
            default:
                throw new JsonParseFailure("unexpected YAML token " + t, p);
        }
    }

    private static final class JsonParseFailure extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String msg, JsonParser p) {
            super(p, msg);
        }
    }
}
