package dev.parley.itests.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SIP-over-WebSocket client (RFC 7118): one connection with subprotocol {@code sip}, SIP messages as text
 * frames written by hand, so the test sees exactly what a browser would send.
 */
public final class SipWebSocketClient implements AutoCloseable {

    private final WebSocket webSocket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private SipWebSocketClient(URI uri, Duration timeout) throws Exception {
        webSocket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("sip")
                .connectTimeout(timeout)
                .buildAsync(uri, new Listener())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens {@code ws://127.0.0.1:<port>/} with subprotocol {@code sip}. */
    public static SipWebSocketClient connect(int port, Duration timeout) throws Exception {
        return new SipWebSocketClient(URI.create("ws://" + ParleyKarafTestSupport.HOST + ":" + port + "/"), timeout);
    }

    /** The subprotocol the server agreed to (RFC 7118 requires {@code sip}). */
    public String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** Sends one SIP message as one text frame. */
    public void send(String message, Duration timeout) throws Exception {
        webSocket.sendText(message, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next text frame from the server, or null after {@code timeout}. */
    public String receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An OPTIONS request as a browser's SIP stack sends it: Via over WS with an {@code .invalid} host. */
    public static String options(String domain) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return "OPTIONS sip:" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK" + UUID.randomUUID().toString().substring(0, 12)
                + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:" + domain + ">\r\n"
                + "From: <sip:itest@" + domain + ">;tag=" + tag + "\r\n"
                + "Call-ID: " + UUID.randomUUID() + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Contact: <sip:itest@df7jal23ls0d.invalid;transport=ws>\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    @Override
    public void close() {
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
