package dev.parley.call.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sip.header.CSeqHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.parley.api.account.Account;
import dev.parley.api.call.CallDiversion;
import dev.parley.api.call.CallTarget;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.DiversionReason;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.call.internal.FakeSip.Sent;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.RequestSource;

/** The B2BUA's call flows with real jain-sip messages and recorded transactions (no network). */
class B2buaTest extends CallFixture {

    B2buaTest() throws Exception {
    }

    @Test
    void forksToTheHighestQGroupAndTheFirstAnswerWinsTheOthersAreCancelled() throws Exception {
        contacts("sip:desk@192.0.2.1", 0.5f, "sip:mobile@192.0.2.2", 1.0f, "sip:tablet@192.0.2.3", 1.0f);

        handler.handle(sip.event(invite("sip:bob@example.org")));

        assertEquals(100, sip.responses.get(0).getStatusCode());
        List<Sent> branches = sip.sentInvites();
        assertEquals(List.of("sip:mobile@192.0.2.2", "sip:tablet@192.0.2.3"),
                branches.stream().map(s -> s.request().getRequestURI().toString()).toList());
        Request toTablet = branches.get(1).request();
        assertEquals(OFFER, body(toTablet));
        assertNotEquals("alice-call", callId(toTablet));
        assertEquals(ALICE.uri(), ((FromHeader) toTablet.getHeader(FromHeader.NAME)).getAddress().getURI().toString());

        sip.answer(branches.get(0), 180, "m1", null, null);
        Response ringing = last(sip.responses);
        assertEquals(180, ringing.getStatusCode());
        String aliceLegTag = toTag(ringing);
        sip.answer(branches.get(1), 200, "t1", "sip:tablet@192.0.2.3;ob", ANSWER);

        Response ok = last(sip.responses);
        assertEquals(200, ok.getStatusCode());
        assertEquals(ANSWER, body(ok));
        assertEquals(aliceLegTag, toTag(ok));
        Request ack = sip.sentRequests(Request.ACK).get(0);
        assertEquals("sip:tablet@192.0.2.3;ob", ack.getRequestURI().toString());
        assertEquals("t1", toTag(ack));
        assertEquals(1, ((CSeqHeader) ack.getHeader(CSeqHeader.NAME)).getSeqNumber());
        assertEquals(List.of("sip:mobile@192.0.2.2"),
                sip.sentRequests(Request.CANCEL).stream().map(r -> r.getRequestURI().toString()).toList());
        assertEquals(1, store.all().size());
        assertEquals(CallState.ESTABLISHED, engine.registry().active().get(0).state());
        assertEquals(List.of(CallService.TOPIC_CREATED, CallService.TOPIC_RINGING, CallService.TOPIC_ANSWERED),
                events.stream().map(Event::getTopic).toList());

        sip.answer(branches.get(0), 200, "m1", "sip:mobile@192.0.2.2", ANSWER);

        assertEquals(List.of("sip:mobile@192.0.2.2"),
                sip.sentRequests(Request.BYE).stream().map(r -> r.getRequestURI().toString()).toList(),
                "a late answer is acknowledged and hung up");
        assertEquals(2, sip.sentRequests(Request.ACK).size());
    }

    @Test
    void theNextGroupIsTriedWhenTheFirstFails() throws Exception {
        contacts("sip:desk@192.0.2.1", 0.5f, "sip:mobile@192.0.2.2", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));

        sip.answer(sip.sentInvites().get(0), 480, "m1", null, null);

