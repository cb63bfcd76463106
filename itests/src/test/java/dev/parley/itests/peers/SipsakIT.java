package dev.parley.itests.peers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;

import org.junit.Before;
import org.junit.Test;

import dev.parley.api.server.ServerInfo;
import dev.parley.itests.support.FreePorts;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * sipsak's usrloc mode registers a contact with digest authentication: accepted with the right password (and shown
 * by {@code parley:registrations}), refused with a wrong one; and a MESSAGE it sends
 * goes through Parley to a registered recipient.
 * <p>
 * sipsak resolves the host of its {@code -s} URI even when {@code -p} names the server to send to, and gives up on
 * {@code parley.test}; so these tests add {@value #SIPSAK_DOMAIN}, which resolves everywhere, to the served domains.
 */
public class SipsakIT extends ParleyKarafTestSupport {

    private static final String SIPSAK_DOMAIN = "localhost";
    private static final Duration SIPSAK_TIMEOUT = Duration.ofSeconds(60);
    /** sipsak's exit codes: 0 a 200 came, 1 another final response came. */
    private static final int GOT_200 = 0;
    private static final int GOT_OTHER_FINAL = 1;
    /** What sipsak -vv prints once it has computed an Authorization from the 401's challenge. */
    private static final String ANSWERED_CHALLENGE = "authorizing";

    private Path sipsak;

    @Before
    public void serveSipsakDomain() throws Exception {
        sipsak = PeerProcess.requireBinary("sipsak", "sipsak");
        waitForServiceReference("dev.parley.api.registration.RegistrationService", DEFAULT_TIMEOUT);
        ServerInfo server = waitForService(ServerInfo.class, DEFAULT_TIMEOUT);
        if (!server.isLocalDomain(SIPSAK_DOMAIN)) {
            setConfig("dev.parley.sip", "domains", DOMAIN + "," + SIPSAK_DOMAIN);
        }
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (!server.isLocalDomain(SIPSAK_DOMAIN)) {
            assertTrue("Parley does not serve " + SIPSAK_DOMAIN + " within " + DEFAULT_TIMEOUT + " of the change",
                    System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    @Test
    public void rightPasswordRegistersTheContact() throws Exception {
        executeCommand("parley:account-add sipsak-alice@" + SIPSAK_DOMAIN + " alice-secret");
        int contactPort = FreePorts.udpAndTcp(26060);
        String contact = "sip:sipsak-alice@" + HOST + ":" + contactPort;

        PeerProcess.Result result = register("sipsak-alice", "alice-secret", contact);

        assertEquals("sipsak exit code (0: 200 OK)\n" + result.output(), GOT_200, result.exitCode());
        assertTrue("sipsak answered the challenge:\n" + result.output(), result.output().contains(ANSWERED_CHALLENGE));
        String registrations = executeCommand("parley:registrations sipsak-alice@" + SIPSAK_DOMAIN);
        assertTrue("binding " + contact + " in:\n" + registrations, registrations.contains(contact));
    }

    @Test
    public void wrongPasswordIsRefused() throws Exception {
        executeCommand("parley:account-add sipsak-bob@" + SIPSAK_DOMAIN + " bob-secret");
        String contact = "sip:sipsak-bob@" + HOST + ":" + FreePorts.udpAndTcp(27060);

        PeerProcess.Result result = register("sipsak-bob", "not-bob-secret", contact);

        assertEquals("sipsak exit code (1: a final response other than 200)\n" + result.output(), GOT_OTHER_FINAL,
                result.exitCode());
        // the refusal must answer the credentials sipsak computed, not a challenge it could not use
        assertTrue("sipsak answered the challenge:\n" + result.output(), result.output().contains(ANSWERED_CHALLENGE));
        assertTrue("403 to the wrong credentials:\n" + result.output(),
                result.output().contains("SIP/2.0 403 Forbidden"));
        String registrations = executeCommand("parley:registrations sipsak-bob@" + SIPSAK_DOMAIN);
        assertFalse("no binding expected after a wrong password:\n" + registrations,
                registrations.contains(contact));
    }

    /**
     * sipsak sends a MESSAGE through Parley (answering the 407 with {@code -a}/{@code -u}) to a user registered by a
     * jain-sip client, which gets it with sipsak's text and From. The MESSAGE comes from a file ({@code -f}):
     * Debian's sipsak 0.9.8.1 crashes in its message mode ({@code -M}, with or without {@code -U}) with a
     * segmentation fault in its own message builder (an {@code sprintf} into a null buffer), before sending.
     */
    @Test
    public void messageReachesARegisteredRecipient() throws Exception {
        executeCommand("parley:account-add sipsak-sender@" + SIPSAK_DOMAIN + " sender-secret");
        executeCommand("parley:account-add sipsak-rcpt@" + SIPSAK_DOMAIN + " rcpt-secret");
        try (SipTestClient recipient = new SipTestClient("udp", sipPort())) {
            assertEquals(200, recipient.register("sipsak-rcpt", SIPSAK_DOMAIN, "rcpt-secret", 300, "MD5",
                    Duration.ofSeconds(5)).getStatusCode());
            String text = "hello from sipsak " + System.nanoTime();
            Path work = Files.createTempDirectory("parley-sipsak-");
            Path message = work.resolve("message.sip");
            Files.writeString(message, String.join("\r\n",
                    "MESSAGE sip:sipsak-rcpt@" + SIPSAK_DOMAIN + " SIP/2.0",
                    "From: <sip:sipsak-sender@" + SIPSAK_DOMAIN + ">;tag=sipsak-" + System.nanoTime(),
                    "To: <sip:sipsak-rcpt@" + SIPSAK_DOMAIN + ">",
                    "Call-ID: sipsak-" + System.nanoTime() + "@" + HOST,
                    "CSeq: 1 MESSAGE",
                    "Max-Forwards: 70",
                    "Content-Type: text/plain",
                    "Content-Length: " + text.length(),
                    "",
                    text), StandardCharsets.US_ASCII);

            PeerProcess.Result result = PeerProcess.run(work, SIPSAK_TIMEOUT, List.of(sipsak.toString(),
                    "-f", message.toString(), "-a", "sender-secret", "-u", "sipsak-sender",
                    "-s", "sip:sipsak-rcpt@" + SIPSAK_DOMAIN, "-p", HOST + ":" + sipPort(), "-vv"));

            assertEquals("sipsak exit code (0: a 2xx came)\n" + result.output(), GOT_200, result.exitCode());
            assertTrue("sipsak answered the challenge:\n" + result.output(),
                    result.output().contains(ANSWERED_CHALLENGE));
            assertTrue("202 to the authenticated MESSAGE:\n" + result.output(),
                    result.output().contains("SIP/2.0 202 Accepted"));
            RequestEvent delivered = recipient.nextReceivedRequest(Duration.ofSeconds(10));
            assertNotNull("the MESSAGE reached the recipient", delivered);
            Request received = delivered.getRequest();
            ((SipProvider) delivered.getSource()).getNewServerTransaction(received)
                    .sendResponse(recipient.messageFactory().createResponse(200, received));
            assertEquals(text, new String(received.getRawContent(), StandardCharsets.UTF_8));
            assertTrue(received.getHeader(FromHeader.NAME).toString(),
                    received.getHeader(FromHeader.NAME).toString().contains("sip:sipsak-sender@" + SIPSAK_DOMAIN));
        }
    }

    /**
     * One usrloc REGISTER of {@code contact} for {@code user@localhost}, sent to the container's UDP port. The
     * explicit {@code -u} is needed: without it sipsak 0.9.8 puts {@code user@} into the digest username.
     */
    private PeerProcess.Result register(String user, String password, String contact) throws Exception {
        Path work = Files.createTempDirectory("parley-sipsak-");
        return PeerProcess.run(work, SIPSAK_TIMEOUT, List.of(sipsak.toString(), "-U", "-i",
                "-C", contact, "-a", password, "-u", user, "-x", "300",
                "-s", "sip:" + user + "@" + SIPSAK_DOMAIN, "-p", HOST + ":" + sipPort(), "-vv"));
    }
}
