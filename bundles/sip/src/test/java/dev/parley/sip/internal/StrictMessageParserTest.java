package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ViaHeader;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;

class StrictMessageParserTest {
    private final StrictMessageParser parser = new StrictMessageParser();

    private SIPMessage parse(String... headerLines) throws Exception {
        return parseWithRequestLine("OPTIONS sip:bob@example.org SIP/2.0", headerLines);
    }

    private SIPMessage parseWithRequestLine(String requestLine, String... headerLines) throws Exception {
        String message = requestLine + "\r\n" + String.join("\r\n", headerLines) + "\r\n\r\n";
        return parser.parseSIPMessage(message.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    private static String[] withMandatory(String... extra) {
        String[] mandatory = { "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-p1", "Max-Forwards: 70",
                "From: <sip:alice@example.org>;tag=f", "To: <sip:bob@example.org>", "Call-ID: p-1",
                "CSeq: 1 OPTIONS" };
        String[] all = new String[mandatory.length + extra.length];
        System.arraycopy(mandatory, 0, all, 0, mandatory.length);
        System.arraycopy(extra, 0, all, mandatory.length, extra.length);
        return all;
    }

    @Test
    void secondContentLengthIsKeptUnparsedInsteadOfOverwritingTheFirst() throws Exception {
        SIPMessage message = parse(withMandatory("Content-Length: 0", "Content-Length: 5"));
        assertEquals("Content-Length", StrictMessageParser.unattachedSingleValueHeader(message));
        assertEquals(0, ((ContentLengthHeader) message.getHeader(ContentLengthHeader.NAME)).getContentLength());
    }

    @Test
    void compactAndLongFormsAreTheSameHeader() throws Exception {
        assertEquals("Call-ID", StrictMessageParser.unattachedSingleValueHeader(
                parse(withMandatory("i: other-call", "l: 0"))));
        assertEquals("To", StrictMessageParser.unattachedSingleValueHeader(
                parse(withMandatory("t: <sip:carol@example.org>", "l: 0"))));
    }

    @Test
    void eachSingleValueHeaderOnceAndRepeatedListHeadersAreFine() throws Exception {
        SIPMessage message = parse(withMandatory("Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK-p2",
                "Supported: path", "Supported: outbound", "l: 0"));
        assertNull(StrictMessageParser.unattachedSingleValueHeader(message));
        assertEquals(2, countVias(message));
    }

    @Test
    void stateFromOneMessageDoesNotLeakIntoTheNext() throws Exception {
        parse(withMandatory("Content-Length: 0"));
        assertNull(StrictMessageParser.unattachedSingleValueHeader(parse(withMandatory("Content-Length: 0"))));
    }

    @Test
    void requestLineKeepsAVersionOtherThan20() throws Exception {
        SIPRequest seven = (SIPRequest) parseWithRequestLine("OPTIONS sip:bob@example.org SIP/7.0",
                withMandatory("l: 0"));
        assertEquals("SIP/7.0", seven.getRequestLine().getSipVersion());
        SIPRequest two = (SIPRequest) parse(withMandatory("l: 0"));
        assertEquals("SIP/2.0", two.getRequestLine().getSipVersion());
    }

    private static int countVias(SIPMessage message) {
        int count = 0;
        for (var vias = message.getHeaders(ViaHeader.NAME); vias.hasNext(); vias.next()) {
            count++;
        }
        return count;
    }

    @Test
    void rfc2543RequestGetsABranchItsAckAndCancelShareAndADifferentRequestDoesNot() throws Exception {
        String[] headers = { "Via: SIP/2.0/UDP 192.0.2.9:5070", "Max-Forwards: 70",
                "From: <sip:alice@example.org>;tag=f", "To: <sip:bob@example.org>", "Call-ID: old-1",
                "CSeq: 7 INVITE", "l: 0" };
        String inviteBranch = topBranch(parseWithRequestLine("INVITE sip:bob@example.org SIP/2.0", headers));
        assertTrue(inviteBranch.startsWith("z9hG4bK.2543."), inviteBranch);

        String[] ack = headers.clone();
        ack[3] = "To: <sip:bob@example.org>;tag=parley";
        ack[5] = "CSeq: 7 ACK";
        assertEquals(inviteBranch, topBranch(parseWithRequestLine("ACK sip:bob@example.org SIP/2.0", ack)));
        String[] cancel = headers.clone();
        cancel[5] = "CSeq: 7 CANCEL";
        assertEquals(inviteBranch, topBranch(parseWithRequestLine("CANCEL sip:bob@example.org SIP/2.0", cancel)));

        String[] next = headers.clone();
        next[5] = "CSeq: 8 INVITE";
        assertNotEquals(inviteBranch, topBranch(parseWithRequestLine("INVITE sip:bob@example.org SIP/2.0", next)));
    }

    @Test
    void rfc3261BranchIsLeftAsItIs() throws Exception {
        assertEquals("z9hG4bK-p1", topBranch(parse(withMandatory("l: 0"))));
    }

    private static String topBranch(SIPMessage message) {
        return ((SIPRequest) message).getTopmostVia().getBranch();
    }
}
