package dev.parley.call.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import javax.sip.ResponseEvent;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import dev.parley.api.account.Account;
import dev.parley.api.call.CallDiversion;
import dev.parley.api.call.CallService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.registration.Binding;
import dev.parley.call.internal.FakeSip.Sent;
import dev.parley.call.internal.sip.StrayAnswers;

/**
 * What keeps calls from hanging or going astray: session timers (RFC 4028) and the maximum call duration, the
 * re-ACK of a retransmitted 2xx, 3xx redirection and forwarding of a ringing call, the callee's own no-answer
 * timeout.
 */
class CallRobustnessTest extends CallFixture {

    private static final String SESSION_EXPIRES = "Session-Expires";

    CallRobustnessTest() throws Exception {
    }

    private Request inviteWithTimer(String sessionExpires) throws Exception {
        Request invite = invite("sip:bob@example.org");
        invite.addHeader(sip.headers.createSupportedHeader("timer"));
        invite.setHeader(sip.headers.createHeader(SESSION_EXPIRES, sessionExpires));
        return invite;
    }

    private static String value(Message message, String name) {
        Header header = message.getHeader(name);
        if (header == null) {
            return null;
        }
        String encoded = header.toString().trim();
        return encoded.substring(encoded.indexOf(':') + 1).trim();
    }

    private void restartWith(CallConfig config) {
        engine.deactivate();
        start(config);
    }

    /** Waits for the call to be gone and for what its timer sends last: the timer runs on its own thread. */
    private boolean endedWithin(Duration timeout, BooleanSupplier lastEffect) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (engine.registry().active().isEmpty() && lastEffect.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private BooleanSupplier byesSentAndEndPosted(int byes) {
        return () -> sip.sentRequests(Request.BYE).size() >= byes && !events.isEmpty()
                && CallService.TOPIC_ENDED.equals(last(events).getTopic());
    }

    @Test
    void anInviteAskingForTooShortASessionGets422WithMinSe() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);

        handler.handle(sip.event(inviteWithTimer("30")));

