package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.server.ListeningPoint;
import dev.parley.sip.spi.DialogState;

/** A real jain-sip stack on loopback, probed with plain sockets the way a phone would. */
class SipServerTest {
    private int port;
    private int wsPort;
    private SipServer server;

    private static Map<String, Object> settings(int port, int wsPort) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bind.address", "127.0.0.1");
        settings.put("udp.port", port);
        settings.put("tcp.port", port);
        settings.put("ws.port", wsPort);
        settings.put("domains", "example.org");
        settings.put("worker.threads", 2);
        return settings;
    }

    @BeforeEach
    void start() throws Exception {
        port = SipWire.freePort();
        wsPort = SipWire.freePort();
        server = new SipServer(new HandlerRegistry(), TestConfigs.config(settings(port, wsPort)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void answersOptionsOverUdpTcpAndWebSocket() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            String udp = SipWire.udp(socket, port, SipWire.options("UDP", socket.getLocalPort(), "u1"));
            assertNotNull(udp, "no UDP answer");
            assertTrue(udp.startsWith("SIP/2.0 200 OK"), udp);
            assertTrue(udp.contains("Server: Parley"), udp);
        }
        String tcp = SipWire.tcp(port, SipWire.options("TCP", 50000, "t1"));
        assertNotNull(tcp, "no TCP answer");
        assertTrue(tcp.startsWith("SIP/2.0 200 OK"), tcp);
        String ws = SipWire.websocket(wsPort, SipWire.options("WS", 50000, "w1").replace("127.0.0.1:50000",
                "client.invalid"));
        assertNotNull(ws, "no WebSocket answer");
        assertTrue(ws.startsWith("SIP/2.0 200 OK"), ws);

        assertEquals(List.of(new ListeningPoint("udp", "127.0.0.1", port), new ListeningPoint("tcp", "127.0.0.1", port),
                new ListeningPoint("ws", "127.0.0.1", wsPort)), server.listeningPoints());
        assertEquals(3L, server.counters().get("requests.received.OPTIONS"));
        assertEquals(3L, server.counters().get("responses.sent.2xx"));
    }

    @Test
    void responseGoesBackToThePacketSourceWithReceivedAndRport() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            // the Via claims port 9 (as from behind a NAT); RFC 3581 wants the answer at the real source port
            String answer = SipWire.udp(socket, port, SipWire.options("UDP", 9, "n1"));
            assertNotNull(answer, "answer did not come back to the source port");
            assertTrue(answer.contains("rport=" + socket.getLocalPort()), answer);
            assertTrue(answer.contains("received=127.0.0.1"), answer);
        }
    }

    @Test
    void modifiedRebindsToTheNewPortLiveAndReleasesTheOldOne() throws Exception {
        int newPort = SipWire.freePort();
        Map<String, Object> changed = settings(newPort, wsPort);
        changed.put("domains", "b.example, example.org");
        server.modified(TestConfigs.config(changed));

        assertEquals(List.of("b.example", "example.org"), server.domains());
        assertTrue(server.isLocalDomain("B.EXAMPLE"));
        assertTrue(SipWire.released(port), "old port still bound");
        String tcp = SipWire.tcp(newPort, SipWire.options("TCP", 50000, "m1"));
        assertNotNull(tcp);
        assertTrue(tcp.startsWith("SIP/2.0 200"), tcp);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            assertTrue(SipWire.udp(socket, newPort, SipWire.options("UDP", socket.getLocalPort(), "m2"))
                    .startsWith("SIP/2.0 200"));
        }
        assertEquals(List.of(new ListeningPoint("udp", "127.0.0.1", newPort),
                new ListeningPoint("tcp", "127.0.0.1", newPort), new ListeningPoint("ws", "127.0.0.1", wsPort)),
                server.listeningPoints());
    }

    @Test
    void invalidModificationKeepsTheRunningConfiguration() throws Exception {
        Map<String, Object> broken = settings(port, wsPort);
        broken.put("domains", " ");
        server.modified(TestConfigs.config(broken));
        assertEquals(List.of("example.org"), server.domains());
        assertEquals(3, server.listeningPoints().size());
    }

    @Test
    void stoppingReleasesThePortsSoTheBundleCanRestart() throws Exception {
        server.stop();
        assertTrue(SipWire.released(port), "ports still bound after stop");
        server = new SipServer(new HandlerRegistry(), TestConfigs.config(settings(port, wsPort)));
        assertTrue(SipWire.tcp(port, SipWire.options("TCP", 50000, "r1")).startsWith("SIP/2.0 200"));
    }

    @Test
    void malformedRequestOverUdpGets400FromTheStack() throws Exception {
        String badCSeq = SipWire.options("UDP", 50000, "b1").replace("CSeq: 1 OPTIONS", "CSeq: one OPTIONS");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            String answer = SipWire.udp(socket, port, badCSeq);
            assertNotNull(answer);
            assertTrue(answer.startsWith("SIP/2.0 400 Bad Request"), answer);
        }
        assertFalse(server.counters().containsKey("requests.received"), "never reached the dispatcher");
    }

    @Test
    void conflictingContentLengthsOverUdpGet400FromTheDispatcher() throws Exception {
        String twoLengths = SipWire.options("UDP", 50000, "cl").replace("Content-Length: 0\r\n\r\n",
                "Content-Length: 13\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nHow many octets?");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            String answer = SipWire.udp(socket, port, twoLengths);
            assertNotNull(answer);
            assertTrue(answer.startsWith("SIP/2.0 400 Bad Request\r\n"), answer);
        }
        assertEquals(1L, server.counters().get("requests.received"), "refused by Parley, not by the stack");
    }

    @Test
    void unparseableMaxForwardsOverUdpGets400FromTheDispatcher() throws Exception {
        String overlarge = SipWire.options("UDP", 50000, "mf").replace("Max-Forwards: 70", "Max-Forwards: 300");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            String answer = SipWire.udp(socket, port, overlarge);
            assertNotNull(answer);
            assertTrue(answer.startsWith("SIP/2.0 400 Bad Request\r\n"), answer);
        }
        assertEquals(1L, server.counters().get("requests.received"), "refused by Parley, not by the stack");
    }

    @Test
    void unsupportedSipVersionGets505OverUdpAndTcp() throws Exception {
        String udp = SipWire.options("UDP", 50000, "v7").replace(" SIP/2.0\r\n", " SIP/7.0\r\n");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            String answer = SipWire.udp(socket, port, udp);
            assertNotNull(answer);
            assertTrue(answer.startsWith("SIP/2.0 505"), answer);
        }
        String tcp = SipWire.options("TCP", 50000, "v7t").replace(" SIP/2.0\r\n", " SIP/7.0\r\n");
        String answer = SipWire.tcp(port, tcp);
        assertNotNull(answer);
        assertTrue(answer.startsWith("SIP/2.0 505"), answer);
        assertFalse(server.counters().containsKey("requests.received"), "the stack answers, not the dispatcher");
    }

    @Test
    void unknownMethodOverUdpIsAnsweredWithTheMethodsCaseInTheCSeq() throws Exception {
        String lowerCase = SipWire.options("UDP", 50000, "lc").replace("OPTIONS", "options");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            String answer = SipWire.udp(socket, port, lowerCase);
            assertNotNull(answer);
            assertTrue(answer.startsWith("SIP/2.0 405"), answer);
            assertTrue(answer.contains("CSeq: 1 options\r\n"), answer);
        }
    }

    @Test
    void malformedRequestOverTcpIsDroppedByTheStack() throws IOException {
        String badCSeq = SipWire.options("TCP", 50000, "b2").replace("CSeq: 1 OPTIONS", "CSeq: one OPTIONS");
        assertNull(SipWire.tcp(port, badCSeq), "jain-sip's NIO TCP parser drops unparseable requests");
        assertFalse(server.counters().containsKey("requests.received"));
    }

    @Test
    void largeWebRtcSizedOfferOverTcpIsParsedAndAnswered() throws IOException {
        String sdp = "v=0\r\n" + "a=candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host\r\n".repeat(300);
        String invite = SipWire.options("TCP", 50000, "big").replace("OPTIONS", "INVITE")
                .replace("Content-Length: 0\r\n", "Contact: <sip:probe@127.0.0.1:50000;transport=tcp>\r\nContent-Type: application/sdp\r\nContent-Length: "
                        + sdp.length() + "\r\n") + sdp;
        assertTrue(sdp.length() > 16_000);
        String answer = SipWire.tcp(port, invite);
        assertNotNull(answer, "large INVITE dropped");
        assertTrue(answer.startsWith("SIP/2.0 503"), answer); // no INVITE handler in this test
    }

    @Test
    void inviteWithoutContactIsAnswered400InsteadOfSilence() throws IOException {
        String invite = SipWire.options("TCP", 50000, "nc").replace("OPTIONS", "INVITE");
        String answer = SipWire.tcp(port, invite);
        assertNotNull(answer, "the stack refused a transaction and nothing was sent");
        assertTrue(answer.startsWith("SIP/2.0 400"), answer);
    }

    @Test
    void inDialogRequestCarriesTheDialogStateAndAFreshViaOnTheListeningPort() throws Exception {
        DialogState dialog = new DialogState("call-1@host", "\"Parley\" <sip:alice@example.org>", "ltag",
                "<sip:bob@example.org>", "rtag", "sip:bob@192.0.2.7:5070;transport=tcp",
                List.of("<sip:proxy.example.org;lr>"), "tcp");

        Request invite = server.createRequest(dialog, Request.INVITE, 42);

        assertEquals("sip:bob@192.0.2.7:5070;transport=tcp", invite.getRequestURI().toString());
        assertEquals("call-1@host", ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId());
        assertEquals("ltag", ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag());
        assertEquals("rtag", ((ToHeader) invite.getHeader(ToHeader.NAME)).getTag());
        assertEquals(42, ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber());
        assertEquals("<sip:proxy.example.org;lr>",
                ((RouteHeader) invite.getHeader(RouteHeader.NAME)).getAddress().toString());
        ViaHeader via = (ViaHeader) invite.getHeader(ViaHeader.NAME);
        assertEquals("127.0.0.1", via.getHost());
        assertEquals(port, via.getPort());
        assertEquals("TCP", via.getTransport());
        assertTrue(via.getBranch().startsWith("z9hG4bK"));
        ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        assertEquals("sip:127.0.0.1:" + port + ";transport=tcp", contact.getAddress().getURI().toString());
        assertNull(server.createRequest(dialog, Request.BYE, 43).getHeader(ContactHeader.NAME));
        assertNotEquals(via.getBranch(),
                ((ViaHeader) server.createRequest(dialog, Request.BYE, 43).getHeader(ViaHeader.NAME)).getBranch());
    }

    @Test
    void viaForATransportParleyDoesNotListenOnIsRefused() {
        server.modified(TestConfigs.config(Map.of("bind.address", "127.0.0.1", "udp.port", port, "tcp.port", 0,
                "ws.port", 0, "domains", "example.org")));
        assertThrows(IllegalArgumentException.class, () -> server.createVia("tcp"));
    }

    @Test
    void advertisedHostIsTheConfiguredOneOrTheBindAddressOrARealInterfaceForAWildcard() {
        assertEquals("sip.example.org", OutgoingRequests.advertisedHost("0.0.0.0", " sip.example.org "));
        assertEquals("192.0.2.9", OutgoingRequests.advertisedHost("192.0.2.9", ""));
        assertNotEquals("0.0.0.0", OutgoingRequests.advertisedHost("0.0.0.0", ""));
    }
}
