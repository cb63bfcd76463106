package dev.parley.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.regex.Pattern;

import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.parley.itests.events.Subscriber;
import dev.parley.itests.events.Subscriber.Exchange;
import dev.parley.itests.support.FreePorts;
import dev.parley.itests.support.SipTestClient;

/**
 * Nothing stored is lost when the real distribution goes down: unpacked from its tar.gz, started with
 * {@code bin/start} and driven with {@code bin/client} and SIP over loopback, it keeps its accounts and registered
 * contacts across a graceful {@code bin/stop} and across a SIGKILL of the Karaf JVM straight after a REGISTER was
 * answered, and a MESSAGE stored for an offline recipient is still delivered after both. Plain JUnit: the
 * container is a separate process, not a Pax Exam one.
 */
public class KarafRestartIT {

    private static final String DOMAIN = "restart.test";
    private static final String PASSWORD = "restart-pass-1";
    private static final int EXPIRES = 3600;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);

    private UnpackedKaraf karaf;
    private int sipPort;
    private final List<SipTestClient> sipClients = new ArrayList<>();

    @Before
    public void unpackAndStart() throws Exception {
        karaf = UnpackedKaraf.unpack(distribution(), Path.of("target", "process-it"));
        sipPort = FreePorts.udpAndTcp(16060);
        int wsPort = FreePorts.tcp(16066, sipPort);
        int sshPort = FreePorts.tcp(16101, sipPort, wsPort);
        int rmiRegistryPort = FreePorts.tcp(16199, sipPort, wsPort, sshPort);
        int rmiServerPort = FreePorts.tcp(rmiRegistryPort + 1, sipPort, wsPort, sshPort, rmiRegistryPort);
        karaf.setProperty("dev.parley.sip.cfg", "domains", DOMAIN);
        karaf.setProperty("dev.parley.sip.cfg", "bind.address", "127.0.0.1");
        karaf.setProperty("dev.parley.sip.cfg", "udp.port", Integer.toString(sipPort));
        karaf.setProperty("dev.parley.sip.cfg", "tcp.port", Integer.toString(sipPort));
        karaf.setProperty("dev.parley.sip.cfg", "ws.port", Integer.toString(wsPort));
        karaf.setProperty("org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
        karaf.setProperty("org.apache.karaf.shell.cfg", "sshPort", Integer.toString(sshPort));
        karaf.setProperty("org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(rmiRegistryPort));
        karaf.setProperty("org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(rmiServerPort));
        startAndAwaitReady();
    }

    @After
    public void stopEverything() throws Exception {
        sipClients.forEach(SipTestClient::close);
        if (karaf != null) {
            karaf.close();
            // the same switch as the Pax Exam tests' runtime folder
            if (!Boolean.getBoolean("parley.itest.keep")) {
                karaf.delete();
            }
        }
    }

    @Test
    public void accountsAndBindingsSurviveGracefulRestartAndKill() throws Exception {
        SipTestClient alicePhone = newSipClient();
        addAccount("alice");
        Instant aliceRegistered = register("alice", alicePhone);

        karaf.stop();
        startAndAwaitReady();
        assertStored("alice", alicePhone, aliceRegistered);

        SipTestClient bobPhone = newSipClient();
        addAccount("bob");
        Instant bobRegistered = register("bob", bobPhone);
        // no pause: what was acknowledged (shell output, 200 OK) must already be on disk
        karaf.kill();
        startAndAwaitReady();
        assertStored("alice", alicePhone, aliceRegistered);
        assertStored("bob", bobPhone, bobRegistered);
    }

    /**
     * A MESSAGE answered 202 for an offline recipient is delivered when the recipient registers after a graceful
     * restart, and after a SIGKILL that came straight after the 202.
     */
    @Test
    public void storedMessagesSurviveGracefulRestartAndKill() throws Exception {
        SipTestClient alicePhone = newSipClient();
        for (String user : List.of("alice", "bob", "carol")) {
            addAccount(user);
        }
        assertEquals(202, sendMessage(alicePhone, "alice", "bob", "before the restart").getStatusCode());
        karaf.stop();
        startAndAwaitReady();
        assertDelivered("bob", "before the restart");

        assertEquals(202, sendMessage(alicePhone, "alice", "carol", "before the kill").getStatusCode());
        karaf.kill();
        startAndAwaitReady();
        assertDelivered("carol", "before the kill");
    }

    /**
     * An event subscription keeps its SIP dialog across a graceful restart and a SIGKILL straight after a NOTIFY:
     * a REGISTER afterwards is notified in the same dialog, with a CSeq above every earlier one.
     */
    @Test
    public void eventSubscriptionsSurviveGracefulRestartAndKill() throws Exception {
        SipTestClient phone = newSipClient();
        addAccount("dave");
        Exchange subscribed = Subscriber.send(phone, Subscriber.subscribe(phone, DOMAIN, "dave", "dave", "reg", 3600),
                "dave", PASSWORD);
        assertEquals(subscribed.response().toString(), Response.OK, subscribed.response().getStatusCode());
        long lastCseq = Subscriber.cseq(Subscriber.nextNotify(phone));
        for (boolean kill : new boolean[] { false, true }) {
            if (kill) {
                karaf.kill();
            } else {
                karaf.stop();
            }
            startAndAwaitReady();
            karaf.awaitReady(READY_TIMEOUT, output -> output.contains("sip:dave@" + DOMAIN), "parley:subscriptions");
            register("dave", phone);
            Request notify = Subscriber.nextNotify(phone);
            assertTrue(notify.toString(), Subscriber.inDialogOf(subscribed, notify));
            assertTrue("CSeq " + Subscriber.cseq(notify) + " after " + lastCseq, Subscriber.cseq(notify) > lastCseq);
            assertTrue(Subscriber.body(notify), Subscriber.body(notify).contains(":" + phone.localPort()));
            lastCseq = Subscriber.cseq(notify);
        }
    }

    private void startAndAwaitReady() throws Exception {
        karaf.start();
        Pattern udpListening = Pattern.compile("(?m)^udp\\s*\\|\\s*127\\.0\\.0\\.1\\s*\\|\\s*" + sipPort + "\\s*$");
        karaf.awaitReady(READY_TIMEOUT, output -> udpListening.matcher(output).find(), "parley:status",
                "parley:registrations", "parley:account-list");
    }

    private SipTestClient newSipClient() throws Exception {
        SipTestClient client = new SipTestClient("udp", sipPort);
        sipClients.add(client);
        return client;
    }

    private void addAccount(String user) throws Exception {
        UnpackedKaraf.ScriptResult result = karaf.client("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        assertTrue(result.output(), result.succeeded());
        assertTrue(result.output(), result.output().contains("Created sip:" + user + "@" + DOMAIN));
    }

    /** REGISTERs the phone's contact for {@code user} and returns when the 200 OK had arrived. */
    private static Instant register(String user, SipTestClient phone) throws Exception {
        Response response = phone.register(user, DOMAIN, PASSWORD, EXPIRES, "MD5", SIP_TIMEOUT);
        assertEquals(response.toString(), Response.OK, response.getStatusCode());
        return Instant.now();
    }

    /**
     * The account and the phone's binding are back: in the shell's listings and in a registrar query over SIP,
     * with the expiry registered at {@code registered} rather than a fresh one.
     */
    private void assertStored(String user, SipTestClient phone, Instant registered) throws Exception {
        String aor = "sip:" + user + "@" + DOMAIN;
        String contact = phone.contactUri(user);

        UnpackedKaraf.ScriptResult accounts = karaf.client("parley:account-list");
        assertTrue(accounts.output(), accounts.succeeded());
        assertTrue("account " + aor + " missing:\n" + accounts.output(), accounts.output().contains(aor));

        UnpackedKaraf.ScriptResult registrations = karaf.client("parley:registrations " + user + "@" + DOMAIN);
        assertTrue(registrations.output(), registrations.succeeded());
        assertTrue("binding " + contact + " missing:\n" + registrations.output(),
                registrations.output().contains(contact));

        long secondsSinceRegistered = Duration.between(registered, Instant.now()).toSeconds();
        Response query = queryBindings(phone, user);
        assertEquals(query.toString(), Response.OK, query.getStatusCode());
        List<String> contacts = new ArrayList<>();
        for (ListIterator<?> it = query.getHeaders(ContactHeader.NAME); it.hasNext();) {
            ContactHeader header = (ContactHeader) it.next();
            contacts.add(header.getAddress().getURI().toString());
            // one second of slack for the server rounding the remaining time up
            assertTrue("expires " + header.getExpires() + " after " + secondsSinceRegistered + " s:\n" + query,
                    header.getExpires() > 0 && header.getExpires() <= EXPIRES - secondsSinceRegistered + 1);
        }
        assertEquals(query.toString(), List.of(contact), contacts);
    }

    /** An authenticated MESSAGE from {@code from} to {@code to}; the final response. */
    private static Response sendMessage(SipTestClient phone, String from, String to, String text) throws Exception {
        String target = "sip:" + to + "@" + DOMAIN;
        Request message = phone.createRequest(Request.MESSAGE, target, "sip:" + from + "@" + DOMAIN, target);
        message.setContent(text.getBytes(StandardCharsets.UTF_8),
                phone.headerFactory().createContentTypeHeader("text", "plain"));
        Response challenge = phone.send(message, SIP_TIMEOUT);
        assertEquals(challenge.toString(), Response.PROXY_AUTHENTICATION_REQUIRED, challenge.getStatusCode());
        return phone.send(phone.authorize(message, challenge, from, PASSWORD, "MD5"), SIP_TIMEOUT);
    }

    /** {@code user} registers a new phone, which gets {@code text} as a MESSAGE (and answers it 200). */
    private void assertDelivered(String user, String text) throws Exception {
        SipTestClient phone = newSipClient();
        register(user, phone);
        RequestEvent event = phone.nextReceivedRequest(Duration.ofSeconds(30));
        assertTrue("no MESSAGE reached " + user + " after the restart", event != null);
        Request message = event.getRequest();
        ((SipProvider) event.getSource()).getNewServerTransaction(message)
                .sendResponse(phone.messageFactory().createResponse(Response.OK, message));
        assertEquals(text, new String(message.getRawContent(), StandardCharsets.UTF_8));
    }

    /** An authenticated REGISTER without Contact: the registrar answers with the bindings it holds. */
    private static Response queryBindings(SipTestClient phone, String user) throws Exception {
        String aor = "sip:" + user + "@" + DOMAIN;
        Request query = phone.createRequest(Request.REGISTER, "sip:" + DOMAIN, aor, aor);
        query.removeHeader(ContactHeader.NAME);
        query.removeHeader(ExpiresHeader.NAME);
        Response response = phone.send(query, SIP_TIMEOUT);
        if (response.getStatusCode() == Response.UNAUTHORIZED) {
            response = phone.send(phone.authorize(query, response, user, PASSWORD, "MD5"), SIP_TIMEOUT);
        }
        return response;
    }

    private static Path distribution() {
        String path = System.getProperty("parley.distribution");
        if (path == null || path.isBlank() || !new File(path).isFile()) {
            throw new IllegalStateException("System property parley.distribution must name the built distribution "
                    + "tar.gz (set by itests/pom.xml); got " + path);
        }
        return Path.of(path);
    }
}
