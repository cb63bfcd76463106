package dev.parley.presence.internal.pidf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.eclipse.jdt.annotation.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import dev.parley.api.presence.BasicStatus;

/**
 * Reads PIDF documents from untrusted peers safely: no DTD at all (so no external or recursive entities, no
 * billion laughs), no XInclude, secure processing limits, and the JDK's own parser whatever the framework offers.
 */
public final class PidfParser {

    private static final ErrorHandler FAIL_FAST = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private PidfParser() {
    }

    public static PidfDocument parse(String xml) throws InvalidPidfException {
        return parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a PIDF body; the XML declaration (or UTF-8) gives its encoding. */
    public static PidfDocument parse(byte[] xml) throws InvalidPidfException {
        Element root;
        try {
            root = newBuilder().parse(new InputSource(new ByteArrayInputStream(xml))).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new InvalidPidfException("Malformed PIDF: " + firstLine(e.getMessage()), e);
        }
        if (!Pidf.NS.equals(root.getNamespaceURI()) || !"presence".equals(root.getLocalName())) {
            throw new InvalidPidfException("Not a PIDF document (root must be presence in " + Pidf.NS + ")");
        }
        String entity = root.getAttribute("entity").strip();
        if (entity.isEmpty()) {
            throw new InvalidPidfException("PIDF presence without entity");
        }
        List<PidfTuple> tuples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Element tuple : children(root, Pidf.NS, "tuple")) {
            PidfTuple parsed = tuple(tuple);
            if (!ids.add(parsed.id())) {
                throw new InvalidPidfException("Duplicate tuple id " + parsed.id());
            }
            tuples.add(parsed);
        }
        return new PidfDocument(entity, tuples, activities(root), note(root));
    }

    private static DocumentBuilder newBuilder() throws InvalidPidfException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(FAIL_FAST); // the default handler prints to stderr
            return builder;
        } catch (ParserConfigurationException e) {
            // never parse without the protections above
            throw new IllegalStateException("Cannot configure a safe XML parser", e);
        }
    }

    private static PidfTuple tuple(Element tuple) throws InvalidPidfException {
        String id = tuple.getAttribute("id").strip();
        if (id.isEmpty()) {
            throw new InvalidPidfException("PIDF tuple without id");
        }
        Element status = first(tuple, Pidf.NS, "status");
        if (status == null) {
            throw new InvalidPidfException("PIDF tuple " + id + " without status");
        }
        BasicStatus basic = null;
        Element basicElement = first(status, Pidf.NS, "basic");
        if (basicElement != null) {
            String value = basicElement.getTextContent().strip().toLowerCase(Locale.ROOT);
            // RFC 3863 allows only open and closed; baresip 1.0 publishes "unknown" before it knows its state,
            // so any other value is read leniently as "no basic status" rather than refused
            basic = switch (value) {
                case "open" -> BasicStatus.OPEN;
                case "closed" -> BasicStatus.CLOSED;
                default -> null;
            };
        }
        return new PidfTuple(id, basic, text(first(tuple, Pidf.NS, "contact")), text(first(tuple, Pidf.NS, "note")));
    }

    /** The first {@code <rpid:activities>} anywhere (in a person, as RPID says, or in a tuple, as older clients do). */
    private static @Nullable List<String> activities(Element root) {
        NodeList found = root.getElementsByTagNameNS(Pidf.RPID_NS, "activities");
        if (found.getLength() == 0) {
            return null;
        }
        List<String> activities = new ArrayList<>();
        for (Element activity : children((Element) found.item(0), Pidf.RPID_NS, null)) {
            String name = activity.getLocalName();
            if (Pidf.OTHER.equals(name)) {
                String text = text(activity);
                activities.add(text == null ? Pidf.OTHER : text);
            } else {
                activities.add(name);
            }
        }
        return activities;
    }

    /** The person's note (RPID) if there is one, else the first presence-level note (RFC 3863). */
    private static @Nullable String note(Element root) {
        for (Element person : children(root, Pidf.DATA_MODEL_NS, "person")) {
            String note = text(first(person, Pidf.DATA_MODEL_NS, "note"));
            if (note != null) {
                return note;
            }
        }
        return text(first(root, Pidf.NS, "note"));
    }

    private static @Nullable Element first(Element parent, String namespace, String localName) {
        List<Element> found = children(parent, namespace, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Child elements in {@code namespace} named {@code localName} (any name when null). */
    private static List<Element> children(Element parent, String namespace, @Nullable String localName) {
        List<Element> result = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && (localName == null || localName.equals(element.getLocalName()))) {
                result.add(element);
            }
        }
        return result;
    }

    private static @Nullable String text(@Nullable Element element) {
        if (element == null) {
            return null;
        }
        String text = element.getTextContent().strip();
        return text.isEmpty() ? null : text;
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable XML";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
