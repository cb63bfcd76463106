package dev.parley.itests.media;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaEngine;
import dev.parley.api.media.MediaSession;
import dev.parley.itests.support.ParleyKarafTestSupport;

/**
 * parley-media in the real distribution: libjitsi headless, the MediaEngine answering SDP offers, recording what a
 * caller sends over RTP into a valid WAV, playing a shipped prompt as RTP, and reporting RFC 4733 and SIP INFO digits.
 */
public class MediaFeatureIT extends ParleyKarafTestSupport {

    private MediaEngine media;

    @Before
    public void installMedia() throws Exception {
        installFeature("parley-media");
        media = waitForService(MediaEngine.class, DEFAULT_TIMEOUT);
        waitForCommand("parley", "media", DEFAULT_TIMEOUT);
    }

    @Test
    public void libjitsiIsHeadlessAndTheEngineIsUp() throws Exception {
        assertEquals("headless switch from etc/system.properties", "true",
                System.getProperty("org.jitsi.impl.neomedia.device.PortAudioSystem.disabled"));
        assertEquals(Bundle.ACTIVE, bundle("org.jitsi.libjitsi").getState());
        assertEquals("fmj is a fragment, attached (RESOLVED)", Bundle.RESOLVED, bundle("org.jitsi.fmj").getState());
        assertEquals(Bundle.ACTIVE, bundle("dev.parley.media").getState());
        assertTrue(executeCommand("parley:media").contains("No active media sessions"));
        assertEquals(Bundle.ACTIVE, bundle("dev.parley.sip").getState());
    }

    @Test
    public void recordsFiveSecondsOfAToneSentOverRtp() throws Exception {
        Path file = Path.of(System.getProperty("karaf.data"), "media-it", "tone.wav");
        Files.deleteIfExists(file);
        try (RtpPeer caller = new RtpPeer(); MediaSession session = media.open(caller.offer("0 8 101",
                "0 PCMU/8000", "8 PCMA/8000", "101 telephone-event/8000"))) {
            assertEquals("PCMU, the caller's first choice, and telephone-event", "0 101",
                    caller.answered(session.sdpAnswer()));
            session.record(file);
            caller.sendTone(1000, 5);
            String listing = executeCommand("parley:media");
            assertTrue(listing, listing.contains(session.id()) && listing.contains("PCMU/8000"));
            Thread.sleep(100); // the last packets in flight
            Duration duration = session.stopRecording();
            assertTrue("duration " + duration, Math.abs(duration.toMillis() - 5000) <= 500);
            assertEquals(250, session.stats().packetsReceived());
            assertEquals(0, session.stats().packetsLost());
        }
        Audio.Wav wav = Audio.readWav(file);
        assertEquals("mu-law", 7, wav.formatTag());
        assertEquals(8000, wav.sampleRate());
        assertEquals(1, wav.channels());
        assertTrue("5 s +- 10 %: " + wav.seconds(), Math.abs(wav.seconds() - 5) <= 0.5);
        assertTrue("not silent: rms " + Audio.rms(wav.samples()), Audio.rms(wav.samples()) > 1000);
        assertEquals(1000.0, Audio.dominant(wav.samples(), 8000, 250, 500, 1000, 1500, 2000, 3000), 0.0);
        assertTrue(Files.notExists(file.resolveSibling("tone.wav.part")));
    }

    @Test
    public void playsAShippedPromptAsRtpAndAnOperatorsCopyOverridesIt() throws Exception {
        Path beep = media.prompt("beep");
        assertEquals(Path.of(System.getProperty("karaf.home"), "prompts", "beep.wav"), beep);
        try (RtpPeer caller = new RtpPeer(); MediaSession session = media.open(caller.offer("0"))) {
            caller.answered(session.sdpAnswer());
            caller.send(0, true, 0, new byte[160]); // Parley learns where to send (symmetric RTP)
            CompletableFuture<Boolean> played = new CompletableFuture<>();
            session.play(List.of(beep), (s, completed) -> played.complete(completed));
            List<Short> received = new ArrayList<>();
            byte[] payload;
            while ((payload = caller.receivePayload(1000)) != null) {
                for (byte b : payload) {
                    received.add(Audio.ulawToLinear(b));
                }
            }
            assertTrue("prompt completed", played.get(5, TimeUnit.SECONDS));
            short[] samples = new short[received.size()];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = received.get(i);
            }
            assertEquals("the 0.4 s beep, in 20 ms packets", 3200, samples.length);
            assertEquals(1000.0, Audio.dominant(samples, 8000, 250, 500, 1000, 1500, 2000), 0.0);
        }
        Path operatorCopy = Path.of(System.getProperty("karaf.etc"), "parley", "prompts", "beep.wav");
        Files.createDirectories(operatorCopy.getParent());
        Files.copy(beep, operatorCopy);
        try {
            assertEquals(operatorCopy, media.prompt("beep"));
        } finally {
            Files.delete(operatorCopy);
        }
    }

    @Test
    public void rtpEventsAndSipInfoDigitsReachTheSameListenerOnce() throws Exception {
        try (RtpPeer caller = new RtpPeer(); MediaSession session = media.open(caller.offer("8 101",
                "8 PCMA/8000", "101 telephone-event/8000"))) {
            assertEquals("8 101", caller.answered(session.sdpAnswer()));
            BlockingQueue<String> digits = new LinkedBlockingQueue<>();
            session.addDtmfListener((s, digit, source) -> digits.add(digit + (source == DtmfSource.SIP_INFO ? "i" : "")));
            caller.sendDigit(101, 1, 8000);
            caller.sendDigit(101, 1, 16000); // the same key pressed again
            caller.sendDigit(101, 11, 24000); // #
            StringBuilder heard = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                if (i == 3) {
                    session.injectDtmf('5'); // after the RTP digits, so the order is known
                }
                String digit = digits.poll(5, TimeUnit.SECONDS);
                assertNotNull("digit " + i + " after " + heard, digit);
                heard.append(digit);
            }
            assertEquals("11#5i", heard.toString());
            assertNull("end packets are not new digits", digits.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    public void negotiatesPcmaG722AndOpusAndRefusesOffersWithoutACommonCodec() throws Exception {
        try (RtpPeer caller = new RtpPeer()) {
            try (MediaSession pcma = media.open(caller.offer("8 0"))) {
                assertEquals("PCMA/8000", pcma.codec());
            }
            try (MediaSession g722 = media.open(caller.offer("9 0"))) {
                assertEquals("the distribution offers the pure-Java G.722", "G722/8000", g722.codec());
            }
            try (MediaSession opus = media.open(caller.offer("111 0", "111 opus/48000/2"))) {
                assertEquals("libjitsi's opus native library loads inside Karaf", "opus/48000/2", opus.codec());
            }
            try {
                media.open(caller.offer("18 3", "18 G729/8000", "3 GSM/8000"));
                fail("no common codec");
            } catch (ParleyException e) {
                assertEquals(ParleyError.NOT_ACCEPTABLE_HERE, e.error());
                assertEquals(488, e.error().sipStatus());
            }
        }
        assertTrue(executeCommand("parley:media").contains("No active media sessions"));
    }
}
