package dev.parley.itests.voicemail;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sip.RequestEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Before;
import org.junit.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;
import dev.parley.itests.events.Subscriber;
import dev.parley.itests.events.Subscriber.Exchange;
import dev.parley.itests.media.Audio;
import dev.parley.itests.media.RtpPeer;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipPhone;
import dev.parley.itests.support.SipPhone.Dialog;
import dev.parley.itests.support.SipTestClient;

/**
 * Voicemail in the real distribution: a jain-sip caller with an RTP peer sending a 1 kHz tone leaves messages for
 * users who are unregistered, busy or do not answer; the stored WAV is checked (length, level, frequency); an MWI
 * subscriber sees the counts; too-short messages are dropped; {@code #} ends a message; the bundle restarted and the
 * feature uninstalled and reinstalled keep the messages.
 */
public class VoicemailIT extends ParleyKarafTestSupport {

    private static final Duration WAIT = SipPhone.TIMEOUT;
    private static final String PASSWORD = "vm-secret-1";
    private static final String OFFER_TYPES = "0 101";

    private VoicemailService voicemail;

    @Before
    public void installVoicemail() throws Exception {
        installFeature("parley-voicemail");
        voicemail = waitForService(VoicemailService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.call.CallDiversion", DEFAULT_TIMEOUT);
        waitForCommand("parley", "voicemail", DEFAULT_TIMEOUT);
    }

    private String newUser() {
        String user = "v" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    private static SipAddress address(String user) {
        return new SipAddress(user, DOMAIN);
    }

    /** Calls {@code callee} and expects the mailbox to answer (200 with Parley's SDP): the caller's dialog. */
    private static Dialog callMailbox(SipPhone caller, String callee, RtpPeer rtp) throws Exception {
        Dialog dialog = caller.call("sip:" + callee + "@" + DOMAIN,
                rtp.offer(OFFER_TYPES, "0 PCMU/8000", "101 telephone-event/8000"));
        return answeredByMailbox(dialog, rtp);
    }

    private static Dialog answeredByMailbox(Dialog dialog, RtpPeer rtp) throws Exception {
        Response ok = dialog.awaitFinal(Duration.ofSeconds(10));
        assertEquals("the mailbox answers", Response.OK, ok.getStatusCode());
        assertEquals(OFFER_TYPES, rtp.answered(SipPhone.body(ok)));
        dialog.ack();
        return dialog;
    }

    /** Receives the greeting and the beep until Parley falls silent: the recording starts then. */
    private static void awaitBeepEnd(RtpPeer rtp) throws Exception {
        assertNotNull("the greeting is played", rtp.receivePayload(5000));
        int packets = 1;
        while (rtp.receivePayload(600) != null) {
            packets++;
        }
        assertTrue("greeting and beep: " + packets + " packets", packets > 25);
    }

    private List<VoicemailMessage> awaitMessages(String user, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<VoicemailMessage> messages = voicemail.messages(address(user));
        while (messages.size() != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            messages = voicemail.messages(address(user));
        }
        assertEquals("messages of " + user + ": " + messages, count, messages.size());
        return messages;
    }

    private static void assertToneMessage(Path file, double seconds) throws Exception {
        Audio.Wav wav = Audio.readWav(file);
        assertEquals(8000, wav.sampleRate());
        assertEquals(1, wav.channels());
        assertTrue(seconds + " s +- 10 %: " + wav.seconds(), Math.abs(wav.seconds() - seconds) <= seconds / 10);
        assertTrue("not silent: rms " + Audio.rms(wav.samples()), Audio.rms(wav.samples()) > 1000);
        assertEquals(1000.0, Audio.dominant(wav.samples(), 8000, 250, 500, 1000, 1500, 2000, 3000), 0.0);
    }

    private static String nextSummary(SipTestClient client, String expected) throws Exception {
        String body = "";
        for (int i = 0; i < 5 && !body.contains(expected); i++) {
            body = Subscriber.body(Subscriber.nextNotify(client));
        }
        assertTrue("NOTIFY with " + expected + ":\n" + body, body.contains(expected));
        return body;
    }

    @Test
    public void callerLeavesAFiveSecondMessageForAnUnregisteredUserAndTheOwnerSeesTheCounts() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (SipTestClient mwi = new SipTestClient("udp", sipPort()); SipPhone caller = new SipPhone(sipPort(), bob,
                DOMAIN, PASSWORD); RtpPeer rtp = new RtpPeer()) {
            Exchange subscription = Subscriber.send(mwi,
                    Subscriber.subscribe(mwi, DOMAIN, alice, alice, "message-summary", 600), alice, PASSWORD);
            assertEquals(Response.OK, subscription.response().getStatusCode() / 100 * 100);
            String initial = nextSummary(mwi, "Voice-Message: 0/0 (0/0)");
            assertTrue(initial, initial.contains("Messages-Waiting: no"));
            assertTrue(initial, initial.contains("Message-Account: sip:" + alice + "@" + DOMAIN));

            Dialog dialog = callMailbox(caller, alice, rtp);
            awaitBeepEnd(rtp);
            rtp.sendTone(1000, 5);
            assertEquals(Response.OK, dialog.bye().getStatusCode());

            VoicemailMessage message = awaitMessages(alice, 1).get(0);
            assertEquals(address(bob), message.caller());
            assertFalse(message.heard());
            assertToneMessage(voicemail.audio(address(alice), message.id()), 5);
            assertTrue(nextSummary(mwi, "Voice-Message: 1/0 (0/0)").contains("Messages-Waiting: yes"));
            String listing = executeCommand("parley:voicemail " + alice + "@" + DOMAIN);
            assertTrue(listing, listing.contains(message.id()) && listing.contains("1 new, 0 old"));

            voicemail.markHeard(address(alice), message.id(), true);
            assertTrue(nextSummary(mwi, "Voice-Message: 0/1 (0/0)").contains("Messages-Waiting: no"));
        }
    }

    @Test
    public void aMessageShorterThanTheMinimumIsDropped() throws Exception {
        String alice = newUser();
        try (SipPhone caller = new SipPhone(sipPort(), newUser(), DOMAIN, PASSWORD); RtpPeer rtp = new RtpPeer()) {
            Dialog dialog = callMailbox(caller, alice, rtp);
            awaitBeepEnd(rtp);
            rtp.sendTone(1000, 1);
            assertEquals(Response.OK, dialog.bye().getStatusCode());
            Thread.sleep(1000);
            assertEquals(List.of(), voicemail.messages(address(alice)));
            Path folder = Path.of(System.getProperty("karaf.data"), "parley", "voicemail", DOMAIN, alice);
            try (Stream<Path> files = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
                assertEquals("no file left", List.of(), files.toList());
            }
        }
    }

    @Test
    public void aBusyUsersMailboxTakesTheCallAndPoundEndsTheMessage() throws Exception {
        String alice = newUser();
        try (SipPhone desk = new SipPhone(sipPort(), alice, DOMAIN, PASSWORD);
                SipPhone caller = new SipPhone(sipPort(), newUser(), DOMAIN, PASSWORD); RtpPeer rtp = new RtpPeer()) {
            desk.register(1.0f);
            Dialog dialog = caller.call(desk.aor(), rtp.offer(OFFER_TYPES, "0 PCMU/8000", "101 telephone-event/8000"));
            desk.awaitCall(WAIT).answer(Response.BUSY_HERE, null);
            answeredByMailbox(dialog, rtp);
            awaitBeepEnd(rtp);
            rtp.sendTone(1000, 3);
            rtp.sendDigit(101, 11, 24000);
            RequestEvent bye = caller.awaitRequest(Request.BYE, WAIT);
            caller.respond(bye, Response.OK, null);
            VoicemailMessage message = awaitMessages(alice, 1).get(0);
            assertToneMessage(voicemail.audio(address(alice), message.id()), 3);
        }
    }

    @Test
    public void anUnansweredCallGoesToTheMailboxAfterTheNoAnswerTimeout() throws Exception {
        setConfig("dev.parley.call", "no.answer.timeout", 2);
        String alice = newUser();
        try (SipPhone desk = new SipPhone(sipPort(), alice, DOMAIN, PASSWORD);
                SipPhone caller = new SipPhone(sipPort(), newUser(), DOMAIN, PASSWORD); RtpPeer rtp = new RtpPeer()) {
            desk.register(1.0f);
            Thread.sleep(500); // the configuration reaches the call component asynchronously
            Dialog dialog = caller.call(desk.aor(), rtp.offer(OFFER_TYPES, "0 PCMU/8000", "101 telephone-event/8000"));
            Dialog ringing = desk.awaitCall(WAIT);
            ringing.answer(Response.RINGING, null);
            desk.respond(desk.awaitRequest(Request.CANCEL, WAIT), Response.OK, null);
            ringing.answer(Response.REQUEST_TERMINATED, null);
            answeredByMailbox(dialog, rtp);
            awaitBeepEnd(rtp);
            rtp.sendTone(1000, 3);
            assertEquals(Response.OK, dialog.bye().getStatusCode());
            awaitMessages(alice, 1);
        } finally {
            setConfig("dev.parley.call", "no.answer.timeout", 30);
        }
    }

    @Test
    public void messagesOutliveABundleRestartAndTheFeatureRemovedAndReinstalled() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (SipPhone caller = new SipPhone(sipPort(), bob, DOMAIN, PASSWORD)) {
            try (RtpPeer rtp = new RtpPeer()) {
                Dialog dialog = callMailbox(caller, alice, rtp);
                awaitBeepEnd(rtp);
                rtp.sendTone(1000, 3);
                assertEquals(Response.OK, dialog.bye().getStatusCode());
            }
            VoicemailMessage message = awaitMessages(alice, 1).get(0);

            restartBundle("dev.parley.voicemail");
            voicemail = waitForService(VoicemailService.class, DEFAULT_TIMEOUT);
            assertEquals(List.of(message), awaitMessages(alice, 1));
            assertToneMessage(voicemail.audio(address(alice), message.id()), 3);

            uninstallFeature("parley-voicemail");
            Dialog unanswered = caller.call("sip:" + alice + "@" + DOMAIN, SipPhone.Sdp.offer("127.0.0.1", 40000));
            assertEquals("no mailbox: as before", Response.TEMPORARILY_UNAVAILABLE,
                    unanswered.awaitFinal(WAIT).getStatusCode());

            installVoicemail();
            assertEquals(List.of(message), awaitMessages(alice, 1));
            assertToneMessage(voicemail.audio(address(alice), message.id()), 3);
            try (RtpPeer rtp = new RtpPeer()) {
                Dialog dialog = callMailbox(caller, alice, rtp);
                awaitBeepEnd(rtp);
                rtp.sendTone(1000, 3);
                assertEquals(Response.OK, dialog.bye().getStatusCode());
            }
            awaitMessages(alice, 2);
        }
    }

