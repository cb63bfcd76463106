package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipResponseListener;

/**
 * Requests of a dialog with a flow reach the peer where it really is (a real stack on loopback, the peer a plain
 * socket): at the UDP source when the contact names an unreachable private address, and over the peer's own TCP or
 * WebSocket connection when the contact cannot be connected to at all.
 */
class FlowRoutingTest {
    private int port;
    private int wsPort;
    private SipServer server;

    @BeforeEach
    void start() throws Exception {
        port = SipWire.freePort();
        wsPort = SipWire.freePort();
        server = new SipServer(new HandlerRegistry(), TestConfigs.config(Map.of("bind.address", "127.0.0.1",
                "udp.port", port, "tcp.port", port, "ws.port", wsPort, "domains", "example.org",
                "worker.threads", 2)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static DialogState dialog(String target, String transport) {
        return new DialogState("flow-1@test", "<sip:alice@example.org>", "ltag", "<sip:bob@example.org>", null,
                target, List.of(), transport);
    }

    private void send(DialogState dialog, String method) throws Exception {
        Request request = server.createRequest(dialog, method, 1);
        ClientTransaction transaction = server.provider().getNewClientTransaction(request);
        SipResponseListener ignored = event -> {
        };
        transaction.setApplicationData(ignored);
        transaction.sendRequest();
    }

    @Test
    void udpRequestGoesToTheSourceWhileTheRequestUriStaysThePrivateContact() throws Exception {
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            phone.setSoTimeout(3000);
            send(dialog("sip:bob@10.255.255.1:5999", "udp")
                    .withFlow(new RequestSource("udp", "127.0.0.1", phone.getLocalPort())), Request.MESSAGE);

            DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
            phone.receive(packet);
            String received = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertTrue(received.startsWith("MESSAGE sip:bob@10.255.255.1:5999 SIP/2.0"), received);
            assertEquals(port, packet.getPort(), "sent from Parley's UDP listening point");
        }
    }

    @Test
    void ackOutsideATransactionFollowsTheFlowToo() throws Exception {
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress(SipWire.LOOPBACK, 0))) {
            phone.setSoTimeout(3000);
            DialogState confirmed = new DialogState("flow-2@test", "<sip:alice@example.org>", "ltag",
                    "<sip:bob@example.org>", "rtag", "sip:bob@10.255.255.1:5999", List.of(), "udp",
                    new RequestSource("udp", "127.0.0.1", phone.getLocalPort()));
            server.provider().sendRequest(server.createRequest(confirmed, Request.ACK, 1));

            DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
            phone.receive(packet);
            assertTrue(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)
                    .startsWith("ACK sip:bob@10.255.255.1:5999 SIP/2.0"));
        }
    }

    @Test
    void tcpRequestReusesTheConnectionThePeerOpened() throws Exception {
        try (Socket phone = new Socket(SipWire.LOOPBACK, port)) {
            phone.setSoTimeout(3000);
            phone.getOutputStream().write(SipWire.options("TCP", 5999, "f1").getBytes(StandardCharsets.UTF_8));
            assertTrue(SipWire.readMessage(phone.getInputStream()).startsWith("SIP/2.0 200"));

            send(dialog("sip:bob@df7jal23ls0d.invalid;transport=tcp", "tcp")
                    .withFlow(new RequestSource("tcp", "127.0.0.1", phone.getLocalPort())), Request.INVITE);

            String received = SipWire.readMessage(phone.getInputStream());
            assertNotNull(received, "nothing arrived on the peer's connection");
            assertTrue(received.startsWith("INVITE sip:bob@df7jal23ls0d.invalid;transport=tcp SIP/2.0"), received);
        }
    }

    @Test
    void webSocketRequestGoesOverThePeersWebSocket() throws Exception {
        try (Socket browser = SipWire.openWebSocket(wsPort)) {
            SipWire.writeFrame(browser, SipWire.options("WS", 5999, "f2").replace("127.0.0.1:5999", "client.invalid"));
            assertTrue(SipWire.readFrame(browser.getInputStream()).startsWith("SIP/2.0 200"));

            send(dialog("sip:bob@df7jal23ls0d.invalid;transport=ws", "ws")
                    .withFlow(new RequestSource("ws", "127.0.0.1", browser.getLocalPort())), Request.MESSAGE);

            String received = SipWire.readFrame(browser.getInputStream());
            assertTrue(received.startsWith("MESSAGE sip:bob@df7jal23ls0d.invalid;transport=ws SIP/2.0"), received);
            assertTrue(received.contains("Via: SIP/2.0/WS 127.0.0.1:" + wsPort), received);
        }
    }
}
