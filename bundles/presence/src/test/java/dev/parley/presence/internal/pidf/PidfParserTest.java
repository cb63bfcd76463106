package dev.parley.presence.internal.pidf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.presence.BasicStatus;

class PidfParserTest {

    /** What baresip 1.0's presence module publishes (its status "busy" sets rpid:busy). */
    static final String BARESIP = """
            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf"
                xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"
                entity="sip:alice@example.org">
              <dm:person id="p4159"><rpid:activities><rpid:busy/></rpid:activities></dm:person>
              <tuple id="t4109">
                <status>
                  <basic>open</basic>
                </status>
                <contact>sip:alice@192.0.2.10:5060</contact>
              </tuple>
            </presence>
            """;

    @Test
    void readsTuplesActivitiesAndContactOfABaresipDocument() throws Exception {
        PidfDocument document = PidfParser.parse(BARESIP);

        assertEquals("sip:alice@example.org", document.entity());
        assertEquals(List.of(new PidfTuple("t4109", BasicStatus.OPEN, "sip:alice@192.0.2.10:5060", null)),
                document.tuples());
        assertEquals(List.of("busy"), document.activities());
        assertNull(document.note());
    }

    @Test
    void anEmptyActivitiesElementStatesNoActivityWhileAMissingOneStatesNothing() throws Exception {
        assertEquals(List.of(), PidfParser.parse(BARESIP.replace("<rpid:busy/>", "")).activities());
        assertNull(PidfParser.parse(BARESIP.replaceAll("<dm:person.*</dm:person>", "")).activities());
    }

    @Test
    void readsOtherActivityTextPersonNoteAndTupleNote() throws Exception {
        PidfDocument document = PidfParser.parse("""
                <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                    xmlns:r="urn:ietf:params:xml:ns:pidf:rpid" entity="pres:bob@example.org">
                  <tuple id="a"><status><basic>CLOSED</basic></status><note>desk phone</note></tuple>
                  <tuple id="b"><status/></tuple>
                  <note>presence note</note>
                  <dm:person id="p"><r:activities><r:other>writing &amp; reading</r:other><r:meeting/></r:activities>
                    <dm:note>person note</dm:note></dm:person>
                </presence>
                """);

        assertEquals(List.of(new PidfTuple("a", BasicStatus.CLOSED, null, "desk phone"),
                new PidfTuple("b", null, null, null)), document.tuples());
        assertEquals(List.of("writing & reading", "meeting"), document.activities());
        assertEquals("person note", document.note());
    }

    @Test
    void aPresenceNoteIsTheNoteWhenThePersonHasNone() throws Exception {
        PidfDocument document = PidfParser.parse(
                "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'><note>out</note></presence>");

        assertEquals("out", document.note());
        assertEquals(List.of(), document.tuples());
    }

    @Test
    void refusesWhatIsNotPidf() {
        assertInvalid("not xml at all", "Malformed PIDF");
        assertInvalid("<presence entity='sip:a@b'/>", "Not a PIDF document");
        assertInvalid("<presence xmlns='urn:ietf:params:xml:ns:pidf'/>", "without entity");
        assertInvalid(pidf("<tuple id='t'/>"), "without status");
        assertInvalid(pidf("<tuple><status/></tuple>"), "without id");
        assertInvalid(pidf("<tuple id='t'><status/></tuple><tuple id='t'><status/></tuple>"), "Duplicate tuple id");
    }

    @Test
    void aBasicOtherThanOpenOrClosedReadsAsNone() throws Exception {
        PidfDocument document = PidfParser.parse(BARESIP.replace(">open<", ">unknown<"));

        assertEquals(List.of(new PidfTuple("t4109", null, "sip:alice@192.0.2.10:5060", null)), document.tuples());
    }

    @Test
    void refusesAnyDoctypeSoNoEntityIsEverExpanded(@TempDir Path directory) throws IOException {
        Path secret = directory.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String external = "<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY x SYSTEM '" + secret.toUri()
                + "'>]>" + pidf("<note>&x;</note>");
        String laughs = "<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY a 'ha'><!ENTITY b '&a;&a;&a;&a;'>]>"
                + pidf("<note>&b;</note>");

        InvalidPidfException refused = assertInvalid(external, "Malformed PIDF");
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        assertInvalid(laughs, "Malformed PIDF");
    }

    @Test
    void honoursTheDeclaredEncoding() throws Exception {
        byte[] latin1 = ("<?xml version='1.0' encoding='ISO-8859-1'?>" + pidf("<note>caf\u00e9</note>"))
                .getBytes(StandardCharsets.ISO_8859_1);

        assertEquals("caf\u00e9", PidfParser.parse(latin1).note());
    }

    @Test
    void writtenDocumentsReadBackAsTheyWere() throws Exception {
        PidfDocument document = new PidfDocument("sip:alice@example.org",
                List.of(new PidfTuple("t1", BasicStatus.OPEN, "sip:alice@192.0.2.1", "a <b> & \"c\""),
                        new PidfTuple("t2", null, null, null)),
                List.of("on-the-phone", "stuck in traffic"), "back at 3");

        String xml = PidfWriter.write(document);

        assertEquals(document, PidfParser.parse(xml));
        assertTrue(xml.contains("<rpid:on-the-phone/>"), xml);
        assertTrue(xml.contains("<rpid:other>stuck in traffic</rpid:other>"), xml);
    }

    @Test
    void charactersXmlCannotCarryAreDropped() {
        assertEquals("ab&amp;c", PidfWriter.escape("a\u0000b&c\u0001"));
    }

    private static String pidf(String content) {
        return "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>" + content + "</presence>";
    }

    private static InvalidPidfException assertInvalid(String xml, String expected) {
        InvalidPidfException e = assertThrows(InvalidPidfException.class, () -> PidfParser.parse(xml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e;
    }
}