    /** Everything Parley sends until it falls silent for 600 ms, decoded to linear samples. */
    private static short[] receiveUntilSilence(RtpPeer rtp) throws Exception {
        ByteArrayOutputStream payloads = new ByteArrayOutputStream();
        byte[] payload = rtp.receivePayload(5000);
        while (payload != null) {
            payloads.write(payload);
            payload = rtp.receivePayload(600);
        }
        byte[] ulaw = payloads.toByteArray();
        short[] samples = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            samples[i] = Audio.ulawToLinear(ulaw[i]);
        }
        return samples;
    }

    @Test
    public void theOwnerListensToAndDeletesMessagesThroughTheAccessNumberWithRfc4733Digits() throws Exception {
        String alice = newUser();
        try (SipPhone caller = new SipPhone(sipPort(), newUser(), DOMAIN, PASSWORD);
                SipPhone owner = new SipPhone(sipPort(), alice, DOMAIN, PASSWORD)) {
            try (RtpPeer rtp = new RtpPeer()) {
                Dialog dialog = callMailbox(caller, alice, rtp);
                awaitBeepEnd(rtp);
                rtp.sendTone(1000, 3);
                assertEquals(Response.OK, dialog.bye().getStatusCode());
            }
            awaitMessages(alice, 1);
            try (RtpPeer rtp = new RtpPeer()) {
                Dialog menu = callMailbox(owner, "*98", rtp);
                assertTrue("counts and menu announced", receiveUntilSilence(rtp).length > 8000);

                rtp.sendDigit(101, 1, 8000);
                short[] message = receiveUntilSilence(rtp);
                assertTrue("the 3 s message played: " + message.length, Math.abs(message.length - 24000) < 2400);
                assertEquals(1000.0, Audio.dominant(message, 8000, 250, 500, 1000, 1500, 2000), 0.0);
                assertEquals("heard once played", 0, voicemail.counts(address(alice)).newCount());
                assertEquals(1, voicemail.counts(address(alice)).oldCount());

                rtp.sendDigit(101, 7, 16000);
                receiveUntilSilence(rtp);
                assertEquals(0, voicemail.counts(address(alice)).total());
                assertEquals(List.of(), voicemail.messages(address(alice)));
                assertEquals(Response.OK, menu.bye().getStatusCode());
            }
        }
    }
}
