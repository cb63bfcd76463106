package dev.parley.itests.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Before;
import org.junit.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;
import dev.parley.itests.support.Digest;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipPhone;
import dev.parley.itests.support.SipPhone.Dialog;
import dev.parley.itests.support.SipPhone.Sdp;
import dev.parley.itests.support.SipTestClient;
import dev.parley.itests.support.SipWebSocketClient;

/**
 * Requests to a registered contact go where the REGISTER came from (RFC 5626 flows, RFC 7118 section 5), while the
 * Request-URI stays the contact: a browser-like WebSocket client with a {@code .invalid} contact is called and sent a
 * MESSAGE over its own connection, and a UDP phone whose Contact names an unreachable private address is called at
 * the port it registered from (INVITE, ACK and BYE).
 */
public class FlowRoutingIT extends ParleyKarafTestSupport {

    private static final Duration WAIT = SipPhone.TIMEOUT;
    private static final String PASSWORD = "flow-secret-1";
    private static final String INVALID_HOST = "df7jal23ls0d.invalid";
    private static final String PRIVATE_CONTACT_HOST = "10.255.255.1:5999";

    @Before
    public void waitForCallsAndMessaging() throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", "(parley.sip.method=INVITE)",
                DEFAULT_TIMEOUT);
        waitForService(MessagingService.class, DEFAULT_TIMEOUT);
    }

    private String newUser() {
        String user = "f" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    @Test
    public void aCalleeRegisteredOverWebSocketIsCalledOverItsConnection() throws Exception {
        String callee = newUser();
        try (WebSocketPhone browser = new WebSocketPhone(callee);
                SipPhone alice = new SipPhone(sipPort(), newUser(), DOMAIN, PASSWORD)) {
            browser.register();
            String offer = Sdp.offer("192.0.2.10", 40000);
            String answer = Sdp.offer("192.0.2.30", 50000);
            Dialog caller = alice.call("sip:" + callee + "@" + DOMAIN, offer);

            String invite = browser.awaitRequest(Request.INVITE);
            assertTrue(invite, invite.startsWith("INVITE " + browser.contact() + " SIP/2.0"));
            assertTrue("Parley's Via names its WebSocket listening point: " + invite,
                    invite.contains("Via: SIP/2.0/WS " + HOST + ":" + wsPort()));
            assertTrue("the offer passed through: " + invite, invite.endsWith(offer));
            browser.respond(invite, 200, "Contact: <" + browser.contact() + ">\r\nContent-Type: application/sdp\r\n",
                    answer);
            Response ok = caller.awaitFinal(WAIT);
            assertEquals(Response.OK, ok.getStatusCode());
            assertEquals(answer, SipPhone.body(ok));
            caller.ack();
            assertTrue(browser.awaitRequest(Request.ACK).startsWith("ACK " + browser.contact() + " SIP/2.0"));

            CompletableFuture<Response> hangUp = hangUpAsync(caller);
            String bye = browser.awaitRequest(Request.BYE);
            assertTrue(bye, bye.startsWith("BYE " + browser.contact() + " SIP/2.0"));
            browser.respond(bye, 200, "", null);
            assertEquals(Response.OK, hangUp.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatusCode());
        }
    }

    @Test
    public void aNatedUdpCalleeIsCalledWhereItRegisteredFromNotAtItsPrivateContact() throws Exception {
        String callee = newUser();
        String privateContact = "sip:" + callee + "@" + PRIVATE_CONTACT_HOST;
        try (SipTestClient phone = new SipTestClient("udp", sipPort());
                SipPhone alice = new SipPhone(sipPort(), newUser(), DOMAIN, PASSWORD)) {
            Request register = phone.createRegister(callee, DOMAIN, 600);
            register.setHeader(contact(phone, privateContact));
            Response challenge = phone.send(register, WAIT);
            assertEquals(Response.OK, phone.send(phone.authorize(register, challenge, callee, PASSWORD, "MD5"), WAIT)
                    .getStatusCode());
            Dialog caller = alice.call("sip:" + callee + "@" + DOMAIN, Sdp.offer("192.0.2.10", 40000));

            Request invite = awaitRequest(phone, Request.INVITE).getRequest();
            assertEquals(privateContact, invite.getRequestURI().toString());
            ServerTransaction transaction = phone.provider().getNewServerTransaction(invite);
            Response ok = phone.messageFactory().createResponse(Response.OK, invite);
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag("nat-" + callee);
            ok.setHeader(contact(phone, privateContact));
            ok.setContent(Sdp.offer("192.0.2.40", 50000),
                    phone.headerFactory().createContentTypeHeader("application", "sdp"));
            transaction.sendResponse(ok);
            assertEquals(Response.OK, caller.awaitFinal(WAIT).getStatusCode());
            caller.ack();
            assertEquals(privateContact, awaitRequest(phone, Request.ACK).getRequest().getRequestURI().toString());

            CompletableFuture<Response> hangUp = hangUpAsync(caller);
            Request bye = awaitRequest(phone, Request.BYE).getRequest();
            assertEquals(privateContact, bye.getRequestURI().toString());
            phone.provider().getNewServerTransaction(bye)
                    .sendResponse(phone.messageFactory().createResponse(Response.OK, bye));
            assertEquals(Response.OK, hangUp.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatusCode());
        }
    }

    @Test
    public void aMessageToAWebSocketUserArrivesOverItsConnection() throws Exception {
        String recipient = newUser();
        try (WebSocketPhone browser = new WebSocketPhone(recipient)) {
            browser.register();
            MessagingService messaging = waitForService(MessagingService.class, DEFAULT_TIMEOUT);
            Message sent = messaging.send(SipAddress.parse("sip:" + newUser() + "@" + DOMAIN),
                    SipAddress.parse("sip:" + recipient + "@" + DOMAIN), "text/plain", "over the flow");

            String message = browser.awaitRequest(Request.MESSAGE);
            assertTrue(message, message.startsWith("MESSAGE " + browser.contact() + " SIP/2.0"));
            assertTrue(message, message.endsWith("over the flow"));
            browser.respond(message, 200, "", null);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (messaging.find(sent.id()).map(Message::state).orElseThrow() != MessageState.DELIVERED) {
                assertTrue("the 200 over WebSocket marks the message delivered", System.nanoTime() < deadline);
                Thread.sleep(50);
            }
        }
    }

    private static ContactHeader contact(SipTestClient client, String uri) throws Exception {
        return client.headerFactory().createContactHeader(client.addressFactory().createAddress("<" + uri + ">"));
    }

    /** The next request of {@code method} Parley sent the client, others skipped. */
    private static RequestEvent awaitRequest(SipTestClient client, String method) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            RequestEvent event = client.nextReceivedRequest(Duration.ofNanos(deadline - System.nanoTime()));
            if (event != null && event.getRequest().getMethod().equals(method)) {
                return event;
            }
        }
        throw new AssertionError("no " + method + " arrived at the port the phone registered from");
    }

    /** The caller's BYE, answered only once the callee answered Parley's BYE. */
    private static CompletableFuture<Response> hangUpAsync(Dialog caller) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return caller.bye();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A browser-like user agent over one WebSocket (RFC 7118): messages written and read as text. */
    private static final class WebSocketPhone implements AutoCloseable {
        private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"?([^\",\\r]+)\"?");

        private final String user;
        private final SipWebSocketClient socket;

        WebSocketPhone(String user) throws Exception {
            this.user = user;
            this.socket = SipWebSocketClient.connect(wsPort(), WAIT);
        }

        String contact() {
            return "sip:" + user + "@" + INVALID_HOST + ";transport=ws";
        }

        /** REGISTER with the {@code .invalid} contact, answering the first digest challenge offered. */
        void register() throws Exception {
            String callId = UUID.randomUUID().toString();
            String challenge = exchange(registerRequest(callId, 1, ""));
            assertTrue(challenge, challenge.startsWith("SIP/2.0 401"));
            Matcher header = Pattern.compile("WWW-Authenticate: Digest ([^\\r]*)").matcher(challenge);
            assertTrue(challenge, header.find());
            Map<String, String> offered = new HashMap<>();
            for (Matcher parameter = PARAMETER.matcher(header.group(1)); parameter.find();) {
                offered.put(parameter.group(1).toLowerCase(Locale.ROOT), parameter.group(2));
            }
            String realm = offered.get("realm");
            String nonce = offered.get("nonce");
            String algorithm = offered.getOrDefault("algorithm", "MD5");
            String uri = "sip:" + DOMAIN;
            String response = Digest.response(algorithm, user, realm, PASSWORD, Request.REGISTER, uri, nonce, "auth",
                    "00000001", "0a4f113b");
            String authorization = "Authorization: Digest username=\"" + user + "\", realm=\"" + realm
                    + "\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm="
                    + algorithm + ", cnonce=\"0a4f113b\", qop=auth, nc=00000001\r\n";
            String ok = exchange(registerRequest(callId, 2, authorization));
            assertTrue(ok, ok.startsWith("SIP/2.0 200"));
        }

        private String registerRequest(String callId, int cseq, String authorization) {
            String aor = "sip:" + user + "@" + DOMAIN;
            return "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/WS " + INVALID_HOST + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "To: <" + aor + ">\r\n"
                    + "From: <" + aor + ">;tag=ws" + user + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " REGISTER\r\n"
                    + "Contact: <" + contact() + ">\r\n"
                    + "Expires: 600\r\n"
                    + authorization
                    + "Content-Length: 0\r\n\r\n";
        }

        private String exchange(String request) throws Exception {
            socket.send(request, WAIT);
            String answer = socket.receive(WAIT);
            assertNotNull("no answer over the WebSocket", answer);
            return answer;
        }

        /** The next request of {@code method} that arrives on this WebSocket. */
        String awaitRequest(String method) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String frame = socket.receive(Duration.ofNanos(deadline - System.nanoTime()));
                if (frame != null && frame.startsWith(method + " ")) {
                    return frame;
                }
            }
            throw new AssertionError("no " + method + " arrived over the WebSocket of " + user);
        }

        /** Answers {@code request}: its Via, From, To (with our tag), Call-ID and CSeq, plus {@code headers}. */
        void respond(String request, int status, String headers, String body) throws Exception {
            StringBuilder response = new StringBuilder("SIP/2.0 " + status + (status == 200 ? " OK" : "") + "\r\n");
            for (String line : request.substring(0, request.indexOf("\r\n\r\n")).split("\r\n")) {
                if (line.startsWith("Via:") || line.startsWith("From:") || line.startsWith("Call-ID:")
                        || line.startsWith("CSeq:")) {
                    response.append(line).append("\r\n");
                } else if (line.startsWith("To:")) {
                    response.append(line.contains(";tag=") ? line : line + ";tag=ws-" + user).append("\r\n");
                }
            }
            String content = body == null ? "" : body;
            response.append(headers).append("Content-Length: ")
                    .append(content.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(content);
            socket.send(response.toString(), WAIT);
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
