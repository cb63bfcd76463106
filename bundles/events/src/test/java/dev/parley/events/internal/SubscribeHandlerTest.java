package dev.parley.events.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;

import javax.sip.RequestEvent;
import javax.sip.header.AllowEventsHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionState;
import dev.parley.api.server.ServerInfo;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipEvent;
import dev.parley.sip.spi.SipRequestHandler;

class SubscribeHandlerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final DigestAuthenticator authenticator = mock(DigestAuthenticator.class, CALLS_REAL_METHODS);
    private final ServerInfo server = mock(ServerInfo.class);
    private final AccountService accounts = mock(AccountService.class);
    private final BundleContext context = mock(BundleContext.class);
    @SuppressWarnings("unchecked")
    private final ServiceRegistration<SipRequestHandler> registration = mock(ServiceRegistration.class);
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    private final EventPackages packages = new EventPackages();
    private final FakePackage fake = new FakePackage();
    private SipFixture sip;
    private SubscriptionManager manager;
    private SubscribeHandler handler;
    private final ArgumentCaptor<Dictionary<String, Object>> properties = propertiesCaptor();

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static ArgumentCaptor<Dictionary<String, Object>> propertiesCaptor() {
        return (ArgumentCaptor) ArgumentCaptor.forClass(Dictionary.class);
    }

    @BeforeEach
    void setUp() throws Exception {
        sip = new SipFixture();
        packages.add(fake);
        when(server.isLocalDomain(anyString())).thenAnswer(inv -> "example.org".equals(inv.getArgument(0)));
        when(accounts.find(any())).thenReturn(Optional.empty());
        when(accounts.find(ALICE)).thenReturn(Optional.of(new Account(ALICE, "Alice", true, Instant.EPOCH,
                Instant.EPOCH)));
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(Outcome.AUTHENTICATED, BOB, ""));
        when(authenticator.challenge(any(), anyString(), anyBoolean(), anyBoolean()))
                .thenAnswer(inv -> sip.messages.createResponse(Response.UNAUTHORIZED, inv.getArgument(0)));
        when(context.registerService(eq(SipRequestHandler.class), any(SipRequestHandler.class), properties.capture()))
                .thenReturn(registration);
        manager = new SubscriptionManager(store, packages, mock(EventAdmin.class), sip.core, TestConfigs.defaults(),
                new TestClock(Instant.parse("2026-11-25T10:00:00Z")), Runnable::run);
        handler = new SubscribeHandler(sip.core, authenticator, server, accounts, packages, manager, context);
    }

    @AfterEach
    void tearDown() {
        handler.deactivate();
        manager.deactivate();
        packages.deactivate();
    }

    private Request subscribe(String resource, String event, String extraHeaders) throws Exception {
        return request("sip:" + resource, null, 1, event, extraHeaders);
    }

    private Request request(String uri, String toTag, long cseq, String event, String extraHeaders) throws Exception {
        String message = "SUBSCRIBE " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-" + cseq + "\r\n"
                + "From: <sip:bob@example.org>;tag=bob-tag\r\n"
                + "To: <sip:alice@example.org>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: call-1\r\nCSeq: " + cseq + " SUBSCRIBE\r\nMax-Forwards: 70\r\n"
                + "Contact: <sip:bob@192.0.2.10:5062>\r\nEvent: " + event + "\r\n" + extraHeaders
                + "Content-Length: 0\r\n\r\n";
        return sip.messages.createRequest(message);
    }

    /** Handles {@code request} and returns its one answer (a stateless challenge or a stateful response). */
    private Response handle(Request request) throws Exception {
        RequestEvent event = mock(RequestEvent.class);
        when(event.getRequest()).thenReturn(request);
        int responses = sip.responses.size();
        int challenges = sip.challenges.size();
        handler.handle(event);
        assertEquals(responses + challenges + 1, sip.responses.size() + sip.challenges.size(), "one answer");
        return sip.challenges.size() > challenges ? sip.challenges.get(challenges) : sip.responses.get(responses);
    }

    private static List<String> allowEvents(Response response) {
        List<String> names = new ArrayList<>();
        response.getHeaders(AllowEventsHeader.NAME)
                .forEachRemaining(h -> names.add(((AllowEventsHeader) h).getEventType()));
        return names;
    }

    @Test
    void registersItselfForTheRunningPackagesAndFollowsThem() {
        assertEquals("SUBSCRIBE", properties.getValue().get("parley.sip.method"));
        assertArrayEquals(new String[] { "test" }, (String[]) properties.getValue().get(SipEvent.PROPERTY));
        ArgumentCaptor<Dictionary<String, Object>> updated = propertiesCaptor();

        packages.add(new RegPackage(mock(dev.parley.api.registration.LocationService.class), manager,
                TestConfigs.defaults()));

        org.mockito.Mockito.verify(registration, org.mockito.Mockito.atLeastOnce()).setProperties(updated.capture());
        assertArrayEquals(new String[] { "reg", "test" }, (String[]) updated.getValue().get(SipEvent.PROPERTY));
    }

    /**
     * The cause of EventsIT's 489s after a restart of this bundle: a package going away while the bundle stopped
     * updated the old registration while it was being unregistered, and the SIP core's registry, handling that
     * MODIFIED after the UNREGISTERING, kept the dead handler, which then won over the new one.
     */
    @Test
    void deactivationWaitsForAnUpdateInProgressAndNoUpdateFollowsTheUnregistration() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch updating = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        org.mockito.Mockito.doAnswer(inv -> {
            updating.countDown();
            release.await(5, java.util.concurrent.TimeUnit.SECONDS);
            seen.add("modified");
            return null;
        }).when(registration).setProperties(any());
        org.mockito.Mockito.doAnswer(inv -> seen.add("unregistered")).when(registration).unregister();
        RegPackage reg = new RegPackage(mock(dev.parley.api.registration.LocationService.class), manager,
                TestConfigs.defaults());
        Thread packageThread = new Thread(() -> packages.add(reg));
        packageThread.start();
        assertTrue(updating.await(5, java.util.concurrent.TimeUnit.SECONDS));

        Thread stopping = new Thread(handler::deactivate);
        stopping.start();
        stopping.join(300);
        assertEquals(List.of(), seen, "not unregistered while an update is being handled");
        release.countDown();
        stopping.join(5000);
        packageThread.join(5000);
        packages.remove(reg);

        assertEquals(List.of("modified", "unregistered"), seen);
    }

    @Test
    void anUnknownPackageGets489WithAllowEvents() throws Exception {
        Response response = handle(subscribe("alice@example.org", "presence", ""));

        assertEquals(489, response.getStatusCode());
        assertEquals(List.of("test"), allowEvents(response));
    }

    @Test
    void withoutCredentialsTheSubscriberIsChallengedStatelessly() throws Exception {
        when(authenticator.authenticate(any(), eq("example.org"), eq(false)))
                .thenReturn(new AuthResult(Outcome.MISSING, null, "no credentials"));

        handle(subscribe("alice@example.org", "test", ""));

        assertEquals(1, sip.challenges.size());
        assertTrue(sip.responses.isEmpty());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void wrongCredentialsAreForbidden() throws Exception {
        when(authenticator.authenticate(any(), anyString(), anyBoolean()))
                .thenReturn(new AuthResult(Outcome.WRONG_CREDENTIALS, BOB, "wrong digest"));

        assertEquals(403, handle(subscribe("alice@example.org", "test", "")).getStatusCode());
    }

    @Test
    void aResourceThatIsNotALocalUserIsNotFound() throws Exception {
        assertEquals(404, handle(subscribe("alice@example.com", "test", "")).getStatusCode());
        assertEquals(404, handle(subscribe("carol@example.org", "test", "")).getStatusCode());
    }

    @Test
    void thePackageDecidesForbiddenOrNotFound() throws Exception {
        fake.decision = SubscriptionDecision.REJECT;
        assertEquals(403, handle(subscribe("alice@example.org", "test", "")).getStatusCode());
        fake.decision = SubscriptionDecision.NO_SUCH_RESOURCE;
        assertEquals(404, handle(subscribe("alice@example.org", "test", "")).getStatusCode());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void tooShortGets423WithMinExpiresAndTooLongIsShortened() throws Exception {
        Response brief = handle(subscribe("alice@example.org", "test", "Expires: 5\r\n"));
        assertEquals(423, brief.getStatusCode());
        assertEquals(60, ((MinExpiresHeader) brief.getHeader(MinExpiresHeader.NAME)).getExpires());

        Response ok = handle(subscribe("alice@example.org", "test", "Expires: 100000\r\n"));
        assertEquals(7200, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
    }

    @Test
    void anAcceptWithoutThePackageTypeGets406() throws Exception {
        assertEquals(406, handle(subscribe("alice@example.org", "test", "Accept: application/xml\r\n"))
                .getStatusCode());
        assertEquals(200, handle(subscribe("alice@example.org", "test", "Accept: text/*\r\n")).getStatusCode());
    }

    @Test
    void anAcceptedSubscriptionGets200ThenTheInitialNotifyInTheNewDialog() throws Exception {
        fake.states.put(ALICE, "online");

        Response ok = handle(subscribe("alice@example.org", "test;id=7", "Expires: 600\r\n"));

        assertEquals(200, ok.getStatusCode());
        assertEquals(600, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
        assertTrue(ok.getHeader("Contact").toString().contains("sip:alice@192.0.2.1:5060"));
        assertEquals(List.of("test"), allowEvents(ok));
        SipFixture.SentNotify notify = sip.lastNotify();
        assertEquals("sip:bob@192.0.2.10:5062", notify.request().getRequestURI().toString());
        assertEquals("call-1", ((CallIdHeader) notify.request().getHeader(CallIdHeader.NAME)).getCallId());
        assertEquals("notifier-tag", ((FromHeader) notify.request().getHeader(FromHeader.NAME)).getTag());
        assertEquals("bob-tag", ((ToHeader) notify.request().getHeader(ToHeader.NAME)).getTag());
        assertEquals("test;id=7", notify.header("Event"));
        assertEquals("active;expires=600", notify.header("Subscription-State"));
        assertEquals("online v0", notify.body());
        verify(sip.core).createRequest(argThat(dialog -> new RequestSource("udp", "192.0.2.10", 5062)
                .equals(dialog.flow())), eq(Request.NOTIFY), anyLong());
        assertEquals(SubscriptionState.ACTIVE, store.all().get(0).subscription().state());
        assertEquals(BOB, store.all().get(0).subscription().subscriber());
    }

    @Test
    void aPendingSubscriptionIsNotifiedAsPendingWithoutBody() throws Exception {
        fake.decision = SubscriptionDecision.PENDING;

        assertEquals(200, handle(subscribe("alice@example.org", "test", "")).getStatusCode());

        assertEquals("pending;expires=3600", sip.lastNotify().header("Subscription-State"));
        assertEquals("", sip.lastNotify().body());
    }

    @Test
    void aFetchGetsOneTerminatedNotifyWithTheStateAndKeepsNothing() throws Exception {
        assertEquals(200, handle(subscribe("alice@example.org", "test", "Expires: 0\r\n")).getStatusCode());

        assertEquals("terminated;reason=timeout", sip.lastNotify().header("Subscription-State"));
        assertEquals("idle v0", sip.lastNotify().body());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void aRefreshInTheDialogExtendsAndNotifiesAnUnsubscribeTerminates() throws Exception {
        handle(subscribe("alice@example.org", "test", "Expires: 600\r\n"));

        Response refreshed = handle(request("sip:alice@192.0.2.1:5060", "notifier-tag", 2, "test", "Expires: 300\r\n"));
        assertEquals(200, refreshed.getStatusCode());
        assertEquals(300, ((ExpiresHeader) refreshed.getHeader(ExpiresHeader.NAME)).getExpires());
        assertEquals("active;expires=300", sip.lastNotify().header("Subscription-State"));
        assertEquals(2, store.all().get(0).remoteCseq());

        assertEquals(500, handle(request("sip:alice@192.0.2.1:5060", "notifier-tag", 2, "test", "")).getStatusCode(),
                "an old CSeq");
        assertEquals(481, handle(request("sip:alice@192.0.2.1:5060", "other-tag", 3, "test", "")).getStatusCode());

        Response unsubscribed = handle(request("sip:alice@192.0.2.1:5060", "notifier-tag", 3, "test", "Expires: 0\r\n"));
        assertEquals(200, unsubscribed.getStatusCode());
        assertEquals("terminated;reason=timeout", sip.lastNotify().header("Subscription-State"));
        assertTrue(store.all().isEmpty());
        assertEquals(3, sip.notifies.size());
    }
}
