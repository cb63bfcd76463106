package dev.parley.itests.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.RequestEvent;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallDiversion;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.call.DivertedCall;
import dev.parley.api.call.DivertedSession;
import dev.parley.api.common.SipAddress;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipPhone;
import dev.parley.itests.support.SipPhone.Dialog;
import dev.parley.itests.support.SipPhone.Sdp;

/**
 * The B2BUA in the real distribution, with jain-sip phones over UDP loopback: basic calls hung up from either side
 * (SDP passed through untouched, two dialogs), busy, no answer, cancel, forking, hold/resume, DTMF INFO,
 * click-to-call, blind and attended transfer by REFER, refused calls (407, no relay, 404, 480), a restart of the
 * call bundle mid-call, and the feature removed and reinstalled.
 */
public class CallIT extends ParleyKarafTestSupport {

    private static final Duration WAIT = SipPhone.TIMEOUT;
    private static final String PASSWORD = "call-secret-1";
    private static final String CALL_PID = "dev.parley.call";
    private static final String CALL_HANDLER = "(parley.sip.method=INVITE)";

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> eventHandler;

    @Before
    public void waitForCalls() throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", CALL_HANDLER, DEFAULT_TIMEOUT);
        waitForService(CallService.class, DEFAULT_TIMEOUT);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "parley/call/*");
        eventHandler = bundleContext.registerService(EventHandler.class, events::add, properties);
    }

    @After
    public void stopListening() {
        eventHandler.unregister();
    }

    private SipPhone phone(String user) throws Exception {
        return new SipPhone(sipPort(), user, DOMAIN, PASSWORD);
    }

    /** A new account, with a phone that registered. */
    private SipPhone registeredPhone() throws Exception {
        String user = newUser();
        SipPhone phone = phone(user);
        phone.register(1.0f);
        return phone;
    }

    private String newUser() {
        String user = "c" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    private CallService calls() throws InterruptedException {
        return waitForService(CallService.class, DEFAULT_TIMEOUT);
    }

    /** Alice calls Bob, Bob rings and answers: the established pair of dialogs. */
    private Dialog[] establish(SipPhone alice, SipPhone bob) throws Exception {
        String offer = Sdp.offer("192.0.2.10", 40000);
        String answer = Sdp.offer("192.0.2.20", 50000);
        Dialog caller = alice.call(bob.aor(), offer);
        Dialog callee = bob.awaitCall(WAIT);
        assertEquals("offer passed through untouched", offer, SipPhone.body(callee.invite()));
        callee.answer(Response.RINGING, null);
        callee.answer(Response.OK, answer);
        Response ok = caller.awaitFinal(WAIT);
        assertEquals(Response.OK, ok.getStatusCode());
        assertEquals("answer passed through untouched", answer, SipPhone.body(ok));
        caller.ack();
        bob.awaitRequest(Request.ACK, WAIT);
        return new Dialog[] { caller, callee };
    }

    private Call onlyCallOf(String aor) throws Exception {
        List<Call> active = calls().activeCalls(SipAddress.parse(aor));
        assertEquals("active calls of " + aor, 1, active.size());
        return active.get(0);
    }

    /** The next event of {@code topic} about a call placed by {@code caller} (earlier tests' calls are skipped). */
    private Event awaitEvent(String topic, SipPhone caller) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.getTopic().equals(topic)
                    && caller.aor().equals(event.getProperty(CallService.PROPERTY_CALLER))) {
                return event;
            }
        }
        throw new AssertionError("no event " + topic + " within " + WAIT);
    }

    @Test
    public void basicCallHungUpByTheCaller() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            String offer = Sdp.offer("192.0.2.10", 40000);
            Dialog caller = alice.call(bob.aor(), offer);
            Dialog callee = bob.awaitCall(WAIT);
            assertEquals(offer, SipPhone.body(callee.invite()));
            assertEquals("application/sdp", contentType(callee.invite()));
            assertNotEquals("two dialogs: the legs have their own Call-IDs", caller.callId(), callee.callId());
            callee.answer(Response.RINGING, null);
            assertEquals("180 relayed", Response.RINGING, caller.awaitResponse(WAIT).getStatusCode());
            String answer = Sdp.offer("192.0.2.20", 50000);
            callee.answer(Response.OK, answer);
            Response ok = caller.awaitFinal(WAIT);
            assertEquals(Response.OK, ok.getStatusCode());
            assertEquals(answer, SipPhone.body(ok));
            assertEquals("application/sdp", contentType(ok));
            caller.ack();
            bob.awaitRequest(Request.ACK, WAIT);
            Call call = onlyCallOf(alice.aor());
            assertEquals(CallState.ESTABLISHED, call.state());
            assertEquals(bob.aor(), call.callee().uri());
            Event created = awaitEvent(CallService.TOPIC_CREATED, alice);
            assertEquals(call.id(), created.getProperty(CallService.PROPERTY_CALL_ID));
            awaitEvent(CallService.TOPIC_ANSWERED, alice);

            assertEquals(Response.OK, caller.bye().getStatusCode());
            RequestEvent bye = bob.awaitRequest(Request.BYE, WAIT);
            bob.respond(bye, Response.OK, null);
            Event ended = awaitEvent(CallService.TOPIC_ENDED, alice);
            assertEquals("CALLER_HUNG_UP", ended.getProperty(CallService.PROPERTY_REASON));
            assertEquals(alice.aor(), ended.getProperty(CallService.PROPERTY_CALLER));
            assertTrue(ended.getProperty(CallService.PROPERTY_STARTED) instanceof Long);
            assertTrue(ended.getProperty(CallService.PROPERTY_ANSWERED) instanceof Long);
            assertTrue(ended.getProperty(CallService.PROPERTY_ENDED) instanceof Long);
            awaitEnded(call.id());
        }
    }

    @Test
    public void basicCallHungUpByTheCallee() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog[] legs = establish(alice, bob);
            assertEquals(Response.OK, legs[1].bye().getStatusCode());
            RequestEvent bye = alice.awaitRequest(Request.BYE, WAIT);
            alice.respond(bye, Response.OK, null);
            assertEquals("CALLEE_HUNG_UP",
                    awaitEvent(CallService.TOPIC_ENDED, alice).getProperty(CallService.PROPERTY_REASON));
            assertTrue(calls().activeCalls(SipAddress.parse(alice.aor())).isEmpty());
        }
    }

    @Test
    public void busyCalleeGives486() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
            bob.awaitCall(WAIT).answer(Response.BUSY_HERE, null);
            assertEquals(Response.BUSY_HERE, caller.awaitFinal(WAIT).getStatusCode());
            assertEquals("BUSY", awaitEvent(CallService.TOPIC_ENDED, alice).getProperty(CallService.PROPERTY_REASON));
        }
    }

    @Test
    public void unansweredCallIsCancelledAfterTheNoAnswerTimeout() throws Exception {
        setConfig(CALL_PID, "no.answer.timeout", 2);
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Thread.sleep(500); // the configuration reaches the component asynchronously
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
            Dialog callee = bob.awaitCall(WAIT);
            callee.answer(Response.RINGING, null);
            RequestEvent cancel = bob.awaitRequest(Request.CANCEL, WAIT);
            bob.respond(cancel, Response.OK, null);
            callee.answer(Response.REQUEST_TERMINATED, null);
            assertEquals(Response.REQUEST_TIMEOUT, caller.awaitFinal(WAIT).getStatusCode());
            assertEquals("NO_ANSWER",
                    awaitEvent(CallService.TOPIC_ENDED, alice).getProperty(CallService.PROPERTY_REASON));
        } finally {
            setConfig(CALL_PID, "no.answer.timeout", 30);
        }
    }

    @Test
    public void callerCancelsBeforeTheAnswer() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
            Dialog callee = bob.awaitCall(WAIT);
            callee.answer(Response.RINGING, null);
            assertEquals(Response.RINGING, caller.awaitResponse(WAIT).getStatusCode());
            assertEquals(Response.OK, caller.cancel().getStatusCode());
            assertEquals(Response.REQUEST_TERMINATED, caller.awaitFinal(WAIT).getStatusCode());
            RequestEvent cancel = bob.awaitRequest(Request.CANCEL, WAIT);
            bob.respond(cancel, Response.OK, null);
            callee.answer(Response.REQUEST_TERMINATED, null);
            assertEquals("CANCELLED",
                    awaitEvent(CallService.TOPIC_ENDED, alice).getProperty(CallService.PROPERTY_REASON));
        }
    }

    @Test
    public void forkedCallIsTakenByTheFirstAnswerAndTheOtherContactIsCancelled() throws Exception {
        String bobUser = newUser();
        try (SipPhone alice = registeredPhone(); SipPhone desk = phone(bobUser); SipPhone mobile = phone(bobUser)) {
            desk.register(1.0f);
            mobile.register(1.0f);
            Dialog caller = alice.call(desk.aor(), Sdp.offer("192.0.2.10", 40000));
            Dialog deskLeg = desk.awaitCall(WAIT);
            Dialog mobileLeg = mobile.awaitCall(WAIT);
            deskLeg.answer(Response.RINGING, null);
            mobileLeg.answer(Response.RINGING, null);
            String answer = Sdp.offer("192.0.2.30", 52000);
            mobileLeg.answer(Response.OK, answer);
            Response ok = caller.awaitFinal(WAIT);
            assertEquals(answer, SipPhone.body(ok));
            caller.ack();
            mobile.awaitRequest(Request.ACK, WAIT);
            RequestEvent cancel = desk.awaitRequest(Request.CANCEL, WAIT);
            desk.respond(cancel, Response.OK, null);
            deskLeg.answer(Response.REQUEST_TERMINATED, null);
            assertEquals(Response.OK, caller.bye().getStatusCode());
            mobile.respond(mobile.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void theNextQGroupIsTriedWhenTheFirstFails() throws Exception {
        String bobUser = newUser();
        try (SipPhone alice = registeredPhone(); SipPhone preferred = phone(bobUser);
                SipPhone fallback = phone(bobUser)) {
            preferred.register(1.0f);
            fallback.register(0.5f);
            Dialog caller = alice.call(preferred.aor(), Sdp.offer("192.0.2.10", 40000));
            Dialog first = preferred.awaitCall(WAIT);
            assertFalse("the lower q contact waits its turn",
                    fallback.receives(Request.INVITE, Duration.ofMillis(500)));
            first.answer(Response.TEMPORARILY_UNAVAILABLE, null);
            Dialog second = fallback.awaitCall(WAIT);
            second.answer(Response.OK, Sdp.offer("192.0.2.40", 54000));
            assertEquals(Response.OK, caller.awaitFinal(WAIT).getStatusCode());
            caller.ack();
            assertEquals(Response.OK, caller.bye().getStatusCode());
            fallback.respond(fallback.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void holdAndResumeAreRelayedAcross() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog[] legs = establish(alice, bob);
            String hold = Sdp.offer("192.0.2.10", 40000, "sendonly").replace("o=itest 1 1", "o=itest 1 2");
            assertReinvite(legs[0], bob, hold, "recvonly");
            assertEquals(CallState.HELD, onlyCallOf(alice.aor()).state());
            assertEquals(alice.aor(),
                    awaitEvent(CallService.TOPIC_HELD, alice).getProperty(CallService.PROPERTY_PARTY));

            String resume = Sdp.offer("192.0.2.10", 40000).replace("o=itest 1 1", "o=itest 1 3");
            assertReinvite(legs[0], bob, resume, "sendrecv");
            assertEquals(CallState.ESTABLISHED, onlyCallOf(alice.aor()).state());
            awaitEvent(CallService.TOPIC_RESUMED, alice);
            legs[0].bye();
            bob.respond(bob.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    private void assertReinvite(Dialog caller, SipPhone bob, String offer, String answerDirection) throws Exception {
        Thread reinvite = new Thread(() -> {
            try {
                RequestEvent received = bob.awaitRequest(Request.INVITE, WAIT);
                assertEquals("re-INVITE offer untouched", offer, SipPhone.body(received.getRequest()));
                bob.respond(received, Response.OK, Sdp.offer("192.0.2.20", 50000, answerDirection));
                bob.awaitRequest(Request.ACK, WAIT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reinvite.start();
        Response ok = caller.send(Request.INVITE, "application/sdp", offer);
        reinvite.join(WAIT.toMillis());
        assertEquals(Response.OK, ok.getStatusCode());
        assertTrue(SipPhone.body(ok).contains("a=" + answerDirection));
    }

    @Test
    public void dtmfInfoIsRelayed() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog[] legs = establish(alice, bob);
            String dtmf = "Signal=5\r\nDuration=160\r\n";
            Thread answerer = new Thread(() -> {
                try {
                    RequestEvent info = bob.awaitRequest(Request.INFO, WAIT);
                    assertEquals(dtmf, SipPhone.body(info.getRequest()));
                    assertEquals("application/dtmf-relay", contentType(info.getRequest()));
                    bob.respond(info, Response.OK, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            answerer.start();
            assertEquals(Response.OK, legs[0].send(Request.INFO, "application/dtmf-relay", dtmf).getStatusCode());
            answerer.join(WAIT.toMillis());
            legs[0].bye();
            bob.respond(bob.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void originateCallsTheFirstPartyThenBridgesTheSecond() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            String id = calls().originate(SipAddress.parse(alice.aor()), SipAddress.parse(bob.aor())).id();
            Dialog first = alice.awaitCall(WAIT);
            assertEquals("flow I: no offer to the first party", null, SipPhone.body(first.invite()));
            String offer = Sdp.offer("192.0.2.10", 40000);
            first.answer(Response.OK, offer);
            Dialog second = bob.awaitCall(WAIT);
            assertEquals(offer, SipPhone.body(second.invite()));
            String answer = Sdp.offer("192.0.2.20", 50000);
            second.answer(Response.OK, answer);
            RequestEvent ack = alice.awaitRequest(Request.ACK, WAIT);
            assertEquals("the second party's answer reaches the first in the ACK", answer,
                    SipPhone.body(ack.getRequest()));
            bob.awaitRequest(Request.ACK, WAIT);
            assertEquals(CallState.ESTABLISHED, calls().find(id).orElseThrow().state());

            calls().hangUp(id);
            alice.respond(alice.awaitRequest(Request.BYE, WAIT), Response.OK, null);
            bob.respond(bob.awaitRequest(Request.BYE, WAIT), Response.OK, null);
            assertEquals("TERMINATED",
                    awaitEvent(CallService.TOPIC_ENDED, alice).getProperty(CallService.PROPERTY_REASON));
        }
    }

    @Test
    public void blindTransferByReferConnectsTheTransfereeToTheTarget() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone(); SipPhone carol = registeredPhone()) {
            Dialog[] legs = establish(alice, bob);
            assertEquals(Response.ACCEPTED, legs[0].refer(carol.aor()).getStatusCode());
            RequestEvent trying = alice.awaitRequest(Request.NOTIFY, WAIT);
            assertEquals("SIP/2.0 100 Trying\r\n", SipPhone.body(trying.getRequest()));
            alice.respond(trying, Response.OK, null);

            Dialog target = carol.awaitCall(WAIT);
            assertEquals("the target is asked for an offer", null, SipPhone.body(target.invite()));
            String carolOffer = Sdp.offer("192.0.2.30", 52000);
            target.answer(Response.OK, carolOffer);
            RequestEvent reinvite = bob.awaitRequest(Request.INVITE, WAIT);
            assertEquals(carolOffer, SipPhone.body(reinvite.getRequest()));
            String bobAnswer = Sdp.offer("192.0.2.20", 50000);
            bob.respond(reinvite, Response.OK, bobAnswer);
            bob.awaitRequest(Request.ACK, WAIT);
            assertEquals(bobAnswer, SipPhone.body(carol.awaitRequest(Request.ACK, WAIT).getRequest()));

            RequestEvent done = alice.awaitRequest(Request.NOTIFY, WAIT);
            assertEquals("SIP/2.0 200 OK\r\n", SipPhone.body(done.getRequest()));
            alice.respond(done, Response.OK, null);
            alice.respond(alice.awaitRequest(Request.BYE, WAIT), Response.OK, null);
            assertEquals("TRANSFERRED",
                    awaitEvent(CallService.TOPIC_ENDED, alice).getProperty(CallService.PROPERTY_REASON));
            Call transferred = onlyCallOf(carol.aor());
            assertEquals(bob.aor(), transferred.caller().uri());

            assertEquals(Response.OK, legs[1].bye().getStatusCode());
            carol.respond(carol.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void attendedTransferJoinsTheTransfereeWithTheConsultedParty() throws Exception {
        String aliceUser = newUser();
        try (SipPhone alice = phone(aliceUser); SipPhone aliceConsulting = phone(aliceUser);
                SipPhone bob = registeredPhone(); SipPhone carol = registeredPhone()) {
            Dialog[] held = establish(alice, bob);
            Dialog[] consultation = establish(aliceConsulting, carol);
            Dialog replaced = consultation[0];
            String replaces = replaced.callId().replace("@", "%40") + "%3Bto-tag%3D" + replaced.remoteTag() + "%3Bfrom-tag%3D"
                    + replaced.localTag();

            assertEquals(Response.ACCEPTED, held[0].refer("<" + carol.aor() + "?Replaces=" + replaces + ">")
                    .getStatusCode());
            alice.respond(alice.awaitRequest(Request.NOTIFY, WAIT), Response.OK, null);
            RequestEvent askCarol = carol.awaitRequest(Request.INVITE, WAIT);
            assertEquals("the consulted party is asked for an offer", null, SipPhone.body(askCarol.getRequest()));
            String carolOffer = Sdp.offer("192.0.2.30", 52000);
            carol.respond(askCarol, Response.OK, carolOffer);
            RequestEvent toBob = bob.awaitRequest(Request.INVITE, WAIT);
            assertEquals(carolOffer, SipPhone.body(toBob.getRequest()));
            String bobAnswer = Sdp.offer("192.0.2.20", 50000);
            bob.respond(toBob, Response.OK, bobAnswer);
            assertEquals(bobAnswer, SipPhone.body(carol.awaitRequest(Request.ACK, WAIT).getRequest()));

            RequestEvent done = alice.awaitRequest(Request.NOTIFY, WAIT);
            assertEquals("SIP/2.0 200 OK\r\n", SipPhone.body(done.getRequest()));
            alice.respond(done, Response.OK, null);
            alice.respond(alice.awaitRequest(Request.BYE, WAIT), Response.OK, null);
            aliceConsulting.respond(aliceConsulting.awaitRequest(Request.BYE, WAIT), Response.OK, null);
            Call joined = onlyCallOf(carol.aor());
            assertEquals(bob.aor(), joined.caller().uri());
            assertEquals(CallState.ESTABLISHED, joined.state());

            assertEquals(Response.OK, held[1].bye().getStatusCode());
            carol.respond(carol.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void unauthenticatedAndRelayingCallsAreRefused() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Response challenge = alice.callUnauthenticated(alice.aor(), bob.aor());
            assertEquals(Response.PROXY_AUTHENTICATION_REQUIRED, challenge.getStatusCode());
            assertNotNull(challenge.getHeader(ProxyAuthenticateHeader.NAME));

            Response foreignToLocal = alice.callUnauthenticated("sip:mallory@evil.example", bob.aor());
            assertEquals("a foreign caller is challenged by default", Response.PROXY_AUTHENTICATION_REQUIRED,
                    foreignToLocal.getStatusCode());

            Response openRelay = alice.callUnauthenticated("sip:mallory@evil.example", "sip:victim@elsewhere.example");
            assertEquals(Response.FORBIDDEN, openRelay.getStatusCode());
            assertEquals("Relaying not allowed", openRelay.getReasonPhrase());

            Dialog relayed = alice.call("sip:victim@elsewhere.example", Sdp.offer("192.0.2.10", 40000));
            Response refused = relayed.awaitFinal(WAIT);
            assertEquals("an authenticated user cannot relay either", Response.FORBIDDEN, refused.getStatusCode());
            assertEquals("Relaying not allowed", refused.getReasonPhrase());
        }
    }

    @Test
    public void unknownAndUnregisteredCalleesGet404And480() throws Exception {
        String carol = newUser();
        try (SipPhone alice = registeredPhone()) {
            Dialog unknown = alice.call("sip:nobody-" + UUID.randomUUID() + "@" + DOMAIN, null);
            assertEquals(Response.NOT_FOUND, unknown.awaitFinal(WAIT).getStatusCode());
            Dialog unregistered = alice.call("sip:" + carol + "@" + DOMAIN, Sdp.offer("192.0.2.10", 40000));
            assertEquals(Response.TEMPORARILY_UNAVAILABLE, unregistered.awaitFinal(WAIT).getStatusCode());
        }
    }

    @Test
    public void byeIsRelayedAfterARestartOfTheCallBundle() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog[] legs = establish(alice, bob);
            String id = onlyCallOf(alice.aor()).id();

            restartBundle("dev.parley.call");
            waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", CALL_HANDLER, DEFAULT_TIMEOUT);
            assertTrue("the call is known again", calls().find(id).isPresent());

            assertEquals(Response.OK, legs[1].bye().getStatusCode());
            alice.respond(alice.awaitRequest(Request.BYE, WAIT), Response.OK, null);
            awaitEnded(id);
        }
    }

    /** The call ends a moment after the BYE is answered and relayed: poll for it. */
    private void awaitEnded(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (calls().find(id).isPresent()) {
            assertTrue("call " + id + " still active after " + WAIT, System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    @Test
    public void withoutTheFeatureInviteGets503AndCallsWorkAgainAfterReinstall() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            uninstallFeature("parley-call");
            try {
                Response refused = alice.callUnauthenticated(alice.aor(), bob.aor());
                assertEquals(Response.SERVICE_UNAVAILABLE, refused.getStatusCode());
                assertNotNull("503 carries Retry-After", refused.getHeader(RetryAfterHeader.NAME));
            } finally {
                installFeature("parley-call");
            }
            waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", CALL_HANDLER, DEFAULT_TIMEOUT);
            Dialog[] legs = establish(alice, bob);
            assertEquals(Response.OK, legs[0].bye().getStatusCode());
            bob.respond(bob.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    private static String header(javax.sip.message.Message message, String name) {
        javax.sip.header.Header header = message.getHeader(name);
        if (header == null) {
            return null;
        }
        String encoded = header.toString().trim();
        return encoded.substring(encoded.indexOf(':') + 1).trim();
    }

    /** Both parties get Parley's BYE (answered 200) and the call ends with {@code reason}. */
    private void awaitByesAndEnd(SipPhone alice, SipPhone bob, String id, String reason, Duration timeout)
            throws Exception {
        alice.respond(alice.awaitRequest(Request.BYE, timeout), Response.OK, null);
        bob.respond(bob.awaitRequest(Request.BYE, timeout), Response.OK, null);
        Event ended = awaitEvent(CallService.TOPIC_ENDED, alice);
        assertEquals(id, ended.getProperty(CallService.PROPERTY_CALL_ID));
        assertEquals(reason, ended.getProperty(CallService.PROPERTY_REASON));
        awaitEnded(id);
    }

    @Test
    public void aSessionIntervalBelowMinSeGets422() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000),
                    Map.of("Supported", "timer", "Session-Expires", "30"));
            Response refused = caller.awaitFinal(WAIT);
            assertEquals(422, refused.getStatusCode());
            assertEquals("90", header(refused, "Min-SE"));
            assertFalse("Bob is not called", bob.receives(Request.INVITE, Duration.ofMillis(500)));
        }
    }

    @Test
    public void aCallWhoseSessionIsNotRefreshedIsEndedOnBothLegs() throws Exception {
        setConfig(CALL_PID, "min.se", 1);
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Thread.sleep(500); // the configuration reaches the component asynchronously
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000),
                    Map.of("Supported", "timer", "Session-Expires", "6"));
            Dialog callee = bob.awaitCall(WAIT);
            assertEquals("6", header(callee.invite(), "Session-Expires"));
            callee.answer(Response.OK, Sdp.offer("192.0.2.20", 50000));
            Response ok = caller.awaitFinal(WAIT);
            assertEquals("Alice refreshes", "6;refresher=uac", header(ok, "Session-Expires"));
            caller.ack();
            bob.awaitRequest(Request.ACK, WAIT);
            String id = onlyCallOf(alice.aor()).id();

            Thread.sleep(1500);
            Thread answerer = new Thread(() -> {
                try {
                    bob.respond(bob.awaitRequest(Request.UPDATE, WAIT), Response.OK, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            answerer.start();
            Response refreshed = caller.send(Request.UPDATE, null, null);
            answerer.join(WAIT.toMillis());
            assertEquals(Response.OK, refreshed.getStatusCode());
            assertEquals("the refresh is confirmed", "6;refresher=uac", header(refreshed, "Session-Expires"));
            Thread.sleep(2500);
            assertTrue("refreshed 2.5 s ago (the session ends 4 s after it): still up", calls().find(id).isPresent());

            awaitByesAndEnd(alice, bob, id, "SESSION_EXPIRED", Duration.ofSeconds(4));
        } finally {
            setConfig(CALL_PID, "min.se", 90);
        }
    }

    @Test
    public void aCallWithoutSessionTimersEndsAfterTheMaximumDuration() throws Exception {
        setConfig(CALL_PID, "max.call.duration", 2);
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Thread.sleep(500);
            establish(alice, bob);
            String id = onlyCallOf(alice.aor()).id();

            awaitByesAndEnd(alice, bob, id, "SESSION_EXPIRED", Duration.ofSeconds(5));
        } finally {
            setConfig(CALL_PID, "max.call.duration", 14400);
        }
    }

    @Test
    public void aRetransmitted2xxIsAckedAgain() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
            Dialog callee = bob.awaitCall(WAIT);
            Response ok = callee.response(Response.OK, Sdp.offer("192.0.2.20", 50000));
            callee.answer(ok);
            assertEquals(Response.OK, caller.awaitFinal(WAIT).getStatusCode());
            caller.ack();
            bob.awaitRequest(Request.ACK, WAIT);

            callee.retransmit(ok);
            assertTrue("the 2xx sent again is ACKed again", bob.receives(Request.ACK, WAIT));
            Thread.sleep(3000); // later, when the stack may have dropped the transaction (a stray response)
            callee.retransmit(ok);
            assertTrue("and again", bob.receives(Request.ACK, WAIT));
            assertFalse("no BYE: it is not taken for a second answer", bob.receives(Request.BYE,
                    Duration.ofMillis(500)));

            assertEquals(Response.OK, caller.bye().getStatusCode());
            bob.respond(bob.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void aRedirectionToAnotherUserIsFollowed() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone();
                SipPhone carol = registeredPhone()) {
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
            bob.awaitCall(WAIT).redirect(carol.aor());
            Dialog forwarded = carol.awaitCall(WAIT);
            String answer = Sdp.offer("192.0.2.30", 52000);
            forwarded.answer(Response.OK, answer);
            Response ok = caller.awaitFinal(WAIT);
            assertEquals(Response.OK, ok.getStatusCode());
            assertEquals(answer, SipPhone.body(ok));
            caller.ack();
            carol.awaitRequest(Request.ACK, WAIT);
            assertEquals(carol.aor(), onlyCallOf(alice.aor()).callee().uri());

            assertEquals(Response.OK, caller.bye().getStatusCode());
            carol.respond(carol.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    @Test
    public void forwardDeflectsARingingCall() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone();
                SipPhone carol = registeredPhone()) {
            Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
            Dialog ringing = bob.awaitCall(WAIT);
            ringing.answer(Response.RINGING, null);
            assertEquals(Response.RINGING, caller.awaitResponse(WAIT).getStatusCode());
            String id = onlyCallOf(alice.aor()).id();

            String output = executeCommand("parley:call-forward " + id + " " + carol.aor());
            assertTrue(output, output.contains("forwarded to " + carol.aor()));

            bob.respond(bob.awaitRequest(Request.CANCEL, WAIT), Response.OK, null);
            ringing.answer(Response.REQUEST_TERMINATED, null);
            Dialog forwarded = carol.awaitCall(WAIT);
            forwarded.answer(Response.OK, Sdp.offer("192.0.2.30", 52000));
            assertEquals(Response.OK, caller.awaitFinal(WAIT).getStatusCode());
            caller.ack();
            carol.awaitRequest(Request.ACK, WAIT);
            assertEquals(carol.aor(), calls().find(id).orElseThrow().callee().uri());

            assertEquals(Response.OK, caller.bye().getStatusCode());
            carol.respond(carol.awaitRequest(Request.BYE, WAIT), Response.OK, null);
        }
    }

    /** A diversion service that takes no call but gives Bob a 1 s no-answer timeout (voicemail does so per user). */
    private static final class ShortRinging implements CallDiversion {
        private final SipAddress callee;

        ShortRinging(SipAddress callee) {
            this.callee = callee;
        }

        @Override
        public Optional<DivertedSession> divert(DivertedCall call) {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> noAnswerTimeout(SipAddress user) {
            return user.equals(callee) ? Optional.of(Duration.ofSeconds(1)) : Optional.empty();
        }
    }

    @Test
    public void theCalleesOwnNoAnswerTimeoutIsHonoured() throws Exception {
        try (SipPhone alice = registeredPhone(); SipPhone bob = registeredPhone()) {
            Dictionary<String, Object> ranking = new Hashtable<>();
            ranking.put(Constants.SERVICE_RANKING, 1000);
            ServiceRegistration<CallDiversion> diversion = bundleContext.registerService(CallDiversion.class,
                    new ShortRinging(SipAddress.parse(bob.aor())), ranking);
            try {
                Thread.sleep(300); // the call service rebinds to the higher-ranked diversion service
                Dialog caller = alice.call(bob.aor(), Sdp.offer("192.0.2.10", 40000));
                Dialog callee = bob.awaitCall(WAIT);
                callee.answer(Response.RINGING, null);
                long ringing = System.nanoTime();
                RequestEvent cancel = bob.awaitRequest(Request.CANCEL, WAIT);
                long rangMillis = (System.nanoTime() - ringing) / 1_000_000;
                assertTrue("cancelled after " + rangMillis + " ms, not the configured 30 s", rangMillis < 3000);
                bob.respond(cancel, Response.OK, null);
                callee.answer(Response.REQUEST_TERMINATED, null);
                assertEquals(Response.REQUEST_TIMEOUT, caller.awaitFinal(WAIT).getStatusCode());
            } finally {
                diversion.unregister();
            }
        }
    }

    private static String contentType(javax.sip.message.Message message) {
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        return type == null ? null : type.getContentType() + "/" + type.getContentSubType();
    }
}
