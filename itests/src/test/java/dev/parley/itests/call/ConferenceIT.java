package dev.parley.itests.call;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sip.RequestEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.JoinedCalls;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.media.MediaEngine;
import dev.parley.itests.media.Audio;
import dev.parley.itests.media.RtpPeer;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipPhone;
import dev.parley.itests.support.SipPhone.Dialog;

/**
 * Three-party join ({@link CallService#join}) in the real distribution with parley-media: Alice calls Bob and Carol,
 * joins the calls; every party is re-INVITEd without an offer, and each one's recording of what Parley sends holds
 * the other two tones and not its own. Bob leaving leaves Alice and Carol hearing each other; Alice hanging up both
 * ends everything. Without a media engine the join is refused with 503 and the calls go on. A restart of the call
 * bundle hangs up the joined calls (the conference is not persisted) and calls work afterwards.
 */
public class ConferenceIT extends ParleyKarafTestSupport {

    private static final Duration WAIT = SipPhone.TIMEOUT;
    private static final String PASSWORD = "conf-secret-1";
    private static final double ALICE_TONE = 500;
    private static final double BOB_TONE = 1000;
    private static final double CAROL_TONE = 1500;
    private static final double[] TONES = { ALICE_TONE, BOB_TONE, CAROL_TONE };

    private CallService calls;
    /** Senders, recorders and the blocking join run here (the common pool has one thread on two cores). */
    private final ExecutorService background = Executors.newCachedThreadPool();

    @Before
    public void installMedia() throws Exception {
        installFeature("parley-media");
        waitForService(MediaEngine.class, DEFAULT_TIMEOUT);
        calls = waitForService(CallService.class, DEFAULT_TIMEOUT);
        waitForCommand("parley", "call-join", DEFAULT_TIMEOUT);
    }

    @After
    public void stopBackground() {
        background.shutdownNow();
    }

    @Test
    public void eachPartyHearsTheOtherTwoAndTheRemainingTwoGoOnWhenOneLeaves() throws Exception {
        try (Party alice = new Party(); Party bob = new Party(); Party carol = new Party()) {
            Calls placed = new Calls(alice, bob, carol);
            Party.Leg aliceWithBob = placed.aliceWithBob;
            Party.Leg aliceWithCarol = placed.aliceWithCarol;
            String toBob = placed.toBob;
            String toCarol = placed.toCarol;

            Duration refused = withoutMediaEngine(() -> calls.join(toBob, toCarol));
            assertEquals("calls still up after the refused join", 2, calls.activeCalls(alice.address()).size());
            assertTrue("refused at once, not after re-INVITEs: " + refused, refused.toMillis() < 2000);

            JoinedCalls joined = join(toBob, toCarol, alice, bob, carol);
            assertEquals(alice.address(), joined.commonParty());

            // Alice speaks on her leg of the first call; her second leg is parked (silent both ways)
            List<short[]> heard = exchange(List.of(aliceWithBob, bob.leg(), carol.leg()), TONES);
            assertHears("Alice", heard.get(0), ALICE_TONE, BOB_TONE, CAROL_TONE);
            assertHears("Bob", heard.get(1), BOB_TONE, ALICE_TONE, CAROL_TONE);
            assertHears("Carol", heard.get(2), CAROL_TONE, ALICE_TONE, BOB_TONE);

            assertEquals(200, bob.leg().dialog.bye().getStatusCode());
            assertEquals(aliceWithBob.dialog.callId(), alice.answerBye());
            waitUntil(() -> calls.find(toBob).isEmpty(), "Bob's call ended");
            assertTrue(calls.find(toCarol).isPresent());

            // Alice now speaks through her leg of the remaining call
            heard = exchange(List.of(aliceWithCarol, carol.leg()), new double[] { ALICE_TONE, CAROL_TONE });
            assertHears("Alice after Bob left", heard.get(0), ALICE_TONE, CAROL_TONE);
            assertHears("Carol after Bob left", heard.get(1), CAROL_TONE, ALICE_TONE);

            assertEquals(200, carol.leg().dialog.bye().getStatusCode());
            assertEquals(aliceWithCarol.dialog.callId(), alice.answerBye());
            waitUntil(() -> calls.activeCalls(alice.address()).isEmpty(), "no call of Alice left");
            waitUntil(() -> mediaSessions() == 0, "every media session closed");
        }
    }

    @Test
    public void theCommonPartyHangingUpEndsTheConference() throws Exception {
        try (Party alice = new Party(); Party bob = new Party(); Party carol = new Party()) {
            Calls placed = new Calls(alice, bob, carol);
            String output = joinInShell(placed.toBob, placed.toCarol, alice, bob, carol);
            assertTrue(output, output.contains(
                    "Joined calls " + placed.toBob + " and " + placed.toCarol + " of " + alice.address()));

            assertEquals(200, placed.aliceWithBob.dialog.bye().getStatusCode());
            assertEquals(200, placed.aliceWithCarol.dialog.bye().getStatusCode());

            assertEquals(bob.leg().dialog.callId(), bob.answerBye());
            assertEquals(carol.leg().dialog.callId(), carol.answerBye());
            waitUntil(() -> calls.activeCalls(alice.address()).isEmpty(), "both calls ended");
            waitUntil(() -> mediaSessions() == 0, "every media session closed");
        }
    }

