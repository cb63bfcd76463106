package dev.parley.itests.messaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.UUID;

import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Before;
import org.junit.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * Instant messages in the real distribution, between jain-sip clients over loopback: online delivery with the
 * sender's body, type and From; the refusals (407, 403, 404, 413, 415); an offline recipient's message stored
 * (202) and delivered when it registers; and a stored message that outlives a restart of the messaging bundle.
 */
public class MessagingIT extends ParleyKarafTestSupport {

    private static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "correct-horse-1";
    private static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

    @Before
    public void waitForMessaging() throws Exception {
        waitForService(MessagingService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", "(parley.sip.method=MESSAGE)",
                DEFAULT_TIMEOUT);
        waitForCommand("parley", "messages", DEFAULT_TIMEOUT);
    }

    @Test
    public void anOnlineRecipientGetsTheMessageWithTheSendersBodyTypeAndFrom() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (SipTestClient aliceClient = new SipTestClient("udp", sipPort());
                SipTestClient bobClient = new SipTestClient("udp", sipPort())) {
            assertEquals(200, bobClient.register(bob, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
            String text = "Grüße, Bob! " + UUID.randomUUID();

            Request message = message(aliceClient, alice, bob, TEXT_PLAIN, text);
            Response challenge = aliceClient.send(message, SIP_TIMEOUT);
            assertEquals("Parley relays MESSAGE, so it asks as a proxy", 407, challenge.getStatusCode());
            assertNotNull(challenge.getHeader(ProxyAuthenticateHeader.NAME));
            Response accepted = aliceClient.send(aliceClient.authorize(message, challenge, alice, PASSWORD, "MD5"),
                    SIP_TIMEOUT);
            assertEquals(202, accepted.getStatusCode());

            Request received = answer(bobClient, 200);
            assertEquals(Request.MESSAGE, received.getMethod());
            assertEquals(text, new String(received.getRawContent(), StandardCharsets.UTF_8));
            ContentTypeHeader type = (ContentTypeHeader) received.getHeader(ContentTypeHeader.NAME);
            assertEquals("text/plain", type.getContentType() + "/" + type.getContentSubType());
            assertEquals("sip:" + alice + "@" + DOMAIN,
                    ((FromHeader) received.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
            assertTrue(received.getRequestURI().toString(), received.getRequestURI().toString()
                    .contains(":" + bobClient.localPort()));

            Message stored = waitForState(alice, bob, MessageState.DELIVERED);
            assertEquals(text, stored.body());
            String shown = executeCommand("parley:messages " + alice + "@" + DOMAIN + " " + bob + "@" + DOMAIN);
            assertTrue(shown, shown.contains("DELIVERED") && shown.contains(stored.id()));
        }
    }

    @Test
    public void refusalsHavePreciseAnswers() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (SipTestClient client = new SipTestClient("tcp", sipPort())) {
            assertEquals("wrong password", 403, authorized(client, alice, "not-the-password", bob, TEXT_PLAIN, "hi")
                    .getStatusCode());

            Request asBob = message(client, bob, alice, TEXT_PLAIN, "I am Bob, really");
            Response challenge = client.send(asBob, SIP_TIMEOUT);
            Response spoofed = client.send(client.authorize(asBob, challenge, alice, PASSWORD, "MD5"), SIP_TIMEOUT);
            assertEquals("alice's credentials for a From of bob: " + spoofed.getReasonPhrase(), 403,
                    spoofed.getStatusCode());

            Response unknown = authorized(client, alice, PASSWORD, "nobody" + alice, TEXT_PLAIN, "hi");
            assertEquals(404, unknown.getStatusCode());

            Request outside = client.createRequest(Request.MESSAGE, "sip:someone@example.net",
                    "sip:" + alice + "@" + DOMAIN, "sip:someone@example.net");
            outside.setContent("hi", client.headerFactory().createContentTypeHeader("text", "plain"));
            Response relay = client.send(outside, SIP_TIMEOUT);
            assertEquals(403, relay.getStatusCode());
            assertEquals("Relaying not allowed", relay.getReasonPhrase());

            Response tooLarge = authorized(client, alice, PASSWORD, bob, TEXT_PLAIN, "x".repeat(5000));
            assertEquals(413, tooLarge.getStatusCode());

            Response html = authorized(client, alice, PASSWORD, bob, "text/html", "<b>hi</b>");
            assertEquals(415, html.getStatusCode());
            List<String> accepted = new ArrayList<>();
            for (ListIterator<?> it = html.getHeaders(AcceptHeader.NAME); it.hasNext();) {
                AcceptHeader accept = (AcceptHeader) it.next();
                accepted.add(accept.getContentType() + "/" + accept.getContentSubType());
            }
            assertTrue(accepted.toString(), accepted.contains("text/plain"));
        }
        assertTrue("no refused message was stored",
                messaging().conversations(new SipAddress(alice, DOMAIN)).isEmpty());
    }

    @Test
    public void anOfflineRecipientGetsItsMessageWhenItRegisters() throws Exception {
        String alice = newUser();
        String bob = newUser();
        storeForOfflineRecipient(alice, bob, "while you were out");

        assertReceivedWhenRegistering(alice, bob, "while you were out");
    }

    @Test
    public void aStoredMessageOutlivesARestartOfTheMessagingBundle() throws Exception {
        String alice = newUser();
        String bob = newUser();
        storeForOfflineRecipient(alice, bob, "kept across a restart");

        restartBundle("dev.parley.messaging");
        waitForMessaging();

        assertReceivedWhenRegistering(alice, bob, "kept across a restart");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** A user no other test touches, created through the shell. */
    private String newUser() {
        String user = "m" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    private MessagingService messaging() throws InterruptedException {
        return waitForService(MessagingService.class, DEFAULT_TIMEOUT);
    }

    private static Request message(SipTestClient client, String from, String to, String contentType, String body)
            throws Exception {
        String target = "sip:" + to + "@" + DOMAIN;
        Request request = client.createRequest(Request.MESSAGE, target, "sip:" + from + "@" + DOMAIN, target);
        int slash = contentType.indexOf('/');
        int semicolon = contentType.indexOf(';');
        ContentTypeHeader type = client.headerFactory().createContentTypeHeader(contentType.substring(0, slash),
                contentType.substring(slash + 1, semicolon < 0 ? contentType.length() : semicolon));
        if (semicolon > 0) {
            type.setParameter("charset", contentType.substring(contentType.indexOf('=') + 1));
        }
        request.setContent(body.getBytes(StandardCharsets.UTF_8), type);
        return request;
    }

    /** MESSAGE from {@code from}, answering the 407 with {@code password}; the final response to the second one. */
    private static Response authorized(SipTestClient client, String from, String password, String to,
            String contentType, String body) throws Exception {
        Request request = message(client, from, to, contentType, body);
        Response challenge = client.send(request, SIP_TIMEOUT);
        assertEquals(407, challenge.getStatusCode());
        return client.send(client.authorize(request, challenge, from, password, "MD5"), SIP_TIMEOUT);
    }

    /** The next MESSAGE Parley sends this client, answered with {@code status}. */
    private static Request answer(SipTestClient client, int status) throws Exception {
        RequestEvent event = client.nextReceivedRequest(Duration.ofSeconds(10));
        assertNotNull("no MESSAGE reached the recipient", event);
        Request request = event.getRequest();
        SipProvider provider = (SipProvider) event.getSource();
        provider.getNewServerTransaction(request)
                .sendResponse(client.messageFactory().createResponse(status, request));
        return request;
    }

    /** A MESSAGE from alice to bob, who is not registered: answered 202 and stored. */
    private void storeForOfflineRecipient(String alice, String bob, String text) throws Exception {
        try (SipTestClient aliceClient = new SipTestClient("udp", sipPort())) {
            assertEquals(202, authorized(aliceClient, alice, PASSWORD, bob, TEXT_PLAIN, text).getStatusCode());
        }
        waitForState(alice, bob, MessageState.STORED);
    }

    /** bob registers a phone, which gets the stored {@code text} and answers 200: the message is then DELIVERED. */
    private void assertReceivedWhenRegistering(String alice, String bob, String text) throws Exception {
        try (SipTestClient bobClient = new SipTestClient("udp", sipPort())) {
            assertEquals(200, bobClient.register(bob, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
            Request received = answer(bobClient, 200);
            assertEquals(text, new String(received.getRawContent(), StandardCharsets.UTF_8));
        }
        waitForState(alice, bob, MessageState.DELIVERED);
    }

    /** The newest message from alice to bob once it is in {@code state}; fails after the default timeout. */
    private Message waitForState(String alice, String bob, MessageState state) throws Exception {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        Message newest = null;
        while (System.nanoTime() < deadline) {
            List<Message> messages = messaging().messages(new SipAddress(alice, DOMAIN), new SipAddress(bob, DOMAIN),
                    0, 1);
            newest = messages.isEmpty() ? null : messages.get(0);
            if (newest != null && newest.state() == state) {
                return newest;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the message from " + alice + " to " + bob + " never reached " + state + ": "
                + newest);
    }
}
