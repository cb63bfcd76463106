package dev.parley.itests.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static dev.parley.itests.events.Subscriber.SIP_TIMEOUT;
import static dev.parley.itests.events.Subscriber.body;
import static dev.parley.itests.events.Subscriber.cseq;
import static dev.parley.itests.events.Subscriber.inDialog;
import static dev.parley.itests.events.Subscriber.inDialogOf;
import static dev.parley.itests.events.Subscriber.nextNotify;
import static dev.parley.itests.events.Subscriber.subscriptionState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.header.AllowEventsHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.OutgoingSubscription;
import dev.parley.api.event.SipEventService;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;
import dev.parley.itests.events.Subscriber.Exchange;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * The RFC 6665 framework in the real distribution, driven by jain-sip clients over loopback: authenticated
 * SUBSCRIBE to the reg package with the initial and change NOTIFYs, refresh, un-subscribe, the refusals (489, 423,
 * 403, 404, 406), the dialog package fed by call events, subscriptions Parley holds itself (SipEventService), and
 * a subscription that outlives a restart of the events bundle.
 */
public class EventsIT extends ParleyKarafTestSupport {

    private static final String PASSWORD = "correct-horse-1";

    @Before
    public void waitForEvents() throws Exception {
        waitForServiceReference(SubscriptionService.class.getName(), DEFAULT_TIMEOUT);
        // the handler lists the running packages in parley.sip.event: both shipped ones must be up
        waitForServiceReference("dev.parley.sip.spi.SipRequestHandler",
                "(&(parley.sip.method=SUBSCRIBE)(parley.sip.event=reg)(parley.sip.event=dialog))", DEFAULT_TIMEOUT);
        waitForCommand("parley", "subscriptions", DEFAULT_TIMEOUT);
    }

    private String newUser() {
        String user = "e" + UUID.randomUUID().toString().substring(0, 8);
        executeCommand("parley:account-add " + user + "@" + DOMAIN + " " + PASSWORD);
        return user;
    }

    private static String aor(String user) {
        return "sip:" + user + "@" + DOMAIN;
    }

    private static Request subscribe(SipTestClient client, String subscriber, String resource, String eventPackage,
            Integer expires) throws Exception {
        return Subscriber.subscribe(client, DOMAIN, subscriber, resource, eventPackage, expires);
    }

    private static Exchange send(SipTestClient client, Request request, String user) throws Exception {
        return Subscriber.send(client, request, user, PASSWORD);
    }

    private static List<String> allowEvents(Response response) {
        List<String> packages = new ArrayList<>();
        for (ListIterator<?> it = response.getHeaders(AllowEventsHeader.NAME); it.hasNext();) {
            packages.add(((AllowEventsHeader) it.next()).getEventType());
        }
        return packages;
    }

    private static void assertInDialog(Exchange exchange, Request notify) {
        assertTrue("NOTIFY in the subscription's dialog:\n" + notify, inDialogOf(exchange, notify));
    }