    @Test
    public void aRestartOfTheCallBundleHangsUpTheJoinedCallsAndCallsWorkAfterwards() throws Exception {
        try (Party alice = new Party(); Party bob = new Party(); Party carol = new Party()) {
            Calls placed = new Calls(alice, bob, carol);
            join(placed.toBob, placed.toCarol, alice, bob, carol);

            restartBundle("dev.parley.call");

            // the conference lived in the stopped component: every leg is hung up, nothing is left half-joined
            assertEquals(Set.of(placed.aliceWithBob.dialog.callId(), placed.aliceWithCarol.dialog.callId()),
                    Set.of(alice.answerBye(), alice.answerBye()));
            assertEquals(bob.leg().dialog.callId(), bob.answerBye());
            assertEquals(carol.leg().dialog.callId(), carol.answerBye());
            calls = waitForService(CallService.class, DEFAULT_TIMEOUT);
            waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", "(parley.sip.method=INVITE)",
                    DEFAULT_TIMEOUT);
            assertTrue(calls.activeCalls(alice.address()).isEmpty());
            waitUntil(() -> mediaSessions() == 0, "every media session closed");

            Party.Leg again = alice.call(bob);
            assertEquals(1, calls.activeCalls(alice.address()).size());
            assertEquals(200, again.dialog.bye().getStatusCode());
        }
    }

    // --- joining ------------------------------------------------------------------------------------------------

    private JoinedCalls join(String first, String second, Party common, Party... others) throws Exception {
        CompletableFuture<JoinedCalls> join = CompletableFuture.supplyAsync(() -> calls.join(first, second),
                background);
        answerReInvites(common, others);
        return join.get(10, TimeUnit.SECONDS);
    }

    private String joinInShell(String first, String second, Party common, Party... others) throws Exception {
        CompletableFuture<String> join = CompletableFuture
                .supplyAsync(() -> executeCommand("parley:call-join " + first + " " + second), background);
        answerReInvites(common, others);
        return join.get(10, TimeUnit.SECONDS);
    }

    /** Every party answers Parley's offerless re-INVITE with an offer; Parley's answer arrives in the ACK. */
    private static void answerReInvites(Party common, Party... others) throws Exception {
        common.answerReInvite();
        common.answerReInvite();
        for (Party other : others) {
            other.answerReInvite();
        }
    }

    /** Runs {@code action} with the media bundle stopped; it must fail with 503; returns how long it took. */
    private Duration withoutMediaEngine(Runnable action) throws Exception {
        bundle("dev.parley.media").stop();
        long start = System.nanoTime();
        try {
            action.run();
            fail("join succeeded without a media engine");
        } catch (ParleyException e) {
            assertEquals(ParleyError.SERVICE_UNAVAILABLE, e.error());
        } finally {
            bundle("dev.parley.media").start();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        waitForService(MediaEngine.class, DEFAULT_TIMEOUT);
        return took;
    }

    /** Alice called Bob, then Carol; both answered. */
    private final class Calls {
        final Party.Leg aliceWithBob;
        final Party.Leg aliceWithCarol;
        final String toBob;
        final String toCarol;

        Calls(Party alice, Party bob, Party carol) throws Exception {
            aliceWithBob = alice.call(bob);
            aliceWithCarol = alice.call(carol);
            toBob = callBetween(alice, bob);
            toCarol = callBetween(alice, carol);
        }
    }

    private String callBetween(Party caller, Party callee) {
        return calls.activeCalls(caller.address()).stream()
                .filter(call -> call.callee().equals(callee.address()))
                .map(Call::id).findFirst()
                .orElseThrow(() -> new AssertionError("no call " + caller.address() + " -> " + callee.address()));
    }

    private int mediaSessions() {
        return bundleContext.getService(bundleContext.getServiceReference(MediaEngine.class)).sessions().size();
    }

    // --- audio --------------------------------------------------------------------------------------------------

    /**
     * Each leg sends its tone for 3 s while recording what it receives; returns the recordings (mu-law decoded),
     * the first second left out while the mix settles.
     */
    private List<short[]> exchange(List<Party.Leg> legs, double[] tones) throws Exception {
        List<CompletableFuture<short[]>> recordings = new ArrayList<>();
        List<CompletableFuture<Void>> speakers = new ArrayList<>();
        for (int i = 0; i < legs.size(); i++) {
            RtpPeer rtp = legs.get(i).rtp;
            double tone = tones[i];
            recordings.add(CompletableFuture.supplyAsync(() -> record(rtp, 3500), background));
            speakers.add(CompletableFuture.runAsync(() -> {
                try {
                    rtp.sendTone(tone, 3);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, background));
        }
        CompletableFuture.allOf(speakers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        List<short[]> heard = new ArrayList<>();
        for (CompletableFuture<short[]> recording : recordings) {
            heard.add(recording.get(10, TimeUnit.SECONDS));
        }
        return heard;
    }

    private static short[] record(RtpPeer rtp, long millis) {
        List<Short> samples = new ArrayList<>();
        long deadline = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < deadline) {
                byte[] payload = rtp.receivePayload(200);
                if (payload != null) {
                    for (byte b : payload) {
                        samples.add(Audio.ulawToLinear(b));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        int skip = Math.min(samples.size(), 8000);
        short[] kept = new short[samples.size() - skip];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = samples.get(skip + i);
        }
        return kept;
    }

    /** Each of {@code others} is clearly there, and {@code own} is not: at most 1 % of the weakest other's power. */
    private static void assertHears(String who, short[] samples, double own, double... others) {
        assertTrue(who + " received " + samples.length + " samples", samples.length >= 8000);
        double ownPower = Audio.power(samples, own, 8000);
        for (double other : others) {
            double power = Audio.power(samples, other, 8000);
            assertTrue(who + " hears " + other + " Hz: power " + power + ", own " + own + " Hz " + ownPower,
                    power > 100 * ownPower && power > 1_000_000);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    // --- parties ------------------------------------------------------------------------------------------------

    /** A registered user with a phone, and per call a dialog and its own RTP socket. */
    private final class Party implements AutoCloseable {
        private final String user = "j" + UUID.randomUUID().toString().substring(0, 8);
        private final SipPhone phone;
        private final List<Leg> legs = new ArrayList<>();
        private final Set<String> answeredInvites = new HashSet<>();

        Party() throws Exception {
            executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
            phone = new SipPhone(sipPort(), user, DOMAIN, PASSWORD);
            phone.register(1.0f);
        }

        SipAddress address() {
            return new SipAddress(user, DOMAIN);
        }

        /** This party calls {@code callee}, which answers: SDP passes end to end. */
        Leg call(Party callee) throws Exception {
            RtpPeer callerRtp = new RtpPeer();
            RtpPeer calleeRtp = new RtpPeer();
            Dialog caller = phone.call(callee.phone.aor(), offer(callerRtp));
            Dialog answered = callee.phone.awaitCall(WAIT);
            answered.answer(Response.OK, offer(calleeRtp));
            assertEquals(Response.OK, caller.awaitFinal(WAIT).getStatusCode());
            caller.ack();
            callee.phone.awaitRequest(Request.ACK, WAIT);
            callee.legs.add(new Leg(answered, calleeRtp));
            Leg leg = new Leg(caller, callerRtp);
            legs.add(leg);
            return leg;
        }

        /** The party's only call (Bob's, Carol's). */
        Leg leg() {
            assertEquals(1, legs.size());
            return legs.get(0);
        }

        /** Parley's re-INVITE without SDP gets 200 with the leg's offer; Parley's answer comes in the ACK. */
        void answerReInvite() throws Exception {
            RequestEvent reinvite = phone.awaitRequest(Request.INVITE, WAIT);
            while (!answeredInvites.add(callId(reinvite.getRequest()) + " " + cseq(reinvite.getRequest()))) {
                reinvite = phone.awaitRequest(Request.INVITE, WAIT); // a retransmission that came before our 200
            }
            assertEquals("delayed offer", null, SipPhone.body(reinvite.getRequest()));
            Leg leg = legOf(reinvite.getRequest());
            phone.respond(reinvite, Response.OK, offer(leg.rtp));
            RequestEvent ack = phone.awaitRequest(Request.ACK, WAIT);
            assertEquals(callId(reinvite.getRequest()), callId(ack.getRequest()));
            String answer = SipPhone.body(ack.getRequest());
            assertNotNull("Parley's answer in the ACK", answer);
            assertEquals("PCMU and telephone-event", "0 101", leg.rtp.answered(answer));
        }

        /** Answers the next BYE with 200; returns its Call-ID (the dialog Parley ended). */
        String answerBye() throws Exception {
            RequestEvent bye = phone.awaitRequest(Request.BYE, WAIT);
            phone.respond(bye, Response.OK, null);
            return callId(bye.getRequest());
        }

        private Leg legOf(Request request) {
            return legs.stream().filter(leg -> leg.dialog.callId().equals(callId(request))).findFirst()
                    .orElseThrow(() -> new AssertionError("request outside " + user + "'s calls"));
        }

        private String offer(RtpPeer rtp) {
            return rtp.offer("0 101", "0 PCMU/8000", "101 telephone-event/8000");
        }

        @Override
        public void close() {
            legs.forEach(leg -> leg.rtp.close());
            phone.close();
        }

        /** One call of the party: its dialog and its RTP socket. */
        final class Leg {
            final Dialog dialog;
            final RtpPeer rtp;

            Leg(Dialog dialog, RtpPeer rtp) {
                this.dialog = dialog;
                this.rtp = rtp;
            }
        }
    }

    private static long cseq(Request request) {
        return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    private static String callId(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
