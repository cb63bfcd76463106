package dev.parley.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;

class ReginfoDocumentTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Binding binding(String contact, long expiresIn, float q) {
        return new Binding(ALICE, contact, NOW.plusSeconds(expiresIn), q, "call<&>1", 7, "udp", "192.0.2.1:5060",
                List.of(), null, 0, null, NOW);
    }

    @Test
    void anUnregisteredUserIsAnInitRegistrationWithoutContacts() throws Exception {
        Element reginfo = parse(ReginfoDocument.render(ALICE, List.of(), 0, NOW)).getDocumentElement();

        assertEquals(ReginfoDocument.NAMESPACE, reginfo.getNamespaceURI());
        assertEquals("reginfo", reginfo.getLocalName());
        assertEquals("0", reginfo.getAttribute("version"));
        assertEquals("full", reginfo.getAttribute("state"));
        Element registration = (Element) reginfo.getElementsByTagNameNS(ReginfoDocument.NAMESPACE, "registration")
                .item(0);
        assertEquals("sip:alice@example.org", registration.getAttribute("aor"));
        assertEquals("init", registration.getAttribute("state"));
        assertEquals(0, registration.getElementsByTagNameNS(ReginfoDocument.NAMESPACE, "contact").getLength());
    }

    @Test
    void everyContactIsListedActiveWithItsRemainingExpiryAndEscapedValues() throws Exception {
        String xml = ReginfoDocument.render(ALICE, List.of(binding("sip:alice@192.0.2.1;transport=tcp", 3600, 1.0f),
                binding("sip:alice@198.51.100.2?x=a&y=b", 42, 0.5f)), 5, NOW);
        Element reginfo = parse(xml).getDocumentElement();

        assertEquals("5", reginfo.getAttribute("version"));
        Element registration = (Element) reginfo.getElementsByTagNameNS(ReginfoDocument.NAMESPACE, "registration")
                .item(0);
        assertEquals("active", registration.getAttribute("state"));
        NodeList contacts = registration.getElementsByTagNameNS(ReginfoDocument.NAMESPACE, "contact");
        assertEquals(2, contacts.getLength());
        Element second = (Element) contacts.item(1);
        assertEquals("active", second.getAttribute("state"));
        assertEquals("registered", second.getAttribute("event"));
        assertEquals("42", second.getAttribute("expires"));
        assertEquals("0.5", second.getAttribute("q"));
        assertEquals("call<&>1", second.getAttribute("callid"));
        assertEquals("7", second.getAttribute("cseq"));
        assertEquals("sip:alice@198.51.100.2?x=a&y=b",
                second.getElementsByTagNameNS(ReginfoDocument.NAMESPACE, "uri").item(0).getTextContent());
    }
}
