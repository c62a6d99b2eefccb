package dev.vigil.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Just enough XML for poms, Maven metadata and CycloneDX: child elements by local name, their text. */
final class Xml {

    private final Element element;

    private Xml(Element element) {
        this.element = element;
    }

    static Xml parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
    }

    static Xml parse(InputStream in, String what) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return new Xml(factory.newDocumentBuilder().parse(in).getDocumentElement());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError(what + " is not well-formed XML: " + e, e);
        }
    }

    String name() {
        return element.getLocalName();
    }

    String namespace() {
        return element.getNamespaceURI();
    }

    /** The direct children with this local name. */
    List<Xml> children(String name) {
        List<Xml> found = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                found.add(new Xml(e));
            }
        }
        return found;
    }

    /** The first element down this path of child names. */
    Optional<Xml> at(String... path) {
        Xml at = this;
        for (String name : path) {
            List<Xml> c = at.children(name);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            at = c.get(0);
        }
        return Optional.of(at);
    }

    /** The trimmed text down this path, if there is an element there and it has text. */
    Optional<String> text(String... path) {
        return at(path).map(x -> x.element.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    /** The attribute's value, empty if it is not set. */
    String attribute(String name) {
        return element.getAttribute(name);
    }

    String text() {
        return element.getTextContent().strip();
    }
}