    @Test
    public void regSubscriptionFollowsRegistrationsThroughRefreshAndUnsubscribe() throws Exception {
        String alice = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Request initial = subscribe(client, alice, alice, "reg", 600);
            Response challenge = client.send(initial, SIP_TIMEOUT);
            assertEquals("SUBSCRIBE is challenged", 401, challenge.getStatusCode());
            Request authorized = client.authorize(initial, challenge, alice, PASSWORD, "MD5");
            Exchange subscribed = new Exchange(authorized, client.send(authorized, SIP_TIMEOUT));
            Response ok = subscribed.response();
            assertEquals(200, ok.getStatusCode());
            int granted = ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires();
            assertTrue("granted " + granted, granted > 0 && granted <= 600);
            assertNotNull("200 has a Contact", ok.getHeader(ContactHeader.NAME));
            assertTrue(allowEvents(ok).contains("reg"));

            Request first = nextNotify(client);
            assertInDialog(subscribed, first);
            assertEquals("reg", ((EventHeader) first.getHeader(EventHeader.NAME)).getEventType());
            assertEquals("active", subscriptionState(first));
            assertEquals("application/reginfo+xml", contentType(first));
            assertTrue(body(first), body(first).contains("aor=\"" + aor(alice) + "\""));
            assertTrue(body(first), body(first).contains("state=\"init\""));
            assertTrue(body(first), body(first).contains("version=\"0\""));

            assertEquals(200, client.register(alice, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
            Request registered = nextNotify(client);
            assertInDialog(subscribed, registered);
            assertTrue(cseq(registered) > cseq(first));
            assertTrue(body(registered), body(registered).contains("127.0.0.1:" + client.localPort()));
            assertTrue(body(registered), body(registered).contains("version=\"1\""));
            assertEquals(1, waitForService(SubscriptionService.class, DEFAULT_TIMEOUT)
                    .subscriptions("reg", new SipAddress(alice, DOMAIN)).size());
            assertTrue(executeCommand("parley:subscriptions").contains(aor(alice)));

            long cseq = cseq(subscribed.request());
            Response refreshed = client.send(inDialog(client, subscribed, cseq + 1, 300), SIP_TIMEOUT);
            assertEquals(200, refreshed.getStatusCode());
            assertEquals(300, ((ExpiresHeader) refreshed.getHeader(ExpiresHeader.NAME)).getExpires());
            Request afterRefresh = nextNotify(client);
            assertEquals("active", subscriptionState(afterRefresh));
            assertTrue(((SubscriptionStateHeader) afterRefresh.getHeader(SubscriptionStateHeader.NAME))
                    .getExpires() <= 300);

            Response unsubscribed = client.send(inDialog(client, subscribed, cseq + 2, 0), SIP_TIMEOUT);
            assertEquals(200, unsubscribed.getStatusCode());
            Request last = nextNotify(client);
            assertInDialog(subscribed, last);
            assertEquals("terminated;reason=timeout", subscriptionState(last));
            assertTrue(waitForService(SubscriptionService.class, DEFAULT_TIMEOUT)
                    .subscriptions("reg", new SipAddress(alice, DOMAIN)).isEmpty());

            Response gone = client.send(inDialog(client, subscribed, cseq + 3, 300), SIP_TIMEOUT);
            assertEquals("a refresh of an ended subscription", 481, gone.getStatusCode());
        }
    }

    private static String contentType(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        return type.getContentType() + "/" + type.getContentSubType();
    }

    @Test
    public void unknownPackageGets489WithAllowEventsAndOptionsListsThePackages() throws Exception {
        String alice = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Response bad = client.send(subscribe(client, alice, alice, "no-such-package", 600), SIP_TIMEOUT);
            assertEquals(489, bad.getStatusCode());
            assertTrue(allowEvents(bad).toString(), allowEvents(bad).containsAll(List.of("reg", "dialog")));

            Response options = client.send(client.createOptions(DOMAIN), SIP_TIMEOUT);
            assertEquals(200, options.getStatusCode());
            assertTrue(allowEvents(options).toString(), allowEvents(options).containsAll(List.of("reg", "dialog")));
        }
    }

