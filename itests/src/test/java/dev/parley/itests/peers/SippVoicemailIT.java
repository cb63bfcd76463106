package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailService;
import dev.parley.itests.support.FreePorts;

/**
 * A SIPp caller leaves a voicemail message with real speech: {@code uac-voicemail-pcap.xml} offers PCMA, waits for
 * the greeting and beep, plays Debian sip-tester's 7 s A-law {@code g711a.pcap} (play_pcap_audio) and hangs up.
 */
public class SippVoicemailIT extends CallPeerSupport {

    private static final String OWNER = "sippmailbox";
    private static final String CALLER = "sippdepositor";
    private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(60);

    @Test
    public void sippLeavesAPcapMessageForAnUnregisteredUser() throws Exception {
        Path sipp = PeerProcess.requireBinary("sipp", "sip-tester");
        assertTrue("Debian sip-tester's pcap", Files.exists(Path.of("/usr/share/sip-tester/g711a.pcap")));
        installFeature("parley-voicemail");
        VoicemailService voicemail = waitForService(VoicemailService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.api.call.CallDiversion", DEFAULT_TIMEOUT);
        executeCommand("parley:account-add " + OWNER + " owner-secret");
        executeCommand("parley:account-add " + CALLER + " caller-secret");
        Path work = Files.createTempDirectory("parley-sipp-voicemail-");
        Files.writeString(work.resolve("caller.csv"), "SEQUENTIAL\n" + CALLER + ";[authentication username="
                + CALLER + " password=caller-secret]\n", StandardCharsets.US_ASCII);
        Path scenario = PeerProcess.copyResource("/sipp/uac-voicemail-pcap.xml", work);
        int sipPort = FreePorts.udpAndTcp(26160);
        int mediaPort = FreePorts.udpAndTcp(26170);

        PeerProcess.Result run = PeerProcess.run(work, SIPP_TIMEOUT, List.of(sipp.toString(), "-sf",
                scenario.toString(), "-inf", "caller.csv", "-s", OWNER, "-key", "domain", DOMAIN, "-auth_uri",
                OWNER + "@" + DOMAIN, "-i", HOST, "-p", Integer.toString(sipPort), "-mi", HOST, "-mp",
                Integer.toString(mediaPort), "-m", "1", "-d", "6500", "-nostdin", "-timeout", "45s",
                "-timeout_error", "-trace_err", "-error_file", "errors.log", HOST + ":" + sipPort()));
        assertEquals("sipp exit code\n" + run.output(), 0, run.exitCode());

        SipAddress owner = new SipAddress(OWNER, DOMAIN);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<VoicemailMessage> messages = voicemail.messages(owner);
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            messages = voicemail.messages(owner);
        }
        assertEquals("one message: " + messages, 1, messages.size());
        VoicemailMessage message = messages.get(0);
        assertEquals(new SipAddress(CALLER, DOMAIN), message.caller());
        assertTrue("about 8 s recorded after the beep: " + message.duration(),
                Math.abs(message.duration().toMillis() - 8000) < 1500);

        byte[] wav = Files.readAllBytes(voicemail.audio(owner, message.id()));
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("RIFF size", wav.length - 8, header.getInt(4));
        assertEquals("A-law, as offered", 6, header.getShort(20));
        assertEquals(8000, header.getInt(24));
        int data = new String(wav, StandardCharsets.US_ASCII).indexOf("data") + 8;
        assertEquals("data size", wav.length - data - (header.getInt(data - 4) & 1), header.getInt(data - 4));
        int silent = 0;
        for (int i = data; i < wav.length; i++) {
            silent += (wav[i] & 0xFF) == 0xD5 || (wav[i] & 0xFF) == 0x55 ? 1 : 0;
        }
        assertTrue("speech, not silence: " + silent + " of " + (wav.length - data), silent < (wav.length - data) / 2);
    }
}
