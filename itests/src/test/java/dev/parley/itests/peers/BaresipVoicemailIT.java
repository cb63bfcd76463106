package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.RegistrationService;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;
import dev.parley.itests.media.Audio;

/**
 * Voicemail with real softphones: the mailbox owner's headless baresip registers and its {@code mwi} module
 * subscribes to the owner's {@code message-summary}; the owner's binding is then removed (the subscription stays),
 * so a second baresip calling the owner reaches the mailbox. The caller streams a 440 Hz tone from a WAV file
 * ({@code aufile}) past the greeting and hangs up: one message is stored, a valid WAV that carries the tone, and the
 * owner's baresip reports the NOTIFY with {@code Voice-Message: 1/0}.
 */
public class BaresipVoicemailIT extends CallPeerSupport {

    private static final String OWNER = "bsvmowner";
    private static final String CALLER = "bsvmcaller";
    private static final Duration PHONE_TIMEOUT = Duration.ofSeconds(20);
    /** The generic greeting (5.4 s) and the beep (0.4 s), then about 4 s of message. */
    private static final Duration CALL_LENGTH = Duration.ofMillis(10_000);

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), BaresipPeer.md5DigestOnly());
    }

    @Test
    public void baresipLeavesAMessageAndTheOwnersBaresipIsNotified() throws Exception {
        Path baresip = PeerProcess.requireBinary("baresip", "baresip");
        installFeature("parley-voicemail");
        VoicemailService voicemail = waitForService(VoicemailService.class, DEFAULT_TIMEOUT);
        RegistrationService registrations = waitForService(RegistrationService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.call.CallDiversion", DEFAULT_TIMEOUT);
        // baresip subscribes once, right after its REGISTER: the SUBSCRIBE handler must know the package by then
        waitForServiceReference("dev.parley.sip.spi.SipRequestHandler", "(parley.sip.event=message-summary)",
                DEFAULT_TIMEOUT);
        executeCommand("parley:account-add " + OWNER + " owner-secret-1");
        executeCommand("parley:account-add " + CALLER + " caller-secret-1");
        Path work = Files.createTempDirectory("parley-baresip-voicemail-");
        Path microphone = BaresipCallIT.writeTone(work.resolve("tone.wav"), Duration.ofSeconds(30));
        SipAddress owner = new SipAddress(OWNER, DOMAIN);

        try (BaresipPeer ownerPhone = BaresipPeer.start(baresip, work.resolve("owner"), OWNER, "owner-secret-1",
                DOMAIN, HOST, sipPort(), microphone, false, true)) {
            awaitLine("parley:subscriptions " + OWNER, List.of("message-summary", "sip:" + OWNER + "@" + DOMAIN),
                    DEFAULT_TIMEOUT);
            assertTrue("the owner's phone was registered", registrations.unregisterAll(owner) > 0);

            try (BaresipPeer callerPhone = BaresipPeer.start(baresip, work.resolve("caller"), CALLER,
                    "caller-secret-1", DOMAIN, HOST, sipPort(), microphone, false)) {
                awaitLine("parley:registrations " + CALLER, List.of("sip:" + CALLER + "@" + DOMAIN, "baresip"),
                        DEFAULT_TIMEOUT);
                callerPhone.command("dial", "sip:" + OWNER + "@" + DOMAIN);
                callerPhone.awaitEvent("CALL_ESTABLISHED", PHONE_TIMEOUT);
                Thread.sleep(CALL_LENGTH.toMillis());
                callerPhone.command("hangup", "");
                callerPhone.awaitEvent("CALL_CLOSED", PHONE_TIMEOUT);
            }

            List<VoicemailMessage> messages = awaitMessages(voicemail, owner);
            assertEquals("one message: " + messages, 1, messages.size());
            VoicemailMessage message = messages.get(0);
            assertEquals(new SipAddress(CALLER, DOMAIN), message.caller());
            Audio.Wav wav = Audio.readWav(voicemail.audio(owner, message.id()));
            assertEquals(8000, wav.sampleRate());
            assertTrue("recorded after the beep: " + wav.seconds() + " s", wav.seconds() > 2 && wav.seconds() < 6);
            assertTrue("not silent: rms " + Audio.rms(wav.samples()), Audio.rms(wav.samples()) > 1000);
            assertEquals("the caller's tone", 440.0, Audio.dominant(wav.samples(), 8000, 220, 440, 880, 1000, 2000),
                    0.0);

            String notify = ownerPhone.awaitEvent("MWI_NOTIFY", "Voice-Message: 1/0", PHONE_TIMEOUT);
            assertTrue("messages waiting: " + notify, notify.contains("Messages-Waiting: yes"));
        }
    }

    private static List<VoicemailMessage> awaitMessages(VoicemailService voicemail, SipAddress owner)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<VoicemailMessage> messages = voicemail.messages(owner);
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            messages = voicemail.messages(owner);
        }
        return messages;
    }
}