        Response refused = last(sip.responses);
        assertEquals(422, refused.getStatusCode());
        assertEquals("90", value(refused, "Min-SE"));
        assertTrue(sip.sentInvites().isEmpty());
    }

    @Test
    void theSessionTimerGoesToTheCalleeAndTheCallerRefreshes() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(inviteWithTimer("1200")));

        Request toBob = sip.sentInvites().get(0).request();
        assertEquals("1200", value(toBob, SESSION_EXPIRES), "the caller refreshes: no refresher imposed on Bob");
        assertEquals("90", value(toBob, "Min-SE"));
        assertEquals("timer", value(toBob, "Supported"));
        sip.answer(sip.sentInvites().get(0), 200, "t1", "sip:tablet@192.0.2.3", ANSWER);

        Response ok = last(sip.responses);
        assertEquals(200, ok.getStatusCode());
        assertEquals("1200;refresher=uac", value(ok, SESSION_EXPIRES));
        assertEquals("timer", value(ok, "Require"));
    }

    /** Bob's first branch answers 422 with {@code minSe}. */
    private void bobSaysTooSmall(String minSe) throws Exception {
        Response tooSmall = sip.response(sip.sentInvites().get(0), 422, "t1", null, null);
        tooSmall.setHeader(sip.headers.createHeader("Min-SE", minSe));
        sip.deliver(sip.sentInvites().get(0), tooSmall);
    }

    @Test
    void aCalleesLargerMinSeIsRetriedButTheCallerKeepsTheIntervalItAskedFor() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(inviteWithTimer("1200")));
        bobSaysTooSmall("3600");

        Sent retry = sip.sentInvites().get(1);
        assertEquals("sip:tablet@192.0.2.3", retry.request().getRequestURI().toString());
        assertEquals("3600", value(retry.request(), SESSION_EXPIRES));
        Response fromBob = sip.response(retry, 200, "t2", "sip:tablet@192.0.2.3", ANSWER);
        fromBob.setHeader(sip.headers.createHeader(SESSION_EXPIRES, "3600;refresher=uac"));
        sip.deliver(retry, fromBob);
        assertEquals("1200;refresher=uac", value(last(sip.responses), SESSION_EXPIRES));
    }

    @Test
    void anAbsurdMinSeFailsTheCallWith422() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));
        bobSaysTooSmall("999999");

        assertEquals(1, sip.sentInvites().size());
        assertEquals(422, last(sip.responses).getStatusCode());
    }

    @Test
    void aCallerWithoutTimersLeavesTheRefreshesToTheCallee() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));

        assertEquals("1800;refresher=uas", value(sip.sentInvites().get(0).request(), SESSION_EXPIRES));
        Response fromBob = sip.response(sip.sentInvites().get(0), 200, "t1", "sip:tablet@192.0.2.3", ANSWER);
        fromBob.setHeader(sip.headers.createHeader(SESSION_EXPIRES, "1800;refresher=uas"));
        sip.deliver(sip.sentInvites().get(0), fromBob);

        assertNull(value(last(sip.responses), SESSION_EXPIRES), "Alice did not ask for timers");
        assertTrue(engine.registry().active().get(0).sessionTimer().armed());
    }

    @Test
    void aRefreshKeepsTheCallAndWithoutOneItIsEndedOnBothLegs() throws Exception {
        restartWith(config(30, 10, false, 1800, 1, 14400));
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(inviteWithTimer("3"))); // ended 2 s after the last refresh
        Sent branch = sip.sentInvites().get(0);
        sip.answer(branch, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);
        handler.handle(sip.event(inDialogFromAlice(Request.ACK, 1, null)));

        Thread.sleep(1200);
        handler.handle(sip.event(inDialogFromAlice(Request.INVITE, 2, OFFER)));
        Sent refresh = last(sip.sent);
        assertEquals(Request.INVITE, refresh.request().getMethod());
        sip.answer(refresh, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);
        assertEquals("3;refresher=uac", value(last(sip.responses), SESSION_EXPIRES), "the refresh is confirmed");
        Thread.sleep(1300);
        assertEquals(1, engine.registry().active().size(), "refreshed 1.3 s ago: still up");

        assertTrue(endedWithin(Duration.ofSeconds(3), byesSentAndEndPosted(2)));
        List<Request> byes = sip.sentRequests(Request.BYE);
        assertEquals(List.of("sip:alice@192.0.2.10:5062", "sip:tablet@192.0.2.3"),
                byes.stream().map(r -> r.getRequestURI().toString()).sorted().toList());
        assertEquals("SESSION_EXPIRED", last(events).getProperty(CallService.PROPERTY_REASON));
    }

    @Test
    void aCallRestoredAfterARestartLearnsItsTimerFromTheFirstRefresh() throws Exception {
        answeredCall();
        engine.deactivate();
        start(config(30, 10, false));
        assertFalse(engine.registry().active().get(0).sessionTimer().armed(), "timers are not stored");
        Request refresh = inDialogFromAlice(Request.INVITE, 2, OFFER);
        refresh.setHeader(sip.headers.createHeader(SESSION_EXPIRES, "1200;refresher=uac"));

        handler.handle(sip.event(refresh));
        sip.answer(last(sip.sent), 200, "t1", "sip:tablet@192.0.2.3", ANSWER);

        assertEquals("1200;refresher=uac", value(last(sip.responses), SESSION_EXPIRES));
        assertTrue(engine.registry().active().get(0).sessionTimer().armed());
    }

    @Test
    void aRefreshOfAJoinedCallAnsweredByParleyStillCounts() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(inviteWithTimer("1200")));
        sip.answer(sip.sentInvites().get(0), 200, "t1", "sip:tablet@192.0.2.3", ANSWER);
        handler.handle(sip.event(inDialogFromAlice(Request.ACK, 1, null)));
        CallSession session = engine.registry().active().get(0);
        session.setConference("conference-1");
        int sent = sip.sent.size();

        handler.handle(sip.event(inDialogFromAlice(Request.INVITE, 2, OFFER)));

        assertEquals(sent, sip.sent.size(), "answered by Parley, not relayed");
        assertEquals("1200;refresher=uac", value(last(sip.responses), SESSION_EXPIRES));
    }

    @Test
    void aCallWithoutSessionTimersEndsAfterTheMaximumDuration() throws Exception {
        restartWith(config(30, 10, false, 1800, 90, 1));
        answeredCall();
        assertFalse(engine.registry().active().get(0).sessionTimer().armed(), "neither party refreshes");

        assertTrue(endedWithin(Duration.ofSeconds(4), byesSentAndEndPosted(2)));
        assertEquals(2, sip.sentRequests(Request.BYE).size());
        assertEquals("SESSION_EXPIRED", last(events).getProperty(CallService.PROPERTY_REASON));
    }

    @Test
    void aRelayedRequestAnswered481EndsTheCallWithAByeToTheRequester() throws Exception {
        answeredCall();
        handler.handle(sip.event(inDialogFromAlice(Request.INFO, 2, null)));

        sip.answer(last(sip.sent), 481, "t1", null, null);

        assertEquals(481, last(sip.responses).getStatusCode());
        assertEquals(List.of(ALICE_CONTACT),
                sip.sentRequests(Request.BYE).stream().map(r -> r.getRequestURI().toString()).toList());
        assertTrue(engine.registry().active().isEmpty());
        assertEquals("FAILED", last(events).getProperty(CallService.PROPERTY_REASON));
    }

    @Test
    void aRetransmitted2xxIsAckedAgainAndNotTakenForASecondAnswer() throws Exception {
        Sent branch = answeredCall();
        Response again = sip.response(branch, 200, "t1", "sip:tablet@192.0.2.3", ANSWER);

        sip.deliver(branch, again); // while the transaction still exists
        assertTrue(new StrayAnswers(engine).handleStray(new ResponseEvent(sip.provider, null, null, again)));

        List<Request> acks = sip.sentRequests(Request.ACK);
        assertEquals(3, acks.size());
        assertTrue(acks.stream().allMatch(ack -> ack == acks.get(0)), "the same ACK goes again");
        assertTrue(sip.sentRequests(Request.BYE).isEmpty());
        assertEquals(1, engine.registry().active().size());
        Response foreign = sip.response(branch, 200, "t1", null, null);
        foreign.setHeader(sip.headers.createCallIdHeader("unknown"));
        assertFalse(engine.relay().retransmittedAnswer(foreign));
    }

    private void carolRegistered() {
        Instant now = Instant.now();
        when(accounts.find(CAROL)).thenReturn(Optional.of(mock(Account.class)));
        when(location.lookup(CAROL)).thenReturn(List.of(new Binding(CAROL, CAROL_PHONE, now.plusSeconds(600), 1.0f,
                "reg", 1, "udp", "192.0.2.5:5060", List.of(), null, 0, null, now)));
    }

    @Test
    void a302ToALocalUserCallsThatUserInsteadAndLoopsAreCut() throws Exception {
        carolRegistered();
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));

        sip.answer(sip.sentInvites().get(0), 302, "t1", CAROL.uri(), null);

        Sent toCarol = sip.sentInvites().get(1);
        assertEquals(CAROL_PHONE, toCarol.request().getRequestURI().toString());
        assertEquals(CAROL, engine.registry().active().get(0).callee());
        sip.answer(toCarol, 302, "c1", BOB.uri(), null); // back to Bob: the second redirection
        sip.answer(sip.sentInvites().get(2), 302, "t2", CAROL.uri(), null); // a third one is too many

        assertEquals(3, sip.sentInvites().size());
        assertEquals(482, last(sip.responses).getStatusCode());
        assertTrue(engine.registry().active().isEmpty());
    }

    @Test
    void aRedirectionOutsideTheRegisteredUsersIsNotFollowed() throws Exception {
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));

        sip.answer(sip.sentInvites().get(0), 302, "t1", "sip:mallory@elsewhere.net", null);

        assertEquals(1, sip.sentInvites().size());
        assertEquals(480, last(sip.responses).getStatusCode());
    }

    @Test
    void forwardDeflectsARingingCallToTheTarget() throws Exception {
        carolRegistered();
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));
        sip.answer(sip.sentInvites().get(0), 180, "t1", null, null);
        CallService calls = new CallServiceImpl(engine, accounts, new ConferenceBridge(engine, sip.core));
        String id = engine.registry().active().get(0).id();

        calls.forward(id, CAROL);

        assertEquals(List.of("sip:tablet@192.0.2.3"),
                sip.sentRequests(Request.CANCEL).stream().map(r -> r.getRequestURI().toString()).toList());
        Sent toCarol = sip.sentInvites().get(1);
        assertEquals(CAROL_PHONE, toCarol.request().getRequestURI().toString());
        assertEquals(CAROL, calls.find(id).orElseThrow().callee());
        sip.answer(sip.sentInvites().get(0), 487, "t1", null, null); // Bob's cancelled branch is no failure
        sip.answer(toCarol, 200, "c1", CAROL_PHONE, ANSWER);
        assertEquals(200, last(sip.responses).getStatusCode());
        ParleyException late = assertThrows(ParleyException.class, () -> calls.forward(id, BOB));
        assertEquals(ParleyError.INVALID_STATE, late.error());
    }

    @Test
    void theCalleesOwnNoAnswerTimeoutComesFromTheDiversionService() throws Exception {
        CallDiversion voicemail = mock(CallDiversion.class);
        when(voicemail.noAnswerTimeout(BOB)).thenReturn(Optional.of(Duration.ofMillis(300)));
        when(voicemail.divert(any())).thenReturn(Optional.empty());
        engine.bindDiversion(voicemail);
        contacts("sip:tablet@192.0.2.3", 1.0f);
        handler.handle(sip.event(invite("sip:bob@example.org")));
        sip.answer(sip.sentInvites().get(0), 180, "t1", null, null);

        assertTrue(endedWithin(Duration.ofSeconds(3), () -> !sip.responses.isEmpty()
                && last(sip.responses).getStatusCode() == 408), "ended long before the configured 30 s");
        assertEquals(1, sip.sentRequests(Request.CANCEL).size());
        assertEquals(408, last(sip.responses).getStatusCode());
    }
}
