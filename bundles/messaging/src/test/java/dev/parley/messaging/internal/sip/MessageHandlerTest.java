package dev.parley.messaging.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

import javax.sip.RequestEvent;
import javax.sip.SipFactory;
import javax.sip.header.AcceptHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.server.ServerInfo;
import dev.parley.messaging.internal.MessageRelay;
import dev.parley.messaging.internal.RateLimitedException;
import dev.parley.messaging.internal.TestConfigs;
import dev.parley.messaging.internal.UnsupportedContentTypeException;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;

class MessageHandlerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final MessageFactory messages;
    private final SipCore sip = mock(SipCore.class);
    private final DigestAuthenticator authenticator = mock(DigestAuthenticator.class, CALLS_REAL_METHODS);
    private final ServerInfo server = mock(ServerInfo.class);
    private final MessageRelay relay = mock(MessageRelay.class);
    private final List<Response> stateful = new ArrayList<>();
    private final List<Response> stateless = new ArrayList<>();
    private MessageHandler handler;

    MessageHandlerTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        when(sip.headerFactory()).thenReturn(factory.createHeaderFactory());
    }

    @BeforeEach
    void wireMocks() throws Exception {
        when(sip.createResponse(anyInt(), any(Request.class)))
                .thenAnswer(inv -> messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(1)));
        when(sip.createResponse(anyInt(), anyString(), any(Request.class))).thenAnswer(inv -> {
            Response response = messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(2));
            response.setReasonPhrase(inv.getArgument(1));
            return response;
        });
        doAnswer(inv -> stateful.add(inv.getArgument(1))).when(sip).respond(any(), any());
        doAnswer(inv -> stateless.add(inv.getArgument(1))).when(sip).respondStateless(any(), any());
        when(server.isLocalDomain(anyString()))
                .thenAnswer(inv -> "example.org".equalsIgnoreCase(inv.<String>getArgument(0)));
        authenticateAs(Outcome.AUTHENTICATED, ALICE);
        when(authenticator.challenge(any(), anyString(), anyBoolean(), anyBoolean()))
                .thenAnswer(inv -> messages.createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, inv.getArgument(0)));
        when(relay.accept(any(), any(), anyString(), anyString(), anyInt())).thenAnswer(inv -> accepted(
                inv.getArgument(0), inv.getArgument(1), inv.getArgument(2), inv.getArgument(3)));
        handler = new MessageHandler(sip, authenticator, server, relay, TestConfigs.defaults());
    }

    @Test
    void anAuthenticatedMessageIsAcceptedAndAnswered202() throws Exception {
        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain;charset=UTF-8",
                "Grüße")));

        verify(authenticator).authenticate(any(), eq("example.org"), eq(true));
        verify(relay).accept(ALICE, BOB, "text/plain;charset=UTF-8", "Grüße",
                "Grüße".getBytes(StandardCharsets.UTF_8).length);
        assertEquals(202, single(stateful).getStatusCode());
    }

    @Test
    void withoutCredentialsTheSenderIsChallengedAsByAProxy() throws Exception {
        authenticateAs(Outcome.MISSING, null);

        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain", "hi")));

        assertEquals(407, single(stateless).getStatusCode());
        verify(authenticator).challenge(any(), eq("example.org"), eq(true), eq(false));
        verify(relay, never()).accept(any(), any(), anyString(), anyString(), anyInt());
        assertTrue(stateful.isEmpty());
    }

    @Test
    void aStaleNonceIsChallengedAgainWithStale() throws Exception {
        authenticateAs(Outcome.STALE, ALICE);

        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain", "hi")));

        verify(authenticator).challenge(any(), eq("example.org"), eq(true), eq(true));
    }

    @Test
    void anotherUsersCredentialsAreForbidden() throws Exception {
        authenticateAs(Outcome.AUTHENTICATED, new SipAddress("mallory", "example.org"));

        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain", "hi")));

        assertStatus(403, "From is not the authenticated user", single(stateful));
        verify(relay, never()).accept(any(), any(), anyString(), anyString(), anyInt());
    }

    @Test
    void wrongCredentialsAreForbidden() throws Exception {
        authenticateAs(Outcome.WRONG_CREDENTIALS, ALICE);

        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain", "hi")));

        assertStatus(403, "Forbidden", single(stateful));
    }

    @Test
    void aTargetInAnotherDomainIsNoRelayEvenBeforeAuthentication() throws Exception {
        handler.handle(event(message("sip:someone@elsewhere.net", "sip:alice@example.org", "text/plain", "hi")));

        assertStatus(403, "Relaying not allowed", single(stateful));
        verify(authenticator, never()).authenticate(any(), anyString(), anyBoolean());
    }

    @Test
    void aSenderOfAnotherDomainIsRefusedUnlessConfigured() throws Exception {
        Request fromOutside = message("sip:bob@example.org", "sip:eve@elsewhere.net", "text/plain", "hi");

        handler.handle(event(fromOutside));
        assertStatus(403, "Sender domain not served", single(stateful));

        handler.modified(TestConfigs.with(Map.of("accept_foreign_senders", true)));
        stateful.clear();
        handler.handle(event(fromOutside));
        assertEquals(202, single(stateful).getStatusCode());
        verify(authenticator, never()).authenticate(any(), eq("elsewhere.net"), anyBoolean());
    }

    @Test
    void anEmptyMessageIsABadRequest() throws Exception {
        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", null, "")));

        assertStatus(400, "MESSAGE without a body", single(stateful));
    }

    @Test
    void theRelaysRefusalsBecomeTheirStatus() throws Exception {
        when(relay.accept(any(), any(), anyString(), anyString(), anyInt()))
                .thenThrow(new ParleyException(ParleyError.NOT_FOUND, "No such user"))
                .thenThrow(new ParleyException(ParleyError.PAYLOAD_TOO_LARGE, "Message larger than 4096 bytes"));

        handler.handle(event(message("sip:nobody@example.org", "sip:alice@example.org", "text/plain", "hi")));
        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain", "hi")));

        assertStatus(404, "No such user", stateful.get(0));
        assertStatus(413, "Message larger than 4096 bytes", stateful.get(1));
    }

    @Test
    void anUnsupportedTypeIsAnswered415WithAccept() throws Exception {
        when(relay.accept(any(), any(), anyString(), anyString(), anyInt())).thenThrow(
                new UnsupportedContentTypeException("text/html", List.of("text/plain", "message/cpim")));

        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/html", "<b>hi</b>")));

        Response response = single(stateful);
        assertStatus(415, "Unsupported content type text/html", response);
        List<String> accepted = new ArrayList<>();
        for (ListIterator<?> it = response.getHeaders(AcceptHeader.NAME); it.hasNext();) {
            AcceptHeader accept = (AcceptHeader) it.next();
            accepted.add(accept.getContentType() + "/" + accept.getContentSubType());
        }
        assertEquals(List.of("text/plain", "message/cpim"), accepted);
    }

    @Test
    void aSenderOverItsRateGets503WithRetryAfter() throws Exception {
        when(relay.accept(any(), any(), anyString(), anyString(), anyInt())).thenThrow(new RateLimitedException(7));

        handler.handle(event(message("sip:bob@example.org", "sip:alice@example.org", "text/plain", "hi")));

        Response response = single(stateful);
        assertStatus(503, "Message rate exceeded", response);
        assertEquals(7, ((RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME)).getRetryAfter());
    }

    private void authenticateAs(Outcome outcome, SipAddress user) {
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(outcome, user, outcome.name()));
    }

    private Request message(String target, String from, String contentType, String body) throws Exception {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String text = "MESSAGE " + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <" + from + ">;tag=abc\r\n"
                + "To: <" + target + ">\r\n"
                + "Call-ID: call-1@192.0.2.10\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + content.length + "\r\n\r\n" + body;
        return messages.createRequest(text);
    }

    private static RequestEvent event(Request request) {
        return new RequestEvent("test", null, null, request);
    }

    private static Message accepted(SipAddress from, SipAddress to, String contentType, String body) {
        return new Message("id-1", from, to, contentType, body, NOW, MessageState.STORED, false, NOW, null);
    }

    private static Response single(List<Response> responses) {
        assertEquals(1, responses.size(), "responses: " + responses);
        return responses.get(0);
    }

    private static void assertStatus(int status, String reason, Response response) {
        assertEquals(status, response.getStatusCode());
        assertEquals(reason, response.getReasonPhrase());
    }
}
