package dev.parley.registration.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

import javax.sip.RequestEvent;
import javax.sip.SipFactory;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.api.server.ServerInfo;
import dev.parley.registration.internal.RegistrarFixture;
import dev.parley.registration.internal.RegistrationConfig;
import dev.parley.registration.internal.TestConfigs;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;

class RegisterHandlerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final String PHONE = "sip:alice@192.0.2.10:5062";

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final SipCore sip = mock(SipCore.class);
    private final DigestAuthenticator authenticator = mock(DigestAuthenticator.class, CALLS_REAL_METHODS);
    private final ServerInfo server = mock(ServerInfo.class);
    private final List<Response> stateful = new ArrayList<>();
    private final List<Response> stateless = new ArrayList<>();
    private RegistrarFixture fixture = new RegistrarFixture(TestConfigs.defaults());
    private RegisterHandler handler;

    RegisterHandlerTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
    }

    @BeforeEach
    void wireMocks() throws Exception {
        when(sip.headerFactory()).thenReturn(headers);
        when(sip.addressFactory()).thenReturn(addresses);
        when(sip.messageFactory()).thenReturn(messages);
        when(sip.createResponse(anyInt(), any(Request.class)))
                .thenAnswer(inv -> messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(1)));
        when(sip.createResponse(anyInt(), anyString(), any(Request.class))).thenAnswer(inv -> {
            Response response = messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(2));
            response.setReasonPhrase(inv.getArgument(1));
            return response;
        });
        when(sip.source(any())).thenReturn(new RequestSource("udp", "192.0.2.10", 5062));
        doAnswer(inv -> stateful.add(inv.getArgument(1))).when(sip).respond(any(), any());
        doAnswer(inv -> stateless.add(inv.getArgument(1))).when(sip).respondStateless(any(), any());
        when(server.isLocalDomain(anyString()))
                .thenAnswer(inv -> "example.org".equalsIgnoreCase(inv.<String>getArgument(0)));
        authenticateAs(Outcome.AUTHENTICATED, ALICE);
        when(authenticator.challenge(any(), anyString(), anyBoolean(), anyBoolean()))
                .thenAnswer(inv -> messages.createResponse(Response.UNAUTHORIZED, inv.getArgument(0)));
        handler = new RegisterHandler(sip, authenticator, server, fixture.registrar, TestConfigs.defaults());
    }

    @AfterEach
    void stopRegistrar() {
        fixture.close();
    }

    @Test
    void registersAContactAndAnswersWithEveryBindingItsExpiryQAndDate() throws Exception {
        Response ok = send(register().contact("<" + PHONE + ">;expires=600;q=0.7")
                .header("User-Agent", "Softphone/1.0"));

        assertEquals(200, ok.getStatusCode());
        List<ContactHeader> contacts = contacts(ok);
        assertEquals(1, contacts.size());
        assertEquals(PHONE, contacts.get(0).getAddress().getURI().toString());
        assertEquals(600, contacts.get(0).getExpires());
        assertEquals(0.7f, contacts.get(0).getQValue());
        assertNotNull(ok.getHeader("Date"));
        Binding binding = fixture.store.find(ALICE).get(0);
        assertEquals("udp", binding.transport());
        assertEquals("192.0.2.10:5062", binding.source());
        assertEquals("Softphone/1.0", binding.userAgent());
        assertEquals("call-1", binding.callId());
        assertEquals(1, binding.cseq());
    }

    @Test
    void foreignRequestUriDomainIsNotServed() throws Exception {
        Response response = send(register().requestDomain("example.com").contact("<" + PHONE + ">"));

        assertStatus(404, "Domain not served", response);
        verify(authenticator, never()).authenticate(any(), anyString(), anyBoolean());
    }

    @Test
    void foreignAddressOfRecordIsNotServed() throws Exception {
        assertStatus(404, "Domain not served", send(register().to("sip:alice@example.com").contact("<" + PHONE + ">")));
    }

    @Test
    void addressOfRecordMustBeASipUri() throws Exception {
        assertStatus(400, "To must be a SIP URI", send(register().to("tel:+4930123456").contact("<" + PHONE + ">")));
    }

    @Test
    void missingCredentialsAreChallengedStatelessly() throws Exception {
        authenticateAs(Outcome.MISSING, null);

        handler.handle(register().contact("<" + PHONE + ">").event());

        assertEquals(1, stateless.size());
        assertEquals(401, stateless.get(0).getStatusCode());
        assertTrue(stateful.isEmpty());
        verify(authenticator).challenge(any(), eq("example.org"), eq(false), eq(false));
        assertEquals(0, fixture.store.updates());
    }

    @Test
    void staleNonceIsChallengedAgainWithStaleTrue() throws Exception {
        authenticateAs(Outcome.STALE, ALICE);

        handler.handle(register().contact("<" + PHONE + ">").event());

        assertEquals(1, stateless.size());
        verify(authenticator).challenge(any(), eq("example.org"), eq(false), eq(true));
    }

    @Test
    void wrongCredentialsAndDisabledAccountsAreForbidden() throws Exception {
        for (Outcome outcome : List.of(Outcome.WRONG_CREDENTIALS, Outcome.DISABLED)) {
            authenticateAs(outcome, ALICE);
            assertStatus(403, "Forbidden", send(register().contact("<" + PHONE + ">")));
        }
        assertEquals(0, fixture.store.updates());
    }

    @Test
    void unknownUserLooksLikeAWrongPasswordUnlessConfiguredToBeRevealed() throws Exception {
        authenticateAs(Outcome.UNKNOWN_USER, ALICE);
        assertStatus(403, "Forbidden", send(register().contact("<" + PHONE + ">")));

        handler.modified(TestConfigs.with(Map.of("reveal_unknown_users", true)));

        assertStatus(404, "Not Found", send(register().contact("<" + PHONE + ">")));
    }

    @Test
    void malformedCredentialsAreABadRequest() throws Exception {
        authenticateAs(Outcome.MALFORMED, null);

        assertStatus(400, "Malformed Authorization header", send(register().contact("<" + PHONE + ">")));
    }

    @Test
    void aUserMayOnlyRegisterItsOwnAddress() throws Exception {
        authenticateAs(Outcome.AUTHENTICATED, new SipAddress("bob", "example.org"));

        assertStatus(403, "Not allowed to register this address", send(register().contact("<" + PHONE + ">")));
        assertTrue(fixture.store.find(ALICE).isEmpty());
    }

    @Test
    void tooBriefAnIntervalIsAnswered423WithMinExpires() throws Exception {
        Response response = send(register().contact("<" + PHONE + ">;expires=5"));

        assertStatus(423, "Interval Too Brief", response);
        assertEquals(10, ((MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME)).getExpires());
    }

    @Test
    void tooLongAnIntervalIsCappedAtTheMaximum() throws Exception {
        Response ok = send(register().header("Expires", "86400").contact("<" + PHONE + ">"));

        assertEquals(7200, contacts(ok).get(0).getExpires());
    }

    @Test
    void wildcardWithExpiresZeroRemovesEverything() throws Exception {
        send(register().contact("<" + PHONE + ">").contact("<sip:alice@192.0.2.11>"));

        Response ok = send(register().cseq(2).header("Expires", "0").contact("*"));

        assertEquals(200, ok.getStatusCode());
        assertTrue(contacts(ok).isEmpty());
        assertTrue(fixture.store.find(ALICE).isEmpty());
    }

    @Test
    void wildcardMisuseIsABadRequest() throws Exception {
        assertStatus(400, "Contact * must be the only contact",
                send(register().header("Expires", "0").contact("*").contact("<" + PHONE + ">")));
        assertStatus(400, "Contact * requires Expires: 0", send(register().contact("*")));
    }

    @Test
    void invalidContactParametersAreBadRequests() throws Exception {
        assertStatus(400, "Invalid q value", send(register().contact("<" + PHONE + ">;q=1.5")));
        assertStatus(400, "Invalid expires parameter", send(register().contact("<" + PHONE + ">;expires=soon")));
        assertStatus(400, "Invalid reg-id", send(register().contact("<" + PHONE + ">;reg-id=x")));
        assertEquals(0, fixture.store.updates());
    }

    @Test
    void contactsAreListedHighestQFirst() throws Exception {
        Response ok = send(register().contact("<sip:alice@192.0.2.1>;q=0.2").contact("<sip:alice@192.0.2.2>;q=0.9"));

        assertEquals(List.of("sip:alice@192.0.2.2", "sip:alice@192.0.2.1"),
                contacts(ok).stream().map(c -> c.getAddress().getURI().toString()).toList());
    }

    @Test
    void anOldCseqOfTheSameCallIdFails() throws Exception {
        send(register().cseq(5).contact("<" + PHONE + ">"));

        assertStatus(500, "Out of order CSeq", send(register().cseq(4).contact("<" + PHONE + ">;expires=0")));
        assertEquals(1, fixture.store.find(ALICE).size());
    }

    @Test
    void aNewCallIdReplacesTheBinding() throws Exception {
        send(register().cseq(5).contact("<" + PHONE + ">"));

        Response ok = send(register().callId("after-reboot").cseq(1).contact("<" + PHONE + ">;expires=1800"));

        assertEquals(200, ok.getStatusCode());
        assertEquals("after-reboot", fixture.store.find(ALICE).get(0).callId());
        assertEquals(1800, contacts(ok).get(0).getExpires());
    }

    @Test
    void tooManyContactsAreForbidden() throws Exception {
        fixture.close();
        fixture = new RegistrarFixture(TestConfigs.with(Map.of("max_contacts", 1)));
        handler = new RegisterHandler(sip, authenticator, server, fixture.registrar, TestConfigs.defaults());

        assertStatus(403, "Too many contacts",
                send(register().contact("<" + PHONE + ">").contact("<sip:alice@192.0.2.11>")));
        assertEquals(0, fixture.store.find(ALICE).size());
    }

    @Test
    void aRequestWithoutContactIsAQuery() throws Exception {
        send(register().contact("<" + PHONE + ">"));
        int writes = fixture.store.updates();

        Response ok = send(register().callId("query").cseq(1));

        assertEquals(200, ok.getStatusCode());
        assertEquals(List.of(PHONE), contacts(ok).stream().map(c -> c.getAddress().getURI().toString()).toList());
        assertEquals(writes, fixture.store.updates());
    }

    @Test
    void pathIsStoredAndEchoedOnlyWhenTheClientSupportsIt() throws Exception {
        Response ok = send(register().header("Supported", "path").header("Path", "<sip:edge.example.org;lr>")
                .contact("<" + PHONE + ">"));

        assertEquals(List.of("<sip:edge.example.org;lr>"), fixture.store.find(ALICE).get(0).path());
        assertTrue(ok.toString().contains("Path: <sip:edge.example.org;lr>"), ok::toString);

        Response withoutSupport = send(register().cseq(2).header("Path", "<sip:edge.example.org;lr>")
                .contact("<" + PHONE + ">"));

        assertEquals(List.of(), fixture.store.find(ALICE).get(0).path());
        assertNull(withoutSupport.getHeader("Path"));
    }

    @Test
    void outboundInstanceAndRegIdAreStoredAndReturned() throws Exception {
        String instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
        Response ok = send(register().header("Supported", "outbound")
                .contact("<" + PHONE + ">;+sip.instance=\"" + instance + "\";reg-id=1"));

        Binding binding = fixture.store.find(ALICE).get(0);
        assertEquals(instance, binding.instanceId());
        assertEquals(1, binding.regId());
        assertEquals("outbound", ((RequireHeader) ok.getHeader(RequireHeader.NAME)).getOptionTag());
        ContactHeader contact = contacts(ok).get(0);
        assertEquals(instance, contact.getParameter("+sip.instance"));
        assertEquals("1", contact.getParameter("reg-id"));

        send(register().callId("new-flow").header("Supported", "outbound")
                .contact("<sip:alice@198.51.100.7:40000>;+sip.instance=\"" + instance + "\";reg-id=1"));

        assertEquals(List.of("sip:alice@198.51.100.7:40000"),
                fixture.store.find(ALICE).stream().map(Binding::contact).toList());
    }

    private void authenticateAs(Outcome outcome, SipAddress user) {
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(outcome, user, outcome.name()));
    }

    /**
     * Handles one request and returns its one response, which must have been sent statefully, as a peer would
     * parse it off the wire.
     */
    private Response send(RegisterBuilder register) throws Exception {
        int before = stateful.size();
        handler.handle(register.event());
        assertEquals(before + 1, stateful.size(), "one stateful response");
        assertTrue(stateless.isEmpty(), "no stateless response");
        return messages.createResponse(stateful.get(stateful.size() - 1).toString());
    }

    private static void assertStatus(int status, String reason, Response response) {
        assertEquals(status, response.getStatusCode(), response::toString);
        assertEquals(reason, response.getReasonPhrase());
    }

    private static List<ContactHeader> contacts(Response response) {
        List<ContactHeader> contacts = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        while (it != null && it.hasNext()) {
            contacts.add((ContactHeader) it.next());
        }
        return contacts;
    }

    private RegisterBuilder register() {
        return new RegisterBuilder();
    }

    /** A real jain-sip REGISTER for alice, with the headers a test adds. */
    private final class RegisterBuilder {
        private String requestDomain = "example.org";
        private String to = "sip:alice@example.org";
        private String callId = "call-1";
        private long cseq = 1;
        private final List<String[]> extra = new ArrayList<>();

        RegisterBuilder requestDomain(String domain) {
            this.requestDomain = domain;
            return this;
        }

        RegisterBuilder to(String uri) {
            this.to = uri;
            return this;
        }

        RegisterBuilder callId(String id) {
            this.callId = id;
            return this;
        }

        RegisterBuilder cseq(long number) {
            this.cseq = number;
            return this;
        }

        RegisterBuilder contact(String value) {
            return header(ContactHeader.NAME, value);
        }

        RegisterBuilder header(String name, String value) {
            extra.add(new String[] { name, value });
            return this;
        }

        RequestEvent event() throws Exception {
            Address toAddress = addresses.createAddress(to);
            Request request = messages.createRequest(addresses.createSipURI(null, requestDomain), Request.REGISTER,
                    headers.createCallIdHeader(callId), headers.createCSeqHeader(cseq, Request.REGISTER),
                    headers.createFromHeader(toAddress, "from-tag"), headers.createToHeader(toAddress, null),
                    List.of(headers.createViaHeader("192.0.2.10", 5062, "udp", "z9hG4bK-" + callId + "-" + cseq)),
                    headers.createMaxForwardsHeader(70));
            for (String[] header : extra) {
                request.addHeader(headers.createHeader(header[0], header[1]));
            }
            return new RequestEvent("test", null, null, request);
        }
    }
}
