package dev.parley.call.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.EndReason;
import dev.parley.api.call.JoinedCalls;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.media.Conference;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaSession;
import dev.parley.api.registration.LocationService;
import dev.parley.call.internal.FakeSip.Sent;

/** Joining two calls: the delayed-offer re-INVITEs, the mix, the parties leaving, a refusal, the bundle stopping. */
class ConferenceBridgeTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "example.org");
    private static final SipAddress DAVE = new SipAddress("dave", "example.org");

    private final FakeSip sip = new FakeSip();
    private final EventAdmin eventAdmin = mock(EventAdmin.class);
    private final List<Event> events = new ArrayList<>();
    private final MediaEngine media = mock(MediaEngine.class);
    private final Conference mix = mock(Conference.class);
    /** The media session answering each offer, by the offer's text. */
    private final Map<String, MediaSession> sessions = new HashMap<>();
    private final CallEngine engine;
    private final ConferenceBridge bridge;

    ConferenceBridgeTest() throws Exception {
        doAnswer(inv -> events.add(inv.getArgument(0))).when(eventAdmin).postEvent(any());
        engine = new CallEngine(sip.core, new InMemoryCallStore(), eventAdmin, mock(LocationService.class),
                mock(CallConfig.class));
        bridge = new ConferenceBridge(engine, sip.core);
        when(media.createConference()).thenReturn(mix);
        when(media.open(anyString())).thenAnswer(inv -> {
            String offer = inv.getArgument(0);
            MediaSession session = mock(MediaSession.class);
            when(session.sdpAnswer()).thenReturn(offer.replace("offer", "parley-answer"));
            sessions.put(offer, session);
            return session;
        });
    }

    @AfterEach
    void stop() {
        engine.deactivate();
    }

    @Test
    void withoutAMediaEngineJoiningIsUnavailableAndTheCallsGoOn() {
        established("ab", ALICE, BOB);
        established("ac", ALICE, CAROL);

        ParleyException error = assertThrows(ParleyException.class, () -> bridge.join("ab", "ac"));

        assertEquals(ParleyError.SERVICE_UNAVAILABLE, error.error());
        assertTrue(sip.sent.isEmpty());
        assertEquals(CallState.ESTABLISHED, engine.registry().find("ab").orElseThrow().state());
    }

    @Test
    void refusesUnknownCallsTheSameCallTwiceCallsWithoutOneCommonPartyAndUnansweredCalls() {
        bridge.bindMedia(media);
        established("ab", ALICE, BOB);
        established("cd", CAROL, DAVE);
        established("ba", BOB, ALICE);
        CallSession ringing = new CallSession("ringing", ALICE, CAROL, Instant.now(), leg("ringing-a"),
                CallState.RINGING);
        engine.registry().add(ringing, null);

        assertEquals(ParleyError.NO_SUCH_CALL, refusal("ab", "x").error());
        assertEquals(ParleyError.INVALID_ARGUMENT, refusal("ab", "ab").error());
        assertEquals(ParleyError.INVALID_STATE, refusal("ab", "cd").error());
        assertEquals("calls ab and ba have two parties in common, not one", refusal("ab", "ba").getMessage());
        assertEquals("call ringing is RINGING", refusal("ab", "ringing").getMessage());
        assertTrue(sip.sent.isEmpty());
    }

    @Test
    void everyPartyIsReInvitedWithoutAnOfferAnsweredFromItsOwnSessionAndTheThreeAreMixed() throws Exception {
        JoinedCalls joined = joinAliceBobCarol();

        assertEquals(ALICE, joined.commonParty());
        assertEquals(List.of("ab", "ac"), joined.callIds());
        List<Request> acks = sip.sentRequests(Request.ACK);
        assertEquals(4, acks.size());
        for (Request ack : acks) {
            assertTrue(body(ack).startsWith("parley-answer "), body(ack));
        }
        // Bob, Carol and Alice's session of the first call are mixed; her session of the second is parked
        verify(mix).add(sessions.get(offer("ab-a")));
        verify(mix).add(sessions.get(offer("ab-b")));
        verify(mix).add(sessions.get(offer("ac-b")));
        verify(mix, never()).add(sessions.get(offer("ac-a")));
        List<Event> joinedEvents = events.stream().filter(e -> e.getTopic().equals(CallService.TOPIC_JOINED)).toList();
        assertEquals(List.of("ab", "ac"), joinedEvents.stream().map(e -> e.getProperty("callId")).toList());
        assertEquals(joined.id(), joinedEvents.get(0).getProperty(CallService.PROPERTY_CONFERENCE));
        assertEquals(ALICE.uri(), joinedEvents.get(0).getProperty(CallService.PROPERTY_PARTY));
        assertEquals("parley-answer ab-b", engine.registry().find("ab").orElseThrow().calleeLeg().localSdp());
    }

    @Test
    void aJoinedPartysReInviteIsAnsweredByParleyNotRelayed() throws Exception {
        joinAliceBobCarol();
        int sentBefore = sip.sent.size();

        Request reinvite = inDialog("ab-b", Request.INVITE, "v=0 bob holds\r\n");
        engine.relay().handle(sip.event(reinvite));

        Response ok = sip.responses.get(sip.responses.size() - 1);
        assertEquals(200, ok.getStatusCode());
        assertEquals("parley-answer ab-b", body(ok));
        assertEquals(sentBefore, sip.sent.size());
        assertEquals(ParleyError.INVALID_STATE,
                assertThrows(ParleyException.class, () -> engine.control().hold("ab", ALICE, true)).error());
    }

    @Test
    void aPartyLeavingLeavesTheOtherTwoMixedAndTheCommonPartySpeaksThroughItsParkedSession() throws Exception {
        JoinedCalls joined = joinAliceBobCarol();
        CallSession first = engine.registry().find("ab").orElseThrow();

        synchronized (first) {
            engine.registry().end(first, EndReason.CALLEE_HUNG_UP);
        }
        bridge.handleEvent(lastEnded());

        verify(sessions.get(offer("ab-a"))).close();
        verify(sessions.get(offer("ab-b"))).close();
        verify(mix).add(sessions.get(offer("ac-a")));
        verify(mix, never()).close();
        assertEquals(Map.of("ac", joined.id()), bridge.joinedCalls());

        CallSession second = engine.registry().find("ac").orElseThrow();
        synchronized (second) {
            engine.registry().end(second, EndReason.CALLER_HUNG_UP);
        }
        bridge.handleEvent(lastEnded());

        verify(sessions.get(offer("ac-b"))).close();
        verify(mix).close();
        assertTrue(bridge.joinedCalls().isEmpty());
    }

    @Test
    void aPartyRefusingTheReInviteEndsBothCallsAndClosesTheSessionsOpened() throws Exception {
        bridge.bindMedia(media);
        established("ab", ALICE, BOB);
        established("ac", ALICE, CAROL);
        CompletableFuture<JoinedCalls> join = CompletableFuture.supplyAsync(() -> bridge.join("ab", "ac"));
        List<Sent> invites = awaitInvites(4);

        sip.answer(invites.get(0), 200, "ignored", null, offer("ab-a"));
        sip.answer(invites.get(1), 488, "ignored", null, null);
        sip.answer(invites.get(2), 200, "ignored", null, offer("ac-a"));
        sip.answer(invites.get(3), 200, "ignored", null, offer("ac-b"));

        ExecutionException failure = assertThrows(ExecutionException.class, () -> join.get(5, TimeUnit.SECONDS));
        assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, ((ParleyException) failure.getCause()).error());
        assertTrue(engine.registry().active().isEmpty());
        assertEquals(4, sip.sentRequests(Request.BYE).size());
        verify(sessions.get(offer("ab-a"))).close();
        verify(sessions.get(offer("ac-b"))).close();
        verify(media, never()).createConference();
    }

    @Test
    void stoppingTheBridgeHangsUpTheJoinedCalls() throws Exception {
        joinAliceBobCarol();

        bridge.deactivate();

        assertTrue(engine.registry().active().isEmpty());
        assertEquals(4, sip.sentRequests(Request.BYE).size());
        verify(mix).close();
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /** Alice called Bob (call ab) and Carol (call ac); both joined, every party answering with its offer. */
    private JoinedCalls joinAliceBobCarol() throws Exception {
        bridge.bindMedia(media);
        established("ab", ALICE, BOB);
        established("ac", ALICE, CAROL);
        CompletableFuture<JoinedCalls> join = CompletableFuture.supplyAsync(() -> bridge.join("ab", "ac"));
        List<Sent> invites = awaitInvites(4);
        for (Sent invite : invites) {
            assertNull(invite.request().getRawContent(), "delayed offer: the re-INVITE has no body");
            String legCallId = ((CallIdHeader) invite.request().getHeader(CallIdHeader.NAME)).getCallId();
            sip.answer(invite, 200, ((ToHeader) invite.request().getHeader(ToHeader.NAME)).getTag(), null,
                    offer(legCallId));
        }
        return join.get(5, TimeUnit.SECONDS);
    }

    private ParleyException refusal(String first, String second) {
        return assertThrows(ParleyException.class, () -> bridge.join(first, second));
    }

    private List<Sent> awaitInvites(int count) throws InterruptedException {
        for (int i = 0; i < 500 && sip.sentInvites().size() < count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, sip.sentInvites().size());
        return sip.sentInvites();
    }

    private static String offer(String legCallId) {
        return "offer " + legCallId;
    }

    /** An answered call {@code id}: leg {@code id-a} with the caller, {@code id-b} with the callee. */
    private void established(String id, SipAddress caller, SipAddress callee) {
        CallSession session = new CallSession(id, caller, callee, Instant.now(), leg(id + "-a"), CallState.INITIATING);
        engine.registry().add(session, null);
        Leg calleeLeg = leg(id + "-b");
        session.answer(calleeLeg, Instant.now());
        engine.registry().index(session, calleeLeg);
    }

    private static Leg leg(String sipCallId) {
        return new Leg(sipCallId, "sip:parley@example.org", "parley-" + sipCallId, "sip:peer@example.org",
                "peer-" + sipCallId, "sip:peer@192.0.2.7", List.of(), "udp", 1, 1);
    }

    /** A request the peer of leg {@code legCallId} sends in its dialog. */
    private Request inDialog(String legCallId, String method, String sdp) throws Exception {
        Request request = sip.messages.createRequest(sip.addresses.createURI("sip:parley@127.0.0.1"), method,
                sip.headers.createCallIdHeader(legCallId), sip.headers.createCSeqHeader(2L, method),
                sip.headers.createFromHeader(sip.addresses.createAddress("sip:peer@example.org"),
                        "peer-" + legCallId),
                sip.headers.createToHeader(sip.addresses.createAddress("sip:parley@example.org"),
                        "parley-" + legCallId),
                new ArrayList<>(List.of(sip.headers.createViaHeader("192.0.2.7", 5060, "udp", "z9hG4bK-peer"))),
                sip.headers.createMaxForwardsHeader(70));
        request.setContent(sdp, sip.headers.createContentTypeHeader("application", "sdp"));
        return request;
    }

    private Event lastEnded() {
        List<Event> ended = events.stream().filter(e -> e.getTopic().equals(CallService.TOPIC_ENDED)).toList();
        return ended.get(ended.size() - 1);
    }

    private static String body(javax.sip.message.Message message) {
        return new String(message.getRawContent(), StandardCharsets.UTF_8);
    }
}