        assertEquals("sip:desk@192.0.2.1", sip.sentInvites().get(1).request().getRequestURI().toString());
        sip.answer(sip.sentInvites().get(1), 486, "d1", null, null);
        assertEquals(486, last(sip.responses).getStatusCode());
        Event ended = last(events);
        assertEquals(CallService.TOPIC_ENDED, ended.getTopic());
        assertEquals("BUSY", ended.getProperty(CallService.PROPERTY_REASON));
        assertTrue(engine.registry().active().isEmpty());
    }

    @Test
    void aCalleeWithoutContactsIsTemporarilyUnavailable() throws Exception {
        handler.handle(sip.event(invite("sip:bob@example.org")));

        assertEquals(480, last(sip.responses).getStatusCode());
        assertEquals("UNAVAILABLE", last(events).getProperty(CallService.PROPERTY_REASON));
    }

    @Test
    void aBusyCallIsTakenByTheDiversionServiceWithItsAnswer() throws Exception {
        CallDiversion voicemail = mock(CallDiversion.class);
        DivertedSession mailbox = mock(DivertedSession.class);
        when(mailbox.sdpAnswer()).thenReturn(ANSWER);
        when(voicemail.divert(any())).thenReturn(Optional.of(mailbox));
        engine.bindDiversion(voicemail);
        contacts("sip:mobile@192.0.2.2", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));

        sip.answer(sip.sentInvites().get(0), 486, "m1", null, null);

        Response ok = last(sip.responses);
        assertEquals(200, ok.getStatusCode());
        assertEquals(ANSWER, body(ok));
        verify(voicemail).divert(argThat(call -> call.reason() == DiversionReason.BUSY && call.callee().equals(BOB)
                && OFFER.equals(call.sdpOffer())));
        handler.handle(sip.event(inDialogFromAlice(Request.ACK, 1, null)));
        Request info = inDialogFromAlice(Request.INFO, 2, null);
        info.setContent("Signal=7\r\nDuration=160\r\n",
                sip.headers.createContentTypeHeader("application", "dtmf-relay"));
        handler.handle(sip.event(info));
        verify(mailbox).dtmfReceived('7');
        handler.handle(sip.event(inDialogFromAlice(Request.BYE, 3, null)));
        verify(mailbox).ended();
        assertEquals("DIVERTED", last(events).getProperty(CallService.PROPERTY_REASON));
    }

    @Test
    void withoutADiversionServiceTheCallerHearsBusy() throws Exception {
        CallDiversion gone = mock(CallDiversion.class);
        engine.bindDiversion(gone);
        engine.unbindDiversion(gone);
        contacts("sip:mobile@192.0.2.2", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));

        sip.answer(sip.sentInvites().get(0), 486, "m1", null, null);

        assertEquals(486, last(sip.responses).getStatusCode());
        verify(gone, never()).divert(any());
    }

    @Test
    void theCallerCancelsEveryBranch() throws Exception {
        contacts("sip:mobile@192.0.2.2", 1.0f);
        Request invite = invite("sip:bob@example.org");
        handler.handle(sip.event(invite));
        sip.answer(sip.sentInvites().get(0), 180, "m1", null, null);

        handler.handle(sip.event(cancelOf(invite)));

        List<Integer> statuses = sip.responses.stream().map(Response::getStatusCode).toList();
        assertEquals(List.of(100, 180, 200, 487), statuses);
        assertEquals(1, sip.sentRequests(Request.CANCEL).size());
        assertEquals("CANCELLED", last(events).getProperty(CallService.PROPERTY_REASON));
    }

    @Test
    void aLocalCallerWithoutCredentialsIsChallengedAsByAProxy() throws Exception {
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(Outcome.MISSING, null, "none"));

        handler.handle(sip.event(invite("sip:bob@example.org")));

        assertEquals(407, last(sip.responses).getStatusCode());
        verify(authenticator).challenge(any(), eq("example.org"), eq(true), eq(false));
        assertTrue(sip.sent.isEmpty());
    }

    @Test
    void aTargetOutsideTheLocalDomainsIsRefused() throws Exception {
        handler.handle(sip.event(invite("sip:victim@elsewhere.example")));

        Response refused = last(sip.responses);
        assertEquals(403, refused.getStatusCode());
        assertEquals("Relaying not allowed", refused.getReasonPhrase());
        assertTrue(sip.sent.isEmpty());
    }

    @Test
    void anUnknownCalleeIsNotFound() throws Exception {
        handler.handle(sip.event(invite("sip:nobody@example.org")));

        assertEquals(404, last(sip.responses).getStatusCode());
    }

    @Test
    void anAddressClaimedByACallTargetIsCalledAndDivertedLikeAnUnregisteredUser() throws Exception {
        SipAddress accessNumber = new SipAddress("*98", "example.org");
        CallTarget voicemailAccess = accessNumber::equals;
        CallDiversion voicemail = mock(CallDiversion.class);
        DivertedSession menu = mock(DivertedSession.class);
        when(menu.sdpAnswer()).thenReturn(ANSWER);
        when(voicemail.divert(any())).thenReturn(Optional.of(menu));
        engine.bindDiversion(voicemail);
        engine.bindTarget(voicemailAccess);

        handler.handle(sip.event(invite("sip:*98@example.org")));

        assertEquals(200, last(sip.responses).getStatusCode());
        verify(voicemail).divert(argThat(call -> call.reason() == DiversionReason.UNREGISTERED
                && call.callee().equals(accessNumber) && call.caller().equals(ALICE)));

        engine.unbindTarget(voicemailAccess);
        handler.handle(sip.event(invite("sip:*98@example.org")));
        assertEquals(404, last(sip.responses).getStatusCode());
    }

    @Test
    void aCallerOverTheLimitIsRefused() throws Exception {
        engine.deactivate();
        start(config(30, 1, false));
        contacts("sip:mobile@192.0.2.2", 1.0f);
        Request first = invite("sip:bob@example.org");
        handler.handle(sip.event(first));

        handler.handle(sip.event(invite("sip:bob@example.org")));

        assertEquals(403, last(sip.responses).getStatusCode());
        assertEquals("Too many calls", last(sip.responses).getReasonPhrase());
        sip.answer(sip.sentInvites().get(0), 486, "m1", null, null);
        handler.handle(sip.event(invite("sip:bob@example.org")));
        assertEquals(2, sip.sentInvites().size(), "the ended call no longer counts");
    }

    @Test
    void aForeignCallerIsAcceptedUnauthenticatedOnlyWhenConfigured() throws Exception {
        engine.deactivate();
        start(config(30, 10, true));
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(Outcome.MISSING, null, "none"));
        contacts("sip:mobile@192.0.2.2", 1.0f);
        Request fromOutside = invite("sip:bob@example.org");
        fromOutside.setHeader(sip.headers.createFromHeader(sip.addresses.createAddress("sip:carol@other.example"),
                "c1"));

        handler.handle(sip.event(fromOutside));

        assertEquals(1, sip.sentInvites().size());
    }

    @Test
    void aReinviteIsRelayedAndItsSendonlyOfferHoldsTheCall() throws Exception {
        Sent branch = answeredCall();
        String hold = OFFER.replace("o=alice 1 1", "o=alice 1 2") + "a=sendonly\r\n";

        handler.handle(sip.event(inDialogFromAlice(Request.INVITE, 2, hold)));

        Request relayed = last(sip.sentInvites()).request();
        assertEquals(hold, body(relayed));
        assertEquals(callId(branch.request()), callId(relayed));
        assertEquals(2, ((CSeqHeader) relayed.getHeader(CSeqHeader.NAME)).getSeqNumber());
        sip.answer(last(sip.sentInvites()), 200, "t1", "sip:tablet@192.0.2.3", ANSWER + "a=recvonly\r\n");
        assertEquals(200, last(sip.responses).getStatusCode());
        assertEquals(2, sip.sentRequests(Request.ACK).size());
        assertEquals(CallState.HELD, engine.registry().active().get(0).state());
        assertEquals(ALICE.uri(), last(events).getProperty(CallService.PROPERTY_PARTY));
        assertEquals("HELD", store.all().get(0).state());
    }

    @Test
    void holdThroughTheServiceSendsTheHoldersSdpAsSendonlyWithANewVersion() throws Exception {
        answeredCall();
        String id = engine.registry().active().get(0).id();
        CallServiceImpl calls = new CallServiceImpl(engine, accounts, new ConferenceBridge(engine, sip.core));

        calls.hold(id, ALICE);

        Request reinvite = last(sip.sentInvites()).request();
        assertEquals(Sdp.withDirection(OFFER, Sdp.Direction.SENDONLY), body(reinvite));
        assertTrue(body(reinvite).contains("o=alice 1 2 "));
        sip.answer(last(sip.sentInvites()), 200, "t1", "sip:tablet@192.0.2.3", ANSWER + "a=recvonly\r\n");
        assertEquals(CallState.HELD, calls.find(id).orElseThrow().state());

        calls.resume(id, ALICE);

        assertTrue(body(last(sip.sentInvites()).request()).contains("a=sendrecv"));
        sip.answer(last(sip.sentInvites()), 200, "t1", "sip:tablet@192.0.2.3", ANSWER);
        assertEquals(CallState.ESTABLISHED, calls.find(id).orElseThrow().state());
        assertEquals(List.of(CallService.TOPIC_HELD, CallService.TOPIC_RESUMED), events.stream()
                .map(Event::getTopic).filter(t -> t.endsWith("HELD") || t.endsWith("RESUMED")).toList());
    }

    @Test
    void dtmfDigitsGoOneInfoAfterTheOther() throws Exception {
        answeredCall();
        String id = engine.registry().active().get(0).id();

        new CallServiceImpl(engine, accounts, new ConferenceBridge(engine, sip.core)).sendDtmf(id, BOB, "1#");

        List<Sent> infos = sip.sent.stream().filter(s -> s.request().getMethod().equals(Request.INFO)).toList();
        assertEquals(1, infos.size(), "the second digit waits for the answer to the first");
        assertEquals("Signal=1\r\nDuration=160\r\n", body(infos.get(0).request()));
        sip.answer(infos.get(0), 200, "t1", null, null);
        List<Request> all = sip.sentRequests(Request.INFO);
        assertEquals("Signal=#\r\nDuration=160\r\n", body(last(all)));
        assertTrue(((CSeqHeader) last(all).getHeader(CSeqHeader.NAME)).getSeqNumber()
                > ((CSeqHeader) all.get(0).getHeader(CSeqHeader.NAME)).getSeqNumber());
    }

    @Test
    void aBlindTransferConnectsTheTransfereeToTheTargetAndReleasesTheTransferor() throws Exception {
        answeredCall();
        String id = engine.registry().active().get(0).id();
        carolRegistered();

        new CallServiceImpl(engine, accounts, new ConferenceBridge(engine, sip.core)).transfer(id, ALICE, CAROL);

        assertTransferCompletes(id);
    }

    @Test
    void aReferIsAcceptedAndItsProgressNotifiedAsSipfrag() throws Exception {
        answeredCall();
        String id = engine.registry().active().get(0).id();
        carolRegistered();
        Request refer = inDialogFromAlice(Request.REFER, 2, null);
        refer.setHeader(sip.headers.createReferToHeader(sip.addresses.createAddress(CAROL.uri())));

        handler.handle(sip.event(refer));

        assertEquals(202, last(sip.responses).getStatusCode());
        Request trying = sip.sentRequests(Request.NOTIFY).get(0);
        assertEquals("SIP/2.0 100 Trying\r\n", body(trying));
        assertEquals("refer", ((EventHeader) trying.getHeader(EventHeader.NAME)).getEventType());
        assertTransferCompletes(id);
        Request done = last(sip.sentRequests(Request.NOTIFY));
        assertEquals("SIP/2.0 200 OK\r\n", body(done));
        assertEquals("terminated",
                ((SubscriptionStateHeader) done.getHeader(SubscriptionStateHeader.NAME)).getState());
    }

    @Test
    void anAttendedTransferJoinsTheTransfereeWithTheConsultedParty() throws Exception {
        Sent toBob = answeredCall();
        carolRegistered();
        when(accounts.find(CAROL)).thenReturn(Optional.of(mock(Account.class)));
        Request consult = invite(CAROL.uri());
        consult.setHeader(sip.headers.createCallIdHeader("alice-call-2"));
        handler.handle(sip.event(consult));
        Sent toCarol = last(sip.sentInvites());
        sip.answer(toCarol, 200, "c1", CAROL_PHONE, ANSWER.replace("bob", "carol"));
        String parleyTagOfConsultation = toTag(last(sip.responses));
        Request refer = inDialogFromAlice(Request.REFER, 2, null);
        refer.setHeader(sip.headers.createReferToHeader(sip.addresses.createAddress("<sip:carol@example.org?Replaces="
                + "alice-call-2%3Bto-tag%3D" + parleyTagOfConsultation + "%3Bfrom-tag%3Da1>")));

        handler.handle(sip.event(refer));

        assertEquals(202, last(sip.responses).getStatusCode());
        Sent askCarol = last(sip.sentInvites());
        assertEquals(callId(toCarol.request()), callId(askCarol.request()), "a re-INVITE in Carol's dialog");
        assertEquals(null, askCarol.request().getRawContent(), "Carol is asked for an offer");
        String carolOffer = OFFER.replace("alice", "carol");
        sip.answer(askCarol, 200, "c1", CAROL_PHONE, carolOffer);
        Sent toBobAgain = last(sip.sentInvites());
        assertEquals(callId(toBob.request()), callId(toBobAgain.request()));
        assertEquals(carolOffer, body(toBobAgain.request()));
        sip.answer(toBobAgain, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);

        Request carolAck = last(sip.sentRequests(Request.ACK));
        assertEquals(ANSWER, body(carolAck));
        assertEquals(callId(toCarol.request()), callId(carolAck));
        assertEquals(List.of("alice-call", "alice-call-2"),
                sip.sentRequests(Request.BYE).stream().map(B2buaTest::callId).sorted().toList());
        assertEquals("SIP/2.0 200 OK\r\n", body(last(sip.sentRequests(Request.NOTIFY))));
        List<CallSession> active = engine.registry().active();
        assertEquals(1, active.size());
        assertEquals(BOB, active.get(0).caller());
        assertEquals(CAROL, active.get(0).callee());
        assertEquals(CallState.ESTABLISHED, active.get(0).state());
        assertEquals(1, store.all().size());
    }

    @Test
    void anAttendedTransferToAnUnknownDialogIsNotifiedAs481() throws Exception {
        answeredCall();
        Request refer = inDialogFromAlice(Request.REFER, 2, null);
        refer.setHeader(sip.headers.createReferToHeader(sip.addresses.createAddress(
                "<sip:carol@example.org?Replaces=nothing%3Bto-tag%3D1%3Bfrom-tag%3D2>")));

        handler.handle(sip.event(refer));

        assertEquals(202, last(sip.responses).getStatusCode());
        assertTrue(body(last(sip.sentRequests(Request.NOTIFY))).startsWith("SIP/2.0 481"));
        assertEquals(1, engine.registry().active().size(), "the call goes on");
    }

    /** Carol answers with her offer, Bob's tablet accepts it in a re-INVITE; Alice is released. */
    private void assertTransferCompletes(String oldId) throws Exception {
        Sent toCarol = last(sip.sentInvites());
        assertEquals(CAROL_PHONE, toCarol.request().getRequestURI().toString());
        assertEquals(null, toCarol.request().getRawContent(), "the target makes the offer");
        assertEquals(BOB.uri(),
                ((FromHeader) toCarol.request().getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        assertEquals(CAROL.uri(),
                ((ToHeader) toCarol.request().getHeader(ToHeader.NAME)).getAddress().getURI().toString());
        String carolOffer = OFFER.replace("alice", "carol");
        sip.answer(toCarol, 200, "c1", CAROL_PHONE, carolOffer);
        Sent reinvite = last(sip.sentInvites());
        assertEquals("sip:tablet@192.0.2.3", reinvite.request().getRequestURI().toString());
        assertEquals(carolOffer, body(reinvite.request()));

        sip.answer(reinvite, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);

        List<Request> acks = sip.sentRequests(Request.ACK);
        assertEquals(ANSWER, body(last(acks)), "Bob's answer reaches Carol in her ACK");
        assertEquals(CAROL_PHONE, last(acks).getRequestURI().toString());
        assertEquals(ALICE_CONTACT, last(sip.sentRequests(Request.BYE)).getRequestURI().toString());
        assertTrue(engine.registry().find(oldId).isEmpty());
        CallSession next = engine.registry().active().get(0);
        assertEquals(BOB, next.caller());
        assertEquals(CAROL, next.callee());
        assertEquals(CallState.ESTABLISHED, next.state());
        Event transferred = events.stream().filter(e -> e.getTopic().equals(CallService.TOPIC_TRANSFERRED))
                .findFirst().orElseThrow();
        assertEquals(ALICE.uri(), transferred.getProperty(CallService.PROPERTY_PARTY));
        assertEquals(CAROL.uri(), transferred.getProperty(CallService.PROPERTY_TARGET));
        assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(CallService.TOPIC_ENDED)
                && "TRANSFERRED".equals(e.getProperty(CallService.PROPERTY_REASON))));
    }

    private void carolRegistered() {
        Instant now = Instant.now();
        when(location.lookup(CAROL)).thenReturn(List.of(new Binding(CAROL, CAROL_PHONE, now.plusSeconds(600), 1.0f,
                "reg", 1, "udp", "192.0.2.5:5060", List.of(), null, 0, null, now)));
    }

    @Test
    void originateCallsTheFirstPartyWithoutOfferThenTheSecondWithItsOfferAndAcksWithTheAnswer() throws Exception {
        when(accounts.find(ALICE)).thenReturn(Optional.of(mock(Account.class)));
        Instant now = Instant.now();
        when(location.lookup(ALICE)).thenReturn(List.of(new Binding(ALICE, ALICE_CONTACT, now.plusSeconds(600), 1.0f,
                "reg", 1, "udp", "192.0.2.10:5062", List.of(), null, 0, null, now)));
        contacts("sip:tablet@192.0.2.3", 1.0f);
        CallServiceImpl calls = new CallServiceImpl(engine, accounts, new ConferenceBridge(engine, sip.core));

        String id = calls.originate(ALICE, BOB).id();

        Sent toAlice = sip.sentInvites().get(0);
        assertEquals(ALICE_CONTACT, toAlice.request().getRequestURI().toString());
        assertEquals(null, toAlice.request().getRawContent());
        assertEquals(BOB.uri(),
                ((FromHeader) toAlice.request().getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        sip.answer(toAlice, 200, "ad1", ALICE_CONTACT, OFFER);
        Sent toBob = sip.sentInvites().get(1);
        assertEquals(OFFER, body(toBob.request()));
        assertEquals(CallState.INITIATING, calls.find(id).orElseThrow().state());
        sip.answer(toBob, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);

        List<Request> acks = sip.sentRequests(Request.ACK);
        assertEquals(List.of("sip:tablet@192.0.2.3", ALICE_CONTACT),
                acks.stream().map(a -> a.getRequestURI().toString()).toList());
        assertEquals(ANSWER, body(acks.get(1)));
        assertEquals(CallState.ESTABLISHED, calls.find(id).orElseThrow().state());
        assertEquals(1, store.all().size());
    }

    @Test
    void originateWithAnUnknownPartyIsRefused() {
        ParleyException refused = assertThrows(ParleyException.class,
                () -> new CallServiceImpl(engine, accounts, new ConferenceBridge(engine, sip.core))
                        .originate(ALICE, BOB));

        assertEquals(ParleyError.NOT_FOUND, refused.error());
    }

    @Test
    void aByeFromTheCalleeIsRelayedToTheCallerAfterARestart() throws Exception {
        Sent branch = answeredCall();
        String parleyTagTowardsBob = ((FromHeader) branch.request().getHeader(FromHeader.NAME)).getTag();
        String parleyTagTowardsAlice = toTag(last(sip.responses));
        engine.deactivate();
        start(config(30, 10, false));

        Request bye = sip.messages.createRequest(sip.addresses.createURI("sip:127.0.0.1:5060"), Request.BYE,
                sip.headers.createCallIdHeader(callId(branch.request())), sip.headers.createCSeqHeader(1L, Request.BYE),
                sip.headers.createFromHeader(sip.addresses.createAddress(BOB.uri()), "t1"),
                sip.headers.createToHeader(sip.addresses.createAddress(ALICE.uri()), parleyTagTowardsBob),
                new ArrayList<>(List.of(sip.headers.createViaHeader("192.0.2.3", 5060, "udp", "z9hG4bK-bye"))),
                sip.headers.createMaxForwardsHeader(70));
        handler.handle(sip.event(bye));

        assertEquals(200, last(sip.responses).getStatusCode());
        Request toAlice = last(sip.sentRequests(Request.BYE));
        assertEquals(ALICE_CONTACT, toAlice.getRequestURI().toString());
        assertEquals(new RequestSource("udp", "192.0.2.10", 5062), sip.flowOf(toAlice),
                "the caller's flow was stored with the call");
        assertEquals("alice-call", callId(toAlice));
        assertEquals(parleyTagTowardsAlice, ((FromHeader) toAlice.getHeader(FromHeader.NAME)).getTag());
        assertEquals("a1", toTag(toAlice));
        assertEquals("CALLEE_HUNG_UP", last(events).getProperty(CallService.PROPERTY_REASON));
        assertTrue(store.all().isEmpty());
    }

    @Test
    void requestsGoWhereEachPartyRegisteredOrCalledFromNotToItsContact() throws Exception {
        Sent branch = answeredCall();
        RequestSource bobsRegister = new RequestSource("udp", "192.0.2.9", 5060);
        assertEquals(bobsRegister, sip.flowOf(branch.request()));
        assertEquals(bobsRegister, sip.flowOf(sip.sentRequests(Request.ACK).get(0)));

        engine.control().hangUp(engine.registry().active().get(0).id());

        List<Request> byes = sip.sentRequests(Request.BYE);
        assertEquals(2, byes.size());
        for (Request bye : byes) {
            RequestSource expected = "alice-call".equals(callId(bye)) ? new RequestSource("udp", "192.0.2.10", 5062)
                    : bobsRegister;
            assertEquals(expected, sip.flowOf(bye), callId(bye));
        }
    }

    @Test
    void aRequestInAnUnknownDialogGets481() throws Exception {
        handler.handle(sip.event(inDialogFromAlice(Request.BYE, 2, null)));

        assertEquals(481, last(sip.responses).getStatusCode());
    }
}
