package dev.parley.call.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.LocationService;
import dev.parley.api.server.ServerInfo;
import dev.parley.call.internal.FakeSip.Sent;
import dev.parley.call.internal.sip.CallRequestHandler;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.DigestAuthenticator;

/**
 * The B2BUA wired for unit tests: a {@link FakeSip} core, an in-memory store, Alice calling Bob (both in
 * {@code example.org}) with helpers for her requests and Bob's contacts. Extended by the flow tests.
 */
abstract class CallFixture {

    static final SipAddress ALICE = new SipAddress("alice", "example.org");
    static final SipAddress BOB = new SipAddress("bob", "example.org");
    static final SipAddress CAROL = new SipAddress("carol", "example.org");
    static final String CAROL_PHONE = "sip:carol@192.0.2.5";
    static final String ALICE_CONTACT = "sip:alice@192.0.2.10:5062";
    static final String OFFER = "v=0\r\no=alice 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
    static final String ANSWER = OFFER.replace("alice", "bob").replace("192.0.2.10", "192.0.2.3");

    final FakeSip sip = new FakeSip();
    final InMemoryCallStore store = new InMemoryCallStore();
    final EventAdmin eventAdmin = mock(EventAdmin.class);
    final List<Event> events = new CopyOnWriteArrayList<>();
    final DigestAuthenticator authenticator = mock(DigestAuthenticator.class, CALLS_REAL_METHODS);
    final ServerInfo server = mock(ServerInfo.class);
    final AccountService accounts = mock(AccountService.class);
    final LocationService location = mock(LocationService.class);
    final List<Binding> bobsContacts = new ArrayList<>();
    CallEngine engine;
    CallRequestHandler handler;

    CallFixture() throws Exception {
    }

    @BeforeEach
    void wire() {
        doAnswer(inv -> events.add(inv.getArgument(0))).when(eventAdmin).postEvent(any());
        when(server.isLocalDomain(anyString())).thenAnswer(inv -> "example.org".equals(inv.getArgument(0)));
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(Outcome.AUTHENTICATED, ALICE, "ok"));
        when(authenticator.challenge(any(), anyString(), anyBoolean(), anyBoolean()))
                .thenAnswer(inv -> sip.messages.createResponse(407, inv.getArgument(0)));
        when(accounts.find(BOB)).thenReturn(Optional.of(mock(Account.class)));
        when(location.lookup(BOB)).thenReturn(bobsContacts);
        start(config(30, 10, false));
    }

    void start(CallConfig config) {
        engine = new CallEngine(sip.core, store, eventAdmin, location, config);
        handler = new CallRequestHandler(engine, sip.core, authenticator, server, accounts, location);
    }

    @AfterEach
    void stop() {
        engine.deactivate();
    }

    /** Alice calls Bob's tablet, which answers; the caller's ACK arrived. */
    Sent answeredCall() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));
        Sent branch = sip.sentInvites().get(0);
        sip.answer(branch, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);
        handler.handle(sip.event(inDialogFromAlice(Request.ACK, 1, null)));
        return branch;
    }

    Request invite(String target) throws Exception {
        Request invite = sip.messages.createRequest(sip.addresses.createURI(target), Request.INVITE,
                sip.headers.createCallIdHeader("alice-call"), sip.headers.createCSeqHeader(1L, Request.INVITE),
                sip.headers.createFromHeader(sip.addresses.createAddress(ALICE.uri()), "a1"),
                sip.headers.createToHeader(sip.addresses.createAddress(target), null),
                new ArrayList<>(List.of(sip.headers.createViaHeader("192.0.2.10", 5062, "udp",
                        "z9hG4bK-alice-" + sip.responses.size()))),
                sip.headers.createMaxForwardsHeader(70));
        invite.setHeader(sip.headers.createContactHeader(sip.addresses.createAddress(ALICE_CONTACT)));
        invite.setContent(OFFER, sip.headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    Request cancelOf(Request invite) throws Exception {
        Request cancel = (Request) invite.clone();
        cancel.setMethod(Request.CANCEL);
        cancel.setHeader(sip.headers.createCSeqHeader(1L, Request.CANCEL));
        cancel.removeContent();
        return cancel;
    }

    /** A request from Alice in her dialog with Parley (To tag: Parley's tag of that leg). */
    Request inDialogFromAlice(String method, long cseq, String sdp) throws Exception {
        String parleyTag = sip.responses.stream().filter(r -> r.getStatusCode() > 100).map(B2buaTest::toTag)
                .findFirst().orElse("unknown");
        Request request = sip.messages.createRequest(sip.addresses.createURI("sip:127.0.0.1:5060"), method,
                sip.headers.createCallIdHeader("alice-call"), sip.headers.createCSeqHeader(cseq, method),
                sip.headers.createFromHeader(sip.addresses.createAddress(ALICE.uri()), "a1"),
                sip.headers.createToHeader(sip.addresses.createAddress(BOB.uri()), parleyTag),
                new ArrayList<>(List.of(sip.headers.createViaHeader("192.0.2.10", 5062, "udp",
                        "z9hG4bK-" + method + cseq))),
                sip.headers.createMaxForwardsHeader(70));
        request.setHeader(sip.headers.createContactHeader(sip.addresses.createAddress(ALICE_CONTACT)));
        if (sdp != null) {
            request.setContent(sdp, sip.headers.createContentTypeHeader("application", "sdp"));
        }
        return request;
    }

    void contacts(Object... contactAndQ) {
        Instant now = Instant.now();
        for (int i = 0; i < contactAndQ.length; i += 2) {
            bobsContacts.add(new Binding(BOB, (String) contactAndQ[i], now.plusSeconds(600), (Float) contactAndQ[i + 1],
                    "reg", 1, "udp", "192.0.2.9:5060", List.of(), null, 0, null, now));
        }
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    static String body(javax.sip.message.Message message) {
        return new String(message.getRawContent(), StandardCharsets.UTF_8);
    }

    static String callId(javax.sip.message.Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }

    static String toTag(javax.sip.message.Message message) {
        return ((ToHeader) message.getHeader(ToHeader.NAME)).getTag();
    }

    static CallConfig config(int noAnswer, int maxCalls, boolean inboundUnauthenticated) {
        return config(noAnswer, maxCalls, inboundUnauthenticated, 1800, 90, 14400);
    }

    static CallConfig config(int noAnswer, int maxCalls, boolean inboundUnauthenticated, int sessionExpires,
            int minSe, int maxCallDuration) {
        return new CallConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CallConfig.class;
            }

            @Override
            public int no_answer_timeout() {
                return noAnswer;
            }

            @Override
            public int max_calls_per_user() {
                return maxCalls;
            }

            @Override
            public boolean inbound_unauthenticated() {
                return inboundUnauthenticated;
            }

            @Override
            public int session_expires() {
                return sessionExpires;
            }

            @Override
            public int min_se() {
                return minSe;
            }

            @Override
            public int max_call_duration() {
                return maxCallDuration;
            }

            @Override
            public int max_redirections() {
                return 2;
            }
        };
    }
}
