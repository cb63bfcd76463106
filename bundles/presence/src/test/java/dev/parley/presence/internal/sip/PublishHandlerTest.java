package dev.parley.presence.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sip.RequestEvent;
import javax.sip.SipFactory;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.SIPETagHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.server.ServerInfo;
import dev.parley.presence.internal.PresenceFixture;
import dev.parley.presence.internal.PresenceView;
import dev.parley.presence.internal.TestConfigs;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;

/** Real jain-sip PUBLISH requests through the handler, each response read as the publisher would. */
class PublishHandlerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final String PIDF = "<?xml version='1.0'?><presence xmlns='urn:ietf:params:xml:ns:pidf'"
            + " xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model' xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid'"
            + " entity='sip:alice@example.org'><tuple id='t'><status><basic>open</basic></status></tuple>"
            + "<dm:person id='p'><rpid:activities><rpid:away/></rpid:activities></dm:person></presence>";

    private final MessageFactory messages;
    private final SipCore sip = mock(SipCore.class);
    private final DigestAuthenticator authenticator = mock(DigestAuthenticator.class, CALLS_REAL_METHODS);
    private final ServerInfo server = mock(ServerInfo.class);
    private final List<Response> stateful = new ArrayList<>();
    private final List<Response> stateless = new ArrayList<>();
    private final PresenceFixture fixture = new PresenceFixture();
    private final PresenceView view = fixture.view;
    private PublishHandler handler;
    private int cseq;

    PublishHandlerTest() throws Exception {
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
        when(server.isLocalDomain(anyString())).thenAnswer(inv -> "example.org".equals(inv.getArgument(0)));
        authenticateAs(Outcome.AUTHENTICATED, ALICE);
        when(authenticator.challenge(any(), eq("example.org"), anyBoolean(), anyBoolean()))
                .thenAnswer(inv -> messages.createResponse(Response.UNAUTHORIZED, inv.getArgument(0)));
        handler = new PublishHandler(sip, authenticator, server, fixture.publisher, TestConfigs.defaults());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theWholeEntityTagCycle() throws Exception {
        Response initial = send(publish("alice", 600, null, "application/pidf+xml", PIDF));
        assertEquals(200, initial.getStatusCode());
        assertEquals(600, ((ExpiresHeader) initial.getHeader(ExpiresHeader.NAME)).getExpires());
        String etag = etag(initial);
        assertEquals("away", view.status(ALICE).activity());

        Response refreshed = send(publish("alice", 900, etag, null, null));
        assertEquals(200, refreshed.getStatusCode());
        assertNotEquals(etag, etag(refreshed));

        Response stale = send(publish("alice", 900, etag, null, null));
        assertEquals(412, stale.getStatusCode());
        assertEquals("Conditional Request Failed", stale.getReasonPhrase());

        Response modified = send(publish("alice", 900, etag(refreshed), "application/pidf+xml",
                PIDF.replace("open", "closed").replace("<rpid:away/>", "")));
        assertEquals(200, modified.getStatusCode());
        assertEquals(BasicStatus.CLOSED, view.status(ALICE).basic());

        Response removed = send(publish("alice", 0, etag(modified), null, null));
        assertEquals(200, removed.getStatusCode());
        assertEquals(0, ((ExpiresHeader) removed.getHeader(ExpiresHeader.NAME)).getExpires());
    }

    @Test
    void withoutCredentialsTheChallengeGoesOutStatelessly() throws Exception {
        authenticateAs(Outcome.MISSING, null);

        send(publish("alice", 600, null, "application/pidf+xml", PIDF));

        assertEquals(1, stateless.size());
        assertEquals(401, stateless.get(0).getStatusCode());
        assertTrue(stateful.isEmpty());
    }

    @Test
    void onlyTheUserHimselfMayPublish() throws Exception {
        authenticateAs(Outcome.AUTHENTICATED, new SipAddress("mallory", "example.org"));

        Response response = send(publish("alice", 600, null, "application/pidf+xml", PIDF));

        assertEquals(403, response.getStatusCode());
        assertEquals(BasicStatus.CLOSED, view.status(ALICE).basic());
    }

    @Test
    void wrongCredentialsAre403AndAForeignDomain404() throws Exception {
        authenticateAs(Outcome.WRONG_CREDENTIALS, ALICE);
        assertEquals(403, send(publish("alice", 600, null, "application/pidf+xml", PIDF)).getStatusCode());

        Request foreign = publish("alice", 600, null, "application/pidf+xml", PIDF);
        foreign.setRequestURI(SipFactory.getInstance().createAddressFactory().createURI("sip:alice@example.com"));
        assertEquals(404, send(foreign).getStatusCode());
    }

    @Test
    void aBodyThatIsNotPidfIs415WithAccept() throws Exception {
        Response response = send(publish("alice", 600, null, "text/plain", "I am here"));

        assertEquals(415, response.getStatusCode());
        AcceptHeader accept = (AcceptHeader) response.getHeader(AcceptHeader.NAME);
        assertEquals("application/pidf+xml", accept.getContentType() + "/" + accept.getContentSubType());
    }

    @Test
    void aPidfThatDoesNotParseIs400() throws Exception {
        Response broken = send(publish("alice", 600, null, "application/pidf+xml", "<presence"));
        Response hostile = send(publish("alice", 600, null, "application/pidf+xml",
                "<!DOCTYPE presence [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>" + PIDF));

        assertEquals(400, broken.getStatusCode());
        assertEquals(400, hostile.getStatusCode());
        assertTrue(broken.getReasonPhrase().startsWith("Malformed PIDF"), broken.getReasonPhrase());
    }

    @Test
    void tooShortAnExpiryIs423WithMinExpires() throws Exception {
        Response response = send(publish("alice", 5, null, "application/pidf+xml", PIDF));

        assertEquals(423, response.getStatusCode());
        assertEquals(60, ((MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME)).getExpires());
    }

    @Test
    void anInitialPublicationWithoutBodyIs400() throws Exception {
        Response response = send(publish("alice", 600, null, null, null));

        assertEquals(400, response.getStatusCode());
        assertEquals("Initial publication requires a body", response.getReasonPhrase());
    }

    @Test
    void aTooLargeDocumentIs413() throws Exception {
        String large = PIDF.replace("</presence>", "<note>" + "x".repeat(20_000) + "</note></presence>");

        assertEquals(413, send(publish("alice", 600, null, "application/pidf+xml", large)).getStatusCode());
    }

    private void authenticateAs(Outcome outcome, @Nullable SipAddress user) {
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(outcome, user, outcome.name()));
    }

    private Request publish(String user, int expires, @Nullable String ifMatch, @Nullable String contentType,
            @Nullable String body) throws Exception {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder()
                .append("PUBLISH sip:").append(user).append("@example.org SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-").append(++cseq).append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append("@example.org>;tag=f1\r\n")
                .append("To: <sip:").append(user).append("@example.org>\r\n")
                .append("Call-ID: publish-1\r\n")
                .append("CSeq: ").append(cseq).append(" PUBLISH\r\n")
                .append("Event: presence\r\n")
                .append("Expires: ").append(expires).append("\r\n");
        if (ifMatch != null) {
            text.append("SIP-If-Match: ").append(ifMatch).append("\r\n");
        }
        if (contentType != null) {
            text.append("Content-Type: ").append(contentType).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n"); // setContent below sets the real length
        Request request = messages.createRequest(text.toString());
        if (content.length > 0) {
            request.setContent(content, request.getHeader("Content-Type") == null ? null
                    : (javax.sip.header.ContentTypeHeader) request.getHeader("Content-Type"));
        }
        return request;
    }

    private Response send(Request request) throws Exception {
        RequestEvent event = new RequestEvent(this, null, null, request);
        int before = stateful.size() + stateless.size();
        handler.handle(event);
        assertEquals(before + 1, stateful.size() + stateless.size(), "exactly one response");
        List<Response> answered = stateless.size() > 0 ? stateless : stateful;
        return answered.get(answered.size() - 1);
    }

    private static String etag(Response response) {
        SIPETagHeader etag = (SIPETagHeader) response.getHeader(SIPETagHeader.NAME);
        assertNotNull(etag, "SIP-ETag in " + response);
        return etag.getETag();
    }
}