    @Test
    public void tooShortExpiresGets423WithMinExpires() throws Exception {
        String alice = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Response brief = send(client, subscribe(client, alice, alice, "reg", 5), alice).response();
            assertEquals(423, brief.getStatusCode());
            assertEquals(60, ((MinExpiresHeader) brief.getHeader(MinExpiresHeader.NAME)).getExpires());
        }
    }

    @Test
    public void othersRegIsForbiddenUnknownUserNotFoundWrongAcceptNotAcceptable() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            assertEquals(403, send(client, subscribe(client, bob, alice, "reg", 600), bob).response().getStatusCode());
            assertEquals(404, send(client, subscribe(client, bob, "nobody" + bob, "reg", 600), bob).response()
                    .getStatusCode());
            Request pidfOnly = subscribe(client, alice, alice, "reg", 600);
            pidfOnly.addHeader(client.headerFactory().createAcceptHeader("application", "pidf+xml"));
            assertEquals(406, send(client, pidfOnly, alice).response().getStatusCode());
        }
        assertTrue(waitForService(SubscriptionService.class, DEFAULT_TIMEOUT)
                .subscriptions("reg", new SipAddress(alice, DOMAIN)).isEmpty());
    }

    @Test
    public void dialogPackageShowsCallsFromCallEvents() throws Exception {
        String alice = newUser();
        String bob = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Exchange subscribed = send(client, subscribe(client, bob, alice, "dialog", 600), bob);
            assertEquals(200, subscribed.response().getStatusCode());
            Request idle = nextNotify(client);
            assertEquals("application/dialog-info+xml", contentType(idle));
            assertFalse(body(idle), body(idle).contains("<dialog "));

            EventAdmin events = waitForService(EventAdmin.class, DEFAULT_TIMEOUT);
            events.postEvent(new Event("parley/call/RINGING", Map.of("callId", "c-" + alice, "caller", aor(alice),
                    "callee", "sip:carol@example.com", "state", "RINGING")));
            Request ringing = nextNotify(client);
            assertInDialog(subscribed, ringing);
            assertTrue(body(ringing), body(ringing).contains("<state>early</state>"));
            assertTrue(body(ringing), body(ringing).contains("direction=\"initiator\""));
            assertTrue(body(ringing), body(ringing).contains("sip:carol@example.com"));

            events.postEvent(new Event("parley/call/ENDED", Map.of("callId", "c-" + alice, "caller", aor(alice),
                    "callee", "sip:carol@example.com", "reason", "NORMAL")));
            assertTrue(body(nextNotify(client)).contains("<state>terminated</state>"));
        }
    }

    @Test
    public void subscriptionSurvivesRestartOfTheEventsBundle() throws Exception {
        String alice = newUser();
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            Exchange subscribed = send(client, subscribe(client, alice, alice, "reg", 600), alice);
            assertEquals(200, subscribed.response().getStatusCode());
            Request before = nextNotify(client);

            restartBundle("dev.parley.events");
            waitForEvents();

            assertEquals(200, client.register(alice, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
            Request after = nextNotify(client);
            assertInDialog(subscribed, after);
            assertTrue("CSeq rises across the restart", cseq(after) > cseq(before));
            assertTrue(body(after), body(after).contains("127.0.0.1:" + client.localPort()));
        }
    }

    @Test
    public void sipEventServiceDeliversNotificationsOnEventAdmin() throws Exception {
        String alice = newUser();
        BlockingQueue<Event> notified = new LinkedBlockingQueue<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, SipEventService.TOPIC_NOTIFIED);
        ServiceRegistration<EventHandler> listener = bundleContext.registerService(EventHandler.class,
                notified::add, properties);
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            SipEventService service = waitForService(SipEventService.class, DEFAULT_TIMEOUT);
            SipAddress address = new SipAddress(alice, DOMAIN);
            OutgoingSubscription subscription = service.subscribe(address, "reg", List.of(address),
                    Duration.ofMinutes(10));
            assertEquals(SubscriptionState.ACTIVE, subscription.resources().get(address));

            Event initial = nextEvent(notified, subscription.id());
            assertEquals(aor(alice), initial.getProperty(SipEventService.PROPERTY_RESOURCE));
            assertTrue(String.valueOf(initial.getProperty(SipEventService.PROPERTY_STATE)).startsWith("active"));
            assertTrue(String.valueOf(initial.getProperty(SipEventService.PROPERTY_BODY)).contains("<reginfo"));

            assertEquals(200, client.register(alice, DOMAIN, PASSWORD, 600, "MD5", SIP_TIMEOUT).getStatusCode());
            Event registered = nextEvent(notified, subscription.id());
            assertTrue(String.valueOf(registered.getProperty(SipEventService.PROPERTY_BODY))
                    .contains("127.0.0.1:" + client.localPort()));
            assertTrue(service.find(subscription.id()).isPresent());

            assertTrue(service.unsubscribe(subscription.id()));
            assertEquals("terminated;reason=deactivated",
                    nextEvent(notified, subscription.id()).getProperty(SipEventService.PROPERTY_STATE));
            assertFalse(service.find(subscription.id()).isPresent());
            try {
                service.subscribe(address, "reg", List.of(new SipAddress("x", "example.com")), Duration.ofMinutes(10));
                fail("a remote resource is refused");
            } catch (ParleyException e) {
                assertEquals(ParleyError.INVALID_ARGUMENT, e.error());
            }
        } finally {
            listener.unregister();
        }
    }

    private static Event nextEvent(BlockingQueue<Event> events, String subscriptionId) throws InterruptedException {
        long deadline = System.nanoTime() + SIP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null && subscriptionId.equals(event.getProperty(SipEventService.PROPERTY_SUBSCRIPTION_ID))) {
                return event;
            }
        }
        throw new AssertionError("No " + SipEventService.TOPIC_NOTIFIED + " within " + SIP_TIMEOUT);
    }
}
