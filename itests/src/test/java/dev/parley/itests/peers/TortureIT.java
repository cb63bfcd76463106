package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.sip.message.Response;

import org.junit.Test;

import dev.parley.itests.peers.TortureCorpus.Kind;
import dev.parley.itests.peers.TortureCorpus.Message;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * The RFC 4475 torture messages, sent one datagram each over UDP to the container's SIP port: each must get one of
 * the answers {@code src/test/resources/rfc4475/expectations.tsv} allows (or none where dropping is allowed), as a
 * well-formed response, and after each one Parley must still answer an OPTIONS with 200 — the stack neither crashed
 * nor wedged.
 * <p>
 * Final responses to INVITEs are not acknowledged: Parley retransmits them to the closed test socket until its
 * transaction times out, which nothing here depends on.
 */
public class TortureIT extends ParleyKarafTestSupport {

    /** How long a final response may take where the message must be answered. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    /** How long to listen where dropping the message is allowed: an answer after that counts as none. */
    private static final Duration SILENCE_WINDOW = Duration.ofMillis(1500);
    private static final Duration OPTIONS_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_DATAGRAM = 65_535;
    /** A header line (token, optional white space, colon) or a continuation line (RFC 3261 section 7.3.1). */
    private static final Pattern HEADER_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \\t]*:|[ \\t]");

    @Test
    public void validMessagesGetAnAllowedAnswer() throws Exception {
        sendAll(Kind.VALID);
    }

    @Test
    public void invalidMessagesAreRejectedOrDropped() throws Exception {
        sendAll(Kind.INVALID);
    }

    @Test
    public void strayResponsesAreDropped() throws Exception {
        sendAll(Kind.RESPONSE);
    }

    /** Sends every message of {@code kind}, checks each answer and Parley's OPTIONS answer after each. */
    private void sendAll(Kind kind) throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.registration.RegistrationService", DEFAULT_TIMEOUT);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        try (SipTestClient liveness = new SipTestClient("udp", sipPort())) {
            assertOptionsAnswered(liveness, "before the first message");
            for (Message message : TortureCorpus.load()) {
                if (message.kind() != kind) {
                    continue;
                }
                sent++;
                String failure = exchange(message);
                if (failure != null) {
                    failures.add(message.file() + " (RFC 4475 " + message.section() + ", " + message.note() + "): "
                            + failure);
                }
                assertOptionsAnswered(liveness, "after " + message.file());
            }
        }
        assertTrue("no " + kind + " messages in the corpus", sent > 0);
        assertTrue(failures.size() + " of " + sent + " " + kind + " torture messages got a wrong answer:\n"
                + String.join("\n", failures), failures.isEmpty());
    }

    /** Sends one message from a socket of its own; returns what was wrong with the answer, or null. */
    private static String exchange(Message message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            byte[] datagram = message.adaptedTo(DOMAIN, socket.getLocalPort());
            socket.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(HOST, sipPort())));
            Duration window = message.allowsSilence() ? SILENCE_WINDOW : ANSWER_TIMEOUT;
            String answer = awaitFinalResponse(socket, window);
            int status = answer == null ? -1 : TortureCorpus.statusCode(answer);
            if (!message.allows(status)) {
                return "allowed " + String.join("|", message.expected()) + ", got "
                        + (answer == null ? "no final response within " + window.toMillis() + " ms" : firstLine(answer));
            }
            if (answer == null) {
                return null;
            }
            String malformed = malformedHeaderLine(answer);
            if (malformed != null) {
                return "malformed " + status + " response, line '" + malformed + "' is no header:\n" + answer;
            }
            return message.kind() == Kind.VALID
                    ? transactionMismatch(new String(datagram, StandardCharsets.ISO_8859_1), answer)
                    : null;
        }
    }

    /** The first final response arriving within {@code window} (provisional ones are skipped), or null. */
    private static String awaitFinalResponse(DatagramSocket socket, Duration window) throws IOException {
        long deadline = System.nanoTime() + window.toNanos();
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (true) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return null;
            }
            socket.setSoTimeout((int) remainingMillis);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            if (TortureCorpus.statusCode(text) >= 200) {
                return text;
            }
        }
    }

    /** Whether the response belongs to the request: same Call-ID and CSeq method (catches dblreq's extra INVITE). */
    private static String transactionMismatch(String request, String response) {
        String requestCallId = TortureCorpus.header(request, "Call-ID", "i");
        String responseCallId = TortureCorpus.header(response, "Call-ID", "i");
        if (requestCallId != null && !requestCallId.equals(responseCallId)) {
            return "response Call-ID '" + responseCallId + "' is not the request's '" + requestCallId + "'";
        }
        String requestMethod = cseqMethod(TortureCorpus.header(request, "CSeq"));
        String responseMethod = cseqMethod(TortureCorpus.header(response, "CSeq"));
        if (requestMethod != null && !requestMethod.equals(responseMethod)) {
            return "response CSeq method '" + responseMethod + "' is not the request's '" + requestMethod + "'";
        }
        return null;
    }

    /** The first line after the status line that is neither {@code name: value} nor a continuation, or null. */
    private static String malformedHeaderLine(String response) {
        String[] lines = response.substring(0, TortureCorpus.headerEnd(response)).split("\\r\\n");
        for (int i = 1; i < lines.length; i++) {
            if (!HEADER_LINE.matcher(lines[i]).lookingAt()) {
                return lines[i];
            }
        }
        return null;
    }

    private static String cseqMethod(String cseq) {
        if (cseq == null) {
            return null;
        }
        String[] parts = cseq.trim().split("\\s+");
        return parts[parts.length - 1];
    }

    private static String firstLine(String message) {
        int end = message.indexOf("\r\n");
        return end < 0 ? message : message.substring(0, end);
    }

    /** Parley answers an OPTIONS with 200 ({@code when} says when, for the failure message). */
    private static void assertOptionsAnswered(SipTestClient client, String when) throws Exception {
        Response response;
        try {
            response = client.send(client.createOptions(DOMAIN), OPTIONS_TIMEOUT);
        } catch (AssertionError e) {
            // a new error, not a wrapper: Pax Exam reports only the innermost cause
            throw new AssertionError("Parley did not answer OPTIONS " + when + ": " + e.getMessage());
        }
        assertEquals("OPTIONS status " + when, 200, response.getStatusCode());
    }
}
