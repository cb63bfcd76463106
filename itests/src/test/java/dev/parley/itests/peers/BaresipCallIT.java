package dev.parley.itests.peers;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.karaf.options.KarafDistributionOption;

/**
 * Two real softphones through Parley: headless baresip 1.0.0 instances (audio from a generated WAV file, no sound
 * card) register as two users with digest (MD5 only, see {@link #config()}); one calls the other, which answers automatically; the call is
 * established through Parley's B2BUA (both ends report it, RTP flows end to end, {@code parley:calls} shows it),
 * then the caller hangs up and both ends and the call history see the end. Also click-to-call and hang-up from the
 * shell between two of them.
 */
public class BaresipCallIT extends CallPeerSupport {

    private static final Duration PHONE_TIMEOUT = Duration.ofSeconds(20);
    private static final int SAMPLE_RATE = 8000;

    /**
     * MD5 challenges only: baresip 1.0.0 (libre) gives up on a 401/407 as soon as one of its challenges names an
     * algorithm it does not know ("Register: Function not implemented"), even when an MD5 challenge comes first.
     */
    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), KarafDistributionOption
                .editConfigurationFilePut("etc/dev.parley.sip.cfg", "digest.algorithms", "MD5"));
    }

    @Test
    public void oneBaresipCallsAnotherThatAnswersAndHangsUp() throws Exception {
        Path baresip = PeerProcess.requireBinary("baresip", "baresip");
        Path work = Files.createTempDirectory("parley-baresip-");
        Path microphone = writeTone(work.resolve("tone.wav"), Duration.ofSeconds(5));
        executeCommand("parley:account-add bsalice alice-secret-1 Alice");
        executeCommand("parley:account-add bsbob bob-secret-1 Bob");

        try (BaresipPeer alice = BaresipPeer.start(baresip, work.resolve("alice"), "bsalice", "alice-secret-1",
                DOMAIN, HOST, sipPort(), microphone, false);
                BaresipPeer bob = BaresipPeer.start(baresip, work.resolve("bob"), "bsbob", "bob-secret-1", DOMAIN,
                        HOST, sipPort(), microphone, true)) {
            awaitRegistered("bsalice");
            awaitRegistered("bsbob");

            alice.command("dial", "sip:bsbob@" + DOMAIN);

            bob.awaitEvent("CALL_ESTABLISHED", PHONE_TIMEOUT);
            alice.awaitEvent("CALL_ESTABLISHED", PHONE_TIMEOUT);
            awaitLine("parley:calls", List.of("sip:bsalice@" + DOMAIN, "sip:bsbob@" + DOMAIN, "ESTABLISHED"),
                    DEFAULT_TIMEOUT);
            // the SDP went through untouched: each phone receives the other's RTP directly
            bob.awaitEvent("CALL_RTPESTAB", PHONE_TIMEOUT);
            alice.awaitEvent("CALL_RTPESTAB", PHONE_TIMEOUT);

            alice.command("hangup", "");

            bob.awaitEvent("CALL_CLOSED", PHONE_TIMEOUT);
            alice.awaitEvent("CALL_CLOSED", PHONE_TIMEOUT);
        }
        awaitLine("parley:call-history bsalice", List.of("OUTGOING", "sip:bsbob@" + DOMAIN, "CALLER_HUNG_UP"),
                DEFAULT_TIMEOUT);
        awaitLine("parley:call-history bsbob", List.of("INCOMING", "sip:bsalice@" + DOMAIN, "CALLER_HUNG_UP"),
                DEFAULT_TIMEOUT);
        awaitLine("parley:calls", List.of("No active calls"), DEFAULT_TIMEOUT);
    }

    /**
     * Click-to-call from the shell: {@code parley:call-originate} rings the first phone (it answers automatically,
     * with its offer in the 200), then calls the second and joins them; {@code parley:call-hangup} ends the call
     * from the shell and both phones see it closed.
     */
    @Test
    public void theShellOriginatesACallBetweenTwoBaresipsAndHangsItUp() throws Exception {
        Path baresip = PeerProcess.requireBinary("baresip", "baresip");
        Path work = Files.createTempDirectory("parley-baresip-");
        Path microphone = writeTone(work.resolve("tone.wav"), Duration.ofSeconds(5));
        executeCommand("parley:account-add bscarol carol-secret-1 Carol");
        executeCommand("parley:account-add bsdave dave-secret-1 Dave");

        try (BaresipPeer carol = BaresipPeer.start(baresip, work.resolve("carol"), "bscarol", "carol-secret-1",
                DOMAIN, HOST, sipPort(), microphone, true);
                BaresipPeer dave = BaresipPeer.start(baresip, work.resolve("dave"), "bsdave", "dave-secret-1",
                        DOMAIN, HOST, sipPort(), microphone, true)) {
            awaitRegistered("bscarol");
            awaitRegistered("bsdave");

            executeCommand("parley:call-originate bscarol bsdave");

            carol.awaitEvent("CALL_ESTABLISHED", PHONE_TIMEOUT);
            dave.awaitEvent("CALL_ESTABLISHED", PHONE_TIMEOUT);
            String calls = awaitLine("parley:calls", List.of("sip:bscarol@" + DOMAIN, "sip:bsdave@" + DOMAIN,
                    "ESTABLISHED"), DEFAULT_TIMEOUT);
            String id = calls.lines().filter(line -> line.contains("sip:bsdave@")).findFirst().orElseThrow()
                    .split("[|│]")[0].trim();

            assertTrue(executeCommand("parley:call-hangup " + id).contains("Hung up call " + id));

            carol.awaitEvent("CALL_CLOSED", PHONE_TIMEOUT);
            dave.awaitEvent("CALL_CLOSED", PHONE_TIMEOUT);
        }
        awaitLine("parley:call-history bscarol", List.of("OUTGOING", "sip:bsdave@" + DOMAIN, "TERMINATED"),
                DEFAULT_TIMEOUT);
        awaitLine("parley:call-history bsdave", List.of("INCOMING", "sip:bscarol@" + DOMAIN, "TERMINATED"),
                DEFAULT_TIMEOUT);
    }

    /**
     * Waits for the phone's binding in Parley (baresip may register before the test's control connection is up,
     * and it does not repeat its REGISTER_OK event to a late listener).
     */
    private void awaitRegistered(String user) throws InterruptedException {
        awaitLine("parley:registrations " + user, List.of("sip:" + user + "@" + DOMAIN, "baresip"), DEFAULT_TIMEOUT);
    }

    /** A 440 Hz tone as 16-bit mono PCM WAV at 8 kHz: what aufile reads and G.711 sends without resampling. */
    static Path writeTone(Path file, Duration length) throws IOException {
        int samples = (int) (SAMPLE_RATE * length.toSeconds());
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples);
        wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(2 * SAMPLE_RATE);
        wav.putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE)));
        }
        return Files.write(file, wav.array());
    }
}
