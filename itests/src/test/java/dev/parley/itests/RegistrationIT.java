package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.UUID;

import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Before;
import org.junit.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.LocationService;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * The registrar in the real distribution, driven by a jain-sip client over loopback: digest authentication with
 * both algorithms, refusals, refresh, removal, interval and contact limits, and bindings that outlive a restart of
 * the registration bundle.
 */
public class RegistrationIT extends ParleyKarafTestSupport {

    private static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = "correct-horse-1";

    private LocationService location;

    @Before
    public void waitForRegistrar() throws Exception {
        location = waitForService(LocationService.class, DEFAULT_TIMEOUT);
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
    }

    /** A user no other test touches, created through the shell. */
    private String newUser() {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    private List<Binding> bindings(String user) {
        return location.lookup(new SipAddress(user, DOMAIN));
    }

    @Test
    public void registersWithMd5Digest() throws Exception {
        assertRegistersWith("MD5");
    }

    @Test
    public void registersWithSha256Digest() throws Exception {
        assertRegistersWith("SHA-256");
    }

    private void assertRegistersWith(String algorithm) throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Request register = client.createRegister(user, DOMAIN, 600);
            Response challenge = client.send(register, SIP_TIMEOUT);
            assertEquals(401, challenge.getStatusCode());
            assertTrue("challenge offers " + algorithm, offeredAlgorithms(challenge).contains(algorithm));

            Request authorized = client.authorize(register, challenge, user, PASSWORD, algorithm);
            assertEquals(algorithm,
                    ((AuthorizationHeader) authorized.getHeader(AuthorizationHeader.NAME)).getAlgorithm());
            Response ok = client.send(authorized, SIP_TIMEOUT);
            assertEquals(200, ok.getStatusCode());
            List<ContactHeader> contacts = contacts(ok);
            assertEquals(1, contacts.size());
            assertTrue(contacts.get(0).getExpires() > 590 && contacts.get(0).getExpires() <= 600);

            List<Binding> bindings = bindings(user);
            assertEquals(1, bindings.size());
            assertEquals("udp", bindings.get(0).transport());
            assertTrue(bindings.get(0).contact(), bindings.get(0).contact().contains(":" + client.localPort()));
            assertTrue(executeCommand("parley:registrations " + user + "@" + DOMAIN).contains(user));
        }
    }

    @Test
    public void registersOverTcp() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("tcp", sipPort())) {
            assertEquals(200, client.register(user, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
        }
        assertEquals("tcp", bindings(user).get(0).transport());
    }

    @Test
    public void wrongPasswordIsForbidden() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Response response = client.register(user, DOMAIN, "not-the-password", 600, "SHA-256", SIP_TIMEOUT);
            assertEquals(403, response.getStatusCode());
        }
        assertTrue(bindings(user).isEmpty());
    }

    @Test
    public void unknownUserIsForbiddenOrNotFoundAsConfigured() throws Exception {
        String stranger = "nobody" + UUID.randomUUID().toString().substring(0, 6);
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            assertEquals("unknown users are not revealed by default", 403,
                    client.register(stranger, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
            setConfig("dev.parley.registration", "reveal.unknown.users", "true");
            try {
                assertEventually(() -> client.register(stranger, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT)
                        .getStatusCode() == 404, "404 for an unknown user once configured");
            } finally {
                setConfig("dev.parley.registration", "reveal.unknown.users", "false");
            }
        }
    }

    @Test
    public void refreshExtendsTheBinding() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            assertEquals(200, client.register(user, DOMAIN, PASSWORD, 120, "MD5", SIP_TIMEOUT).getStatusCode());
            Instant first = bindings(user).get(0).expiresAt();
            Response refreshed = client.register(user, DOMAIN, PASSWORD, 3000, "MD5", SIP_TIMEOUT);
            assertEquals(200, refreshed.getStatusCode());
            assertEquals("a refresh keeps one binding", 1, contacts(refreshed).size());
            assertTrue(contacts(refreshed).get(0).getExpires() > 2900);
            assertTrue(bindings(user).get(0).expiresAt().isAfter(first.plusSeconds(2000)));
        }
    }

    @Test
    public void unregistersOneContactThenAll() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            for (String device : List.of("desk", "mobile", "tablet")) {
                assertEquals(200, registerContact(client, user, device, 600).getStatusCode());
            }
            assertEquals(3, bindings(user).size());

            Response removedOne = registerContact(client, user, "mobile", 0);
            assertEquals(200, removedOne.getStatusCode());
            assertEquals(2, contacts(removedOne).size());
            assertTrue(bindings(user).stream().noneMatch(b -> b.contact().contains("mobile")));

            Request wildcard = client.createRegister(user, DOMAIN, 0);
            wildcard.setHeader(client.headerFactory().createContactHeader());
            Response challenge = client.send(wildcard, SIP_TIMEOUT);
            Response removedAll = client.send(client.authorize(wildcard, challenge, user, PASSWORD, "MD5"),
                    SIP_TIMEOUT);
            assertEquals(200, removedAll.getStatusCode());
            assertTrue(contacts(removedAll).isEmpty());
            assertTrue(bindings(user).isEmpty());
        }
    }

    @Test
    public void tooBriefIntervalGets423WithMinExpires() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Response response = client.register(user, DOMAIN, PASSWORD, 3, "MD5", SIP_TIMEOUT);
            assertEquals(423, response.getStatusCode());
            MinExpiresHeader minExpires = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
            assertNotNull("423 carries Min-Expires", minExpires);
            assertEquals("the distribution's min.expires", 10, minExpires.getExpires());
            assertTrue(bindings(user).isEmpty());
        }
    }

    @Test
    public void tooManyContactsAreRefusedAndNothingIsWritten() throws Exception {
        String user = newUser();
        setConfig("dev.parley.registration", "max.contacts", "2");
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            assertEventually(() -> {
                client.register(user, DOMAIN, PASSWORD, 0, "MD5", SIP_TIMEOUT); // clean slate between attempts
                registerContact(client, user, "one", 600);
                registerContact(client, user, "two", 600);
                return registerContact(client, user, "three", 600).getStatusCode() == 403;
            }, "a third contact is refused with max.contacts=2");
            assertEquals(2, bindings(user).size());
        } finally {
            setConfig("dev.parley.registration", "max.contacts", "10");
        }
    }

    @Test
    public void bindingSurvivesRestartOfTheRegistrationBundle() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            assertEquals(200, client.register(user, DOMAIN, PASSWORD, 900, "MD5", SIP_TIMEOUT).getStatusCode());
        }
        Binding before = bindings(user).get(0);

        restartBundle("dev.parley.registration");

        LocationService restarted = waitForService(LocationService.class, DEFAULT_TIMEOUT);
        List<Binding> after = restarted.lookup(new SipAddress(user, DOMAIN));
        assertEquals(1, after.size());
        assertEquals(before.contact(), after.get(0).contact());
        assertEquals(before.expiresAt().toEpochMilli(), after.get(0).expiresAt().toEpochMilli());
        waitForCommand("parley", "registrations", DEFAULT_TIMEOUT);
        assertTrue(executeCommand("parley:registrations").contains(user));
        location = restarted;
    }

    @Test
    public void sameCallIdWithOldCSeqIsRefused() throws Exception {
        String user = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Request register = client.createRegister(user, DOMAIN, 600);
            Response challenge = client.send(register, SIP_TIMEOUT);
            Request authorized = client.authorize(register, challenge, user, PASSWORD, "MD5"); // CSeq 2
            assertEquals(200, client.send(authorized, SIP_TIMEOUT).getStatusCode());

            // the same Call-ID with CSeq 2 again (a new transaction): out of order per RFC 3261 10.3 step 7
            Request replay = client.createRegister(user, DOMAIN, 600);
            replay.setHeader((CallIdHeader) register.getHeader(CallIdHeader.NAME));
            Response challenge2 = client.send(replay, SIP_TIMEOUT);
            Request stale = client.authorize(replay, challenge2, user, PASSWORD, "MD5"); // CSeq 2 again
            Response refused = client.send(stale, SIP_TIMEOUT);
            assertEquals(500, refused.getStatusCode());
            assertFalse(refused.getReasonPhrase().isBlank());
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** REGISTERs {@code sip:<device>@127.0.0.1:<port>} for the user, answering the challenge with MD5. */
    private static Response registerContact(SipTestClient client, String user, String device, int expires)
            throws Exception {
        Request register = client.createRegister(user, DOMAIN, expires);
        register.setHeader(client.headerFactory().createContactHeader(client.addressFactory()
                .createAddress("sip:" + device + "@" + HOST + ":" + client.localPort())));
        Response challenge = client.send(register, SIP_TIMEOUT);
        if (challenge.getStatusCode() != 401) {
            return challenge;
        }
        return client.send(client.authorize(register, challenge, user, PASSWORD, "MD5"), SIP_TIMEOUT);
    }

    private static List<ContactHeader> contacts(Response response) {
        List<ContactHeader> contacts = new ArrayList<>();
        for (ListIterator<?> it = response.getHeaders(ContactHeader.NAME); it.hasNext();) {
            contacts.add((ContactHeader) it.next());
        }
        return contacts;
    }

    private static List<String> offeredAlgorithms(Response challenge) {
        List<String> algorithms = new ArrayList<>();
        for (ListIterator<?> it = challenge.getHeaders(WWWAuthenticateHeader.NAME); it.hasNext();) {
            String algorithm = ((WWWAuthenticateHeader) it.next()).getAlgorithm();
            algorithms.add(algorithm == null ? "MD5" : algorithm);
        }
        return algorithms;
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Configuration changes reach components asynchronously: retry a check for a few seconds. */
    private static void assertEventually(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within 10 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
