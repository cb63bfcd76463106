package dev.parley.events.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SipEventService;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;

class SubscriptionManagerTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final DialogState DIALOG = new DialogState("call-1", "<sip:alice@example.org>", "notifier-tag",
            "<sip:bob@example.org>", "bob-tag", "sip:bob@192.0.2.7:5062", List.of(), "udp");

    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    private final EventPackages packages = new EventPackages();
    private final FakePackage fake = new FakePackage();
    private final EventAdmin eventAdmin = mock(EventAdmin.class);
    private final List<Event> posted = new ArrayList<>();
    private SipFixture sip;
    private SubscriptionManager manager;

    @BeforeEach
    void setUp() throws Exception {
        sip = new SipFixture();
        packages.add(fake);
        doAnswer(inv -> posted.add(inv.getArgument(0))).when(eventAdmin).postEvent(any());
        manager = newManager();
    }

    private SubscriptionManager newManager() {
        return new SubscriptionManager(store, packages, eventAdmin, sip.core, TestConfigs.defaults(), clock,
                Runnable::run);
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    private LiveSubscription subscribeBobToAlice(SubscriptionState state) {
        return manager.create(FakePackage.NAME, BOB, ALICE, state, 600, DIALOG, 1, null, null);
    }

    @Test
    void theInitialNotifyCarriesTheFullStateInTheDialog() throws Exception {
        fake.states.put(ALICE, "busy");
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.ACTIVE);

        manager.notifyCurrentState(live);

        SipFixture.SentNotify notify = sip.lastNotify();
        assertEquals(Request.NOTIFY, notify.request().getMethod());
        assertEquals("sip:bob@192.0.2.7:5062", notify.request().getRequestURI().toString());
        assertEquals("test", notify.header("Event"));
        assertEquals("active;expires=600", notify.header("Subscription-State"));
        assertEquals("text/plain", notify.header("Content-Type"));
        assertEquals("busy v0", notify.body());
        assertEquals("test", notify.header("Allow-Events"));
        assertEquals(1, ((javax.sip.header.CSeqHeader) notify.request().getHeader("CSeq")).getSeqNumber());
        assertEquals(1, store.all().size(), "stored when created");
    }

    @Test
    void aPendingSubscriptionIsNotifiedWithoutStateAndNotOnChangesWhileUndecided() {
        fake.decision = SubscriptionDecision.PENDING;
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.PENDING);

        manager.notifyCurrentState(live);
        manager.stateChanged(FakePackage.NAME, ALICE);

        assertEquals(1, sip.notifies.size());
        assertEquals("pending;expires=600", sip.lastNotify().header("Subscription-State"));
        assertEquals("", sip.lastNotify().body());
    }

    @Test
    void aStateChangeAuthorisesPendingSubscriptionsAgain() {
        fake.decision = SubscriptionDecision.PENDING;
        LiveSubscription accepted = subscribeBobToAlice(SubscriptionState.PENDING);
        LiveSubscription refused = manager.create(FakePackage.NAME, ALICE, BOB, SubscriptionState.PENDING, 600,
                DIALOG.withRemoteTarget("sip:alice@192.0.2.8"), 1, null, null);

        fake.decision = SubscriptionDecision.ACCEPT;
        manager.stateChanged(FakePackage.NAME, ALICE);
        fake.decision = SubscriptionDecision.REJECT;
        manager.stateChanged(FakePackage.NAME, BOB);

        assertEquals(SubscriptionState.ACTIVE, accepted.state());
        assertEquals(SubscriptionState.ACTIVE, store.get(accepted.id()).subscription().state());
        assertEquals("active;expires=600", sip.notifies.get(0).header("Subscription-State"));
        assertEquals("idle v0", sip.notifies.get(0).body());
        assertEquals("terminated;reason=rejected", sip.notifies.get(1).header("Subscription-State"));
        assertTrue(manager.find(refused.id()).isEmpty());
    }

    @Test
    void aStateChangeNotifiesEveryActiveWatcherOfThatResourceOnly() {
        LiveSubscription first = subscribeBobToAlice(SubscriptionState.ACTIVE);
        manager.notifyCurrentState(first);
        manager.create(FakePackage.NAME, ALICE, ALICE, SubscriptionState.ACTIVE, 600, DIALOG.withRemoteTarget(
                "sip:alice@192.0.2.8"), 1, null, null);
        manager.create(FakePackage.NAME, ALICE, BOB, SubscriptionState.ACTIVE, 600, DIALOG.withRemoteTarget(
                "sip:alice@192.0.2.9"), 1, null, null);
        fake.states.put(ALICE, "away");

        manager.stateChanged(FakePackage.NAME, ALICE);

        assertEquals(3, sip.notifies.size());
        List<String> targets = sip.notifies.subList(1, 3).stream()
                .map(n -> n.request().getRequestURI().toString()).sorted().toList();
        assertEquals(List.of("sip:alice@192.0.2.8", "sip:bob@192.0.2.7:5062"), targets);
        SipFixture.SentNotify toBob = sip.notifies.stream().skip(1)
                .filter(n -> n.request().getRequestURI().toString().contains("bob")).findFirst().orElseThrow();
        assertEquals("away v1", toBob.body(), "the version counts the NOTIFYs of the subscription");
        assertEquals(2, ((javax.sip.header.CSeqHeader) toBob.request().getHeader("CSeq")).getSeqNumber());
    }

    @Test
    void countersAreStoredInBatchesNotPerNotify() {
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.ACTIVE);
        int savesAfterCreate = store.saves;
        for (int i = 0; i < 10; i++) {
            manager.stateChanged(FakePackage.NAME, ALICE);
        }
        assertEquals(savesAfterCreate, store.saves, "no store write in the NOTIFY path");

        manager.flush();

        assertEquals(savesAfterCreate + 1, store.saves);
        assertEquals(10, store.get(live.id()).subscription().notifyCount());
        assertEquals(10, store.get(live.id()).localCseq());
    }

    @Test
    void aRestoredSubscriptionKeepsItsDialogAndItsCseqRises() {
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.ACTIVE);
        manager.notifyCurrentState(live);
        manager.deactivate(); // flushes

        manager = newManager();
        manager.stateChanged(FakePackage.NAME, ALICE);

        SipFixture.SentNotify after = sip.lastNotify();
        assertEquals("call-1", ((javax.sip.header.CallIdHeader) after.request().getHeader("Call-ID")).getCallId());
        assertEquals(2 + SubscriptionManager.RESTART_MARGIN,
                ((javax.sip.header.CSeqHeader) after.request().getHeader("CSeq")).getSeqNumber());
        assertEquals("idle v" + (1 + SubscriptionManager.RESTART_MARGIN), after.body(), "versions rise too");
        assertEquals(1, manager.subscriptions().size());
    }

    @Test
    void aRestoredSubscriptionIsStillNotifiedOverItsFlow() throws Exception {
        RequestSource webSocket = new RequestSource("ws", "127.0.0.1", 40123);
        manager.create(FakePackage.NAME, BOB, ALICE, SubscriptionState.ACTIVE, 600, DIALOG.withFlow(webSocket), 1,
                null, null);
        manager.deactivate(); // flushes
        clearInvocations(sip.core);

        manager = newManager();
        manager.stateChanged(FakePackage.NAME, ALICE);

        verify(sip.core).createRequest(argThat(dialog -> webSocket.equals(dialog.flow())), eq(Request.NOTIFY),
                anyLong());
    }

    @Test
    void aCrashRightAfterARestartNeverReusesACseq() {
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.ACTIVE);
        manager.notifyCurrentState(live);
        manager.deactivate();
        manager = newManager();
        manager.stateChanged(FakePackage.NAME, ALICE);
        long afterRestart = ((javax.sip.header.CSeqHeader) sip.lastNotify().request().getHeader("CSeq")).getSeqNumber();

        manager = newManager(); // the previous one died without flushing
        manager.stateChanged(FakePackage.NAME, ALICE);

        long afterCrash = ((javax.sip.header.CSeqHeader) sip.lastNotify().request().getHeader("CSeq")).getSeqNumber();
        assertTrue(afterCrash > afterRestart, afterCrash + " after " + afterRestart);
    }

    @Test
    void terminateSendsAFinalNotifyAndForgetsTheSubscription() {
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.ACTIVE);

        assertTrue(manager.terminate(live.id(), "deactivated"));

        assertEquals("terminated;reason=deactivated", sip.lastNotify().header("Subscription-State"));
        assertTrue(manager.subscriptions().isEmpty());
        assertTrue(store.all().isEmpty());
        assertFalse(manager.terminate(live.id(), "deactivated"));
        manager.stateChanged(FakePackage.NAME, ALICE);
        assertEquals(1, sip.notifies.size());
    }

    @Test
    void theSweepTerminatesLapsedSubscriptionsWithReasonTimeout() {
        LiveSubscription lapsing = subscribeBobToAlice(SubscriptionState.ACTIVE);
        clock.advance(Duration.ofSeconds(599));
        manager.sweep();
        assertTrue(manager.find(lapsing.id()).isPresent());

        clock.advance(Duration.ofSeconds(1));
        manager.sweep();

        assertTrue(manager.find(lapsing.id()).isEmpty());
        assertEquals("terminated;reason=timeout", sip.lastNotify().header("Subscription-State"));
        assertTrue(store.all().isEmpty());
    }

    @Test
    void a481Or408ToANotifyRemovesTheSubscriptionWithoutAnotherNotify() throws Exception {
        LiveSubscription gone = subscribeBobToAlice(SubscriptionState.ACTIVE);
        LiveSubscription timedOut = manager.create(FakePackage.NAME, ALICE, BOB, SubscriptionState.ACTIVE, 600,
                DIALOG.withRemoteTarget("sip:alice@192.0.2.8"), 1, null, null);
        manager.notifyCurrentState(gone);
        sip.lastNotify().answer(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, sip.messages);
        manager.notifyCurrentState(timedOut);
        sip.lastNotify().answer(Response.REQUEST_TIMEOUT, sip.messages);

        assertTrue(manager.subscriptions().isEmpty());
        assertTrue(store.all().isEmpty());
        assertEquals(2, sip.notifies.size());
    }

    @Test
    void aSubscriptionHeldByParleyIsNotifiedOnEventAdminAndNeverLapses() {
        LiveSubscription internal = manager.create(FakePackage.NAME, BOB, ALICE, SubscriptionState.ACTIVE, 600, null,
                0, null, "outgoing-1");
        fake.states.put(ALICE, "online");

        manager.notifyCurrentState(internal);
        clock.advance(Duration.ofSeconds(601));
        manager.sweep();

        List<Event> notified = posted(SipEventService.TOPIC_NOTIFIED);
        assertEquals(1, notified.size());
        Event event = notified.get(0);
        assertEquals("outgoing-1", event.getProperty(SipEventService.PROPERTY_SUBSCRIPTION_ID));
        assertEquals("sip:alice@example.org", event.getProperty(SipEventService.PROPERTY_RESOURCE));
        assertEquals("sip:bob@example.org", event.getProperty("aor"));
        assertEquals("active;expires=600", event.getProperty(SipEventService.PROPERTY_STATE));
        assertEquals("online v0", event.getProperty(SipEventService.PROPERTY_BODY));
        assertTrue(manager.find(internal.id()).isPresent(), "extended, not terminated");
        assertTrue(internal.expiresAt().isAfter(clock.instant()));
        assertNull(store.get(internal.id()).dialog());
    }

    private List<Event> posted(String topic) {
        return posted.stream().filter(e -> e.getTopic().equals(topic)).toList();
    }

    @Test
    void everyChangeInTheLifeOfASubscriptionIsPostedButNotARefresh() throws Exception {
        fake.decision = SubscriptionDecision.PENDING;
        LiveSubscription pending = subscribeBobToAlice(SubscriptionState.PENDING);
        LiveSubscription vanishing = manager.create(FakePackage.NAME, ALICE, BOB, SubscriptionState.ACTIVE, 600,
                DIALOG.withRemoteTarget("sip:alice@192.0.2.8"), 1, null, null);
        fake.decision = SubscriptionDecision.ACCEPT;
        manager.stateChanged(FakePackage.NAME, ALICE);
        manager.refresh(pending, 300, 2, null);
        manager.terminate(pending.id(), "deactivated");
        manager.notifyCurrentState(vanishing);
        sip.lastNotify().answer(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, sip.messages);

        List<Event> changes = posted(SubscriptionService.TOPIC_CHANGED);
        assertEquals(List.of("pending", "active", "active", "terminated", "terminated"),
                changes.stream().map(e -> e.getProperty(SubscriptionService.PROPERTY_STATE)).toList());
        assertEquals(List.of(pending.id(), vanishing.id(), pending.id(), pending.id(), vanishing.id()),
                changes.stream().map(e -> e.getProperty(SubscriptionService.PROPERTY_ID)).toList());
        Event ended = changes.get(3);
        assertEquals("deactivated", ended.getProperty(SubscriptionService.PROPERTY_REASON));
        assertEquals("sip:bob@example.org", ended.getProperty(SubscriptionService.PROPERTY_SUBSCRIBER));
        assertEquals("sip:alice@example.org", ended.getProperty(SubscriptionService.PROPERTY_RESOURCE));
        assertEquals(FakePackage.NAME, ended.getProperty(SubscriptionService.PROPERTY_EVENT_PACKAGE));
        assertEquals(SubscriptionManager.GONE, changes.get(4).getProperty(SubscriptionService.PROPERTY_REASON));
        assertNull(changes.get(0).getProperty(SubscriptionService.PROPERTY_REASON));
    }

    @Test
    void aChangeReportedWhileItsPackageIsAwayIsNotifiedWhenThePackageComes() {
        LiveSubscription live = subscribeBobToAlice(SubscriptionState.ACTIVE);
        packages.remove(fake);
        fake.states.put(ALICE, "on the phone");

        manager.stateChanged(FakePackage.NAME, ALICE);
        assertTrue(sip.notifies.isEmpty(), "no document to send yet");
        packages.add(fake);

        assertEquals(1, sip.notifies.size());
        assertEquals("on the phone v0", sip.lastNotify().body());
        assertEquals(live.id(), manager.subscriptions().get(0).id());
        packages.remove(fake);
        packages.add(fake);
        assertEquals(1, sip.notifies.size(), "notified once");
    }

    @Test
    void subscriptionsAreListedByPackageResourceSubscriber() {
        manager.create(FakePackage.NAME, BOB, BOB, SubscriptionState.ACTIVE, 600, DIALOG, 1, null, null);
        manager.create(FakePackage.NAME, BOB, ALICE, SubscriptionState.ACTIVE, 600, DIALOG, 1, "x", null);
        manager.create(FakePackage.NAME, ALICE, ALICE, SubscriptionState.PENDING, 600, null, 0, null, "o");

        assertEquals(List.of("sip:alice@example.org>sip:alice@example.org", "sip:bob@example.org>sip:alice@example.org",
                "sip:bob@example.org>sip:bob@example.org"),
                manager.subscriptions().stream().map(s -> s.subscriber() + ">" + s.resource()).toList());
        assertEquals(2, manager.subscriptions(FakePackage.NAME, ALICE).size());
    }
}
