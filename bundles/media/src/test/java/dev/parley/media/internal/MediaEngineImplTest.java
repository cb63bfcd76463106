package dev.parley.media.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaSession;
import dev.parley.media.internal.audio.G711;
import dev.parley.media.internal.audio.G722;
import dev.parley.media.internal.audio.Goertzel;
import dev.parley.media.internal.audio.OpusBinding;
import dev.parley.media.internal.audio.OpusCodec;
import dev.parley.media.internal.audio.WavAudio;
import dev.parley.media.internal.rtp.RtpHeader;

class MediaEngineImplTest {

    private static final Map<String, String> HEADLESS = Map.of(
            "org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true",
            "org.jitsi.impl.neomedia.device.PulseAudioSystem.disabled", "true",
            "org.jitsi.impl.neomedia.device.Video4Linux2System.disabled", "true",
            "java.awt.headless", "true");

    @TempDir
    Path dir;
    private MediaEngineImpl engine;
    private int portBase;

    @BeforeEach
    void start() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            portBase = Math.min(probe.getLocalPort() & ~1, 60000);
        }
        Files.write(dir.resolve("beep.wav"), pcmWav(tone(1000, 800)));
        engine = new MediaEngineImpl(new TestMediaConfig(portBase, portBase + 40, 4, "PCMU,PCMA,G722,opus",
                dir.toString()), HEADLESS::get, MediaEngineImplTest::opusClass);
    }

    @AfterEach
    void stop() {
        engine.deactivate();
    }

    @Test
    void refusesToStartWithoutTheHeadlessSwitches() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MediaEngineImpl(new TestMediaConfig(portBase, portBase + 10, 1, "PCMU", ""), key -> null,
                        MediaEngineImplTest::opusClass));
        assertTrue(e.getMessage().contains("PortAudioSystem.disabled"), e.getMessage());
    }

    @Test
    void recordsTheReceivedPcmuVerbatimAndFillsALostPacket() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer(); MediaSession session = engine.open(peer.offer("0 8"))) {
            assertEquals("PCMU/8000", session.codec());
            int port = engine.sessions().get(0).localPort();
            assertTrue(session.sdpAnswer().contains("m=audio " + port + " RTP/AVP 0\r\n"), session.sdpAnswer());
            Path file = dir.resolve("rec/message.wav");
            session.record(file);
            for (int i = 0; i < 50; i++) {
                if (i == 10) {
                    peer.lose();
                } else {
                    peer.send(port, 0, 160L * i, RtpTestPeer.toneFrame(1000, 160L * i));
                }
            }
            awaitReceived(session, 49);
            assertEquals(Duration.ofSeconds(1), session.stopRecording());
            short[] recorded = WavAudio.read(file);
            assertEquals(8000, recorded.length);
            byte[] expected = RtpTestPeer.toneFrame(1000, 160 * 20);
            for (int i = 0; i < 160; i++) {
                assertEquals(G711.decodeUlaw(expected[i]), recorded[160 * 20 + i]);
                assertEquals(0, recorded[1600 + i], "the lost packet is silence");
            }
            assertEquals(1, session.stats().packetsLost());
            assertEquals("127.0.0.1:" + peer.port(), session.stats().remoteAddress());
        }
    }

    @Test
    void playsAPromptAsRtpEvery20msAndTellsTheListener() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer(); MediaSession session = engine.open(peer.offer("8"))) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            session.play(List.of(engine.prompt("beep")), (s, completed) -> done.complete(completed));
            byte[] buffer = new byte[2048];
            int packets = 0;
            long firstTimestamp = -1;
            long lastTimestamp = -1;
            RtpHeader header;
            long started = System.nanoTime();
            while ((header = peer.receive(buffer)) != null && packets < 5) {
                assertEquals(8, header.payloadType());
                assertEquals(160, header.payloadLength());
                firstTimestamp = firstTimestamp < 0 ? header.timestamp() : firstTimestamp;
                lastTimestamp = header.timestamp();
                packets++;
            }
            assertEquals(5, packets);
            assertEquals(4 * 160, lastTimestamp - firstTimestamp);
            assertTrue(done.get(2, TimeUnit.SECONDS), "800 samples played to the end");
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(60), "paced, not a burst");
            assertEquals(ParleyError.NOT_FOUND, assertThrows(ParleyException.class, () -> engine.prompt("nope"))
                    .error());
        }
    }

    @Test
    void rtpEventsAndInjectedDigitsReachTheSameListenerOnce() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer();
                MediaSession session = engine.open(peer.offer("0 101", "a=rtpmap:101 telephone-event/8000"))) {
            BlockingQueue<String> digits = new LinkedBlockingQueue<>();
            session.addDtmfListener((s, digit, source) -> digits.add(digit + "/" + source));
            int port = engine.sessions().get(0).localPort();
            byte[] start = { 7, 10, 0, (byte) 160 };
            byte[] end = { 7, (byte) 0x8A, 3, 32 };
            peer.send(port, 101, 8000, start);
            for (int i = 0; i < 3; i++) {
                peer.send(port, 101, 8000, end);
            }
            assertEquals("7/" + DtmfSource.RTP_EVENT, digits.poll(2, TimeUnit.SECONDS));
            session.injectDtmf('#');
            assertEquals("#/" + DtmfSource.SIP_INFO, digits.poll(2, TimeUnit.SECONDS));
            assertEquals(null, digits.poll(200, TimeUnit.MILLISECONDS), "end packets are not new digits");
            assertThrows(ParleyException.class, () -> session.injectDtmf('x'));
        }
    }

    @Test
    void limitsAndErrors() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer()) {
            assertEquals(ParleyError.NOT_ACCEPTABLE_HERE,
                    assertThrows(ParleyException.class, () -> engine.open(peer.offer("18"))).error());
            List<MediaSession> open = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                open.add(engine.open(peer.offer("0")));
            }
            assertEquals(ParleyError.LIMIT_EXCEEDED,
                    assertThrows(ParleyException.class, () -> engine.open(peer.offer("0"))).error());
            open.forEach(MediaSession::close);
            assertEquals(0, engine.sessions().size());
            MediaSession again = engine.open(peer.offer("0"));
            again.record(dir.resolve("a.wav"));
            assertEquals(ParleyError.INVALID_STATE,
                    assertThrows(ParleyException.class, () -> again.record(dir.resolve("b.wav"))).error());
            again.close();
            assertTrue(Files.exists(dir.resolve("a.wav")), "closing finishes the recording");
        }
    }

    @Test
    void aConferenceParticipantHearsTheOthersButNotItself() throws Exception {
        try (RtpTestPeer a = new RtpTestPeer(); RtpTestPeer b = new RtpTestPeer(); RtpTestPeer c = new RtpTestPeer();
                MediaSession sa = engine.open(a.offer("0")); MediaSession sb = engine.open(b.offer("0"));
                MediaSession sc = engine.open(c.offer("0"))) {
            var conference = engine.createConference();
            conference.add(sa);
            conference.add(sb);
            conference.add(sc);
            assertEquals(3, conference.size());
            int portA = engine.sessions().get(0).localPort();
            for (int i = 0; i < 25; i++) { // only A speaks
                a.send(portA, 0, 160L * i, RtpTestPeer.toneFrame(1000, 160L * i));
                Thread.sleep(20);
            }
            byte[] buffer = new byte[2048];
            assertTrue(loudestSample(b, buffer) > 1000, "B hears A");
            assertTrue(loudestSample(c, buffer) > 1000, "C hears A");
            assertTrue(loudestSample(a, buffer) < 100, "A does not hear itself");
            conference.close();
            assertEquals(0, conference.size());
        }
    }

    @Test
    void opusIsNegotiatedAndDecodedIntoTheRecording() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer();
                MediaSession session = engine.open(peer.offer("111 0", "a=rtpmap:111 opus/48000/2"));
                var encoder = new OpusCodec(new OpusBinding(opusClass()))) {
            assertEquals("opus/48000/2", session.codec());
            int port = engine.sessions().get(0).localPort();
            Path file = dir.resolve("opus.wav");
            session.record(file);
            byte[] payload = new byte[1500];
            for (int i = 0; i < 50; i++) {
                short[] pcm = new short[160];
                for (int s = 0; s < 160; s++) {
                    pcm[s] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (160 * i + s) / 8000.0));
                }
                int length = encoder.encode(pcm, 160, payload);
                peer.send(port, 111, 960L * i, java.util.Arrays.copyOf(payload, length));
            }
            awaitReceived(session, 50);
            assertEquals(Duration.ofSeconds(1), session.stopRecording());
            short[] recorded = WavAudio.read(file);
            int loud = 0;
            for (short s : recorded) {
                loud = Math.max(loud, Math.abs(s));
            }
            assertTrue(loud > 4000, "the decoded tone is in the recording, peak " + loud);
        }
    }

    @Test
    void g722IsRecordedAsSixteenKilohertzPcmAndPromptsAreSentAsG722() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer(); MediaSession session = engine.open(peer.offer("9 0"))) {
            assertEquals("G722/8000", session.codec());
            assertTrue(session.sdpAnswer().contains("a=rtpmap:9 G722/8000"), session.sdpAnswer());
            int port = engine.sessions().get(0).localPort();
            Path file = dir.resolve("g722.wav");
            session.record(file);
            G722.Encoder encoder = new G722.Encoder();
            short[] wideband = new short[320];
            byte[] payload = new byte[160];
            for (int i = 0; i < 50; i++) {
                for (int s = 0; s < 320; s++) {
                    wideband[s] = (short) (8000 * Math.sin(2 * Math.PI * 5000 * (320 * i + s) / 16000.0));
                }
                peer.send(port, 9, 160L * i, java.util.Arrays.copyOf(payload, encoder.encode(wideband, 320, payload)));
            }
            awaitReceived(session, 50);
            assertEquals(Duration.ofSeconds(1), session.stopRecording());

            ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1, wav.getShort(20), "PCM");
            assertEquals(16000, wav.getInt(24));
            assertEquals(16, wav.getShort(34), "bits per sample");
            assertEquals(32000, wav.getInt(54), "data size");
            short[] recorded = new short[16000];
            wav.position(58);
            wav.asShortBuffer().get(recorded);
            assertTrue(Goertzel.power(recorded, 0, 5000, 16000) > 100 * Goertzel.power(recorded, 0, 1000, 16000),
                    "a 5 kHz tone survives: it exists only in wideband");

            session.play(List.of(engine.prompt("beep")), (s, completed) -> { });
            byte[] buffer = new byte[2048];
            RtpHeader header = peer.receive(buffer);
            assertEquals(9, header.payloadType());
            assertEquals(160, header.payloadLength(), "20 ms of G.722: 320 samples at 16 kHz");
        }
    }

    private static Class<?> opusClass() throws ClassNotFoundException {
        return Class.forName(OpusBinding.CLASS_NAME);
    }

    private static int loudestSample(RtpTestPeer peer, byte[] buffer) throws Exception {
        int loudest = 0;
        RtpHeader header;
        for (int i = 0; i < 20 && (header = peer.receiveWithin(buffer, 100)) != null; i++) {
            for (int s = 0; s < header.payloadLength(); s++) {
                loudest = Math.max(loudest, Math.abs(G711.decodeUlaw(buffer[header.payloadOffset() + s])));
            }
        }
        return loudest;
    }

    private static void awaitReceived(MediaSession session, long packets) throws InterruptedException {
        for (int i = 0; i < 100 && session.stats().packetsReceived() < packets; i++) {
            Thread.sleep(20);
        }
        assertEquals(packets, session.stats().packetsReceived());
    }

    private static short[] tone(double frequency, int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * frequency * i / 8000.0));
        }
        return pcm;
    }

    private static byte[] pcmWav(short[] samples) {
        return dev.parley.media.internal.audio.WavTestFiles.pcmWav(samples, 8000);
    }

    @Test
    void packetsFromASecondSourceAreDroppedUntilTheFirstFallsSilent() throws Exception {
        try (RtpTestPeer caller = new RtpTestPeer(); RtpTestPeer intruder = new RtpTestPeer();
                MediaSession session = engine.open(caller.offer("0"))) {
            int port = engine.sessions().get(0).localPort();
            caller.send(port, 0, 0, RtpTestPeer.toneFrame(1000, 0));
            awaitReceived(session, 1);
            intruder.send(port, 0, 160, RtpTestPeer.toneFrame(1000, 160));
            caller.send(port, 0, 160, RtpTestPeer.toneFrame(1000, 160));
            awaitReceived(session, 2);
            assertEquals("127.0.0.1:" + caller.port(), session.stats().remoteAddress());
            Thread.sleep(RtpMediaSession.RELATCH_AFTER_NANOS / 1_000_000 + 100);
            intruder.send(port, 0, 320, RtpTestPeer.toneFrame(1000, 320)); // the caller moved
            awaitReceived(session, 3);
            assertEquals("127.0.0.1:" + intruder.port(), session.stats().remoteAddress());
        }
    }

    @Test
    void stoppingTheEngineFinishesRecordingsInProgress() throws Exception {
        RtpTestPeer peer = new RtpTestPeer();
        MediaSession session = engine.open(peer.offer("0"));
        Path file = dir.resolve("cut-off.wav");
        session.record(file);
        int port = engine.sessions().get(0).localPort();
        for (int i = 0; i < 10; i++) {
            peer.send(port, 0, 160L * i, RtpTestPeer.toneFrame(1000, 160L * i));
        }
        awaitReceived(session, 10);
        engine.deactivate(); // bundle stopped mid-deposit
        engine = new MediaEngineImpl(new TestMediaConfig(portBase, portBase + 40, 4, "PCMU", dir.toString()),
                HEADLESS::get, MediaEngineImplTest::opusClass); // for stop()
        peer.close();
        assertEquals(1600, WavAudio.read(file).length, "a complete, playable file");
        assertTrue(Files.notExists(dir.resolve("cut-off.wav.part")));
    }

    @Test
    void sessionsAreListedOldestFirst() throws Exception {
        try (RtpTestPeer peer = new RtpTestPeer(); MediaSession first = engine.open(peer.offer("0"));
                MediaSession second = engine.open(peer.offer("8"))) {
            assertEquals(List.of(first.id(), second.id()), engine.sessions().stream().map(s -> s.sessionId()).toList());
            assertNotNull(second.stats().opened());
            assertArrayEquals(new String[] { "PCMU/8000", "PCMA/8000" },
                    engine.sessions().stream().map(s -> s.codec()).toArray());
        }
    }
}
