package dev.parley.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.call.Call;
import dev.parley.api.call.CallService;
import dev.parley.api.call.CallState;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.api.server.ServerInfo;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfTuple;

/** Call events drive activity on-the-phone of local users; the published state comes back after the call. */
class OnThePhoneTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Instant ANSWERED = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(ANSWERED.plusSeconds(5));
    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final EventAdmin eventAdmin = mock(EventAdmin.class);
    private final SubscriptionService subscriptions = mock(SubscriptionService.class);
    private final ServerInfo server = mock(ServerInfo.class);
    private PresenceView view = view(true);
    private CallActivityListener listener;

    @BeforeEach
    void setUp() {
        when(server.isLocalDomain(anyString())).thenAnswer(inv -> "example.org".equals(inv.getArgument(0)));
        listener = new CallActivityListener(view, server, clock);
    }

    @Test
    void bothLocalPartiesOfAnAnsweredCallAreOnThePhoneUntilItEnds() {
        Publisher publisher = new Publisher(store, view, TestConfigs.defaults(), clock);
        publisher.publishOnBehalf(ALICE, new PidfDocument(ALICE.uri(),
                List.of(new PidfTuple("t", BasicStatus.OPEN, null, null)), List.of("away"), "at home"));
        publisher.deactivate();
        PresenceStatus published = view.status(ALICE);

        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:bob@example.org"));

        assertEquals(new PresenceStatus(ALICE, BasicStatus.OPEN, "on-the-phone", "at home", clock.instant()),
                view.status(ALICE));
        assertEquals("on-the-phone", view.status(BOB).activity());
        verify(subscriptions).stateChanged("presence", BOB);
        verify(subscriptions, times(2)).stateChanged("presence", ALICE);

        listener.handleEvent(callEvent(CallService.TOPIC_ENDED, "sip:alice@example.org", "sip:bob@example.org"));

        assertEquals(published, view.status(ALICE));
        assertNull(view.status(BOB).activity());
        verify(subscriptions, times(3)).stateChanged("presence", ALICE);
    }

    @Test
    void changesArePostedOnEventAdmin() {
        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:carol@other.net"));

        ArgumentCaptor<Event> posted = ArgumentCaptor.forClass(Event.class);
        verify(eventAdmin).postEvent(posted.capture());
        assertEquals(PresenceService.TOPIC_CHANGED, posted.getValue().getTopic());
        assertEquals("sip:alice@example.org", posted.getValue().getProperty("aor"));
        assertEquals("OPEN", posted.getValue().getProperty("basic"));
        assertEquals("on-the-phone", posted.getValue().getProperty("activity"));
    }

    @Test
    void remotePartiesAndRepeatedEventsChangeNothing() {
        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:carol@other.net", "sip:bob@example.org"));
        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:carol@other.net", "sip:bob@example.org"));

        verify(subscriptions, times(1)).stateChanged("presence", BOB);
        verify(subscriptions, never()).stateChanged("presence", new SipAddress("carol", "other.net"));
    }

    @Test
    void anotherCallKeepsTheUserOnThePhone() {
        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:bob@example.org"));
        listener.handleEvent(callEvent("c2", CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:x@other.net"));
        listener.handleEvent(callEvent(CallService.TOPIC_ENDED, "sip:alice@example.org", "sip:bob@example.org"));

        assertEquals("on-the-phone", view.status(ALICE).activity());
    }

    @Test
    void watchersHearOnlyOfCallsThatChangeWhatTheySee() {
        listener.handleEvent(callEvent("c1", CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:x@other.net",
                ANSWERED));
        listener.handleEvent(callEvent("c2", CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:y@other.net",
                ANSWERED.plusSeconds(10)));
        verify(subscriptions, times(1)).stateChanged("presence", ALICE); // on the phone since c1, still

        listener.handleEvent(callEvent("c2", CallService.TOPIC_ENDED, "sip:alice@example.org", "sip:y@other.net",
                ANSWERED.plusSeconds(10)));
        verify(subscriptions, times(1)).stateChanged("presence", ALICE);

        Instant c3Answered = ANSWERED.plusSeconds(20);
        listener.handleEvent(callEvent("c3", CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:z@other.net",
                c3Answered));
        listener.handleEvent(callEvent("c1", CallService.TOPIC_ENDED, "sip:alice@example.org", "sip:x@other.net",
                ANSWERED));
        // the earliest call ended: the status is recomposed with the next one's time, the document stays the same
        verify(subscriptions, times(1)).stateChanged("presence", ALICE);
        assertEquals("on-the-phone", view.status(ALICE).activity());
        assertEquals(c3Answered, view.status(ALICE).updated());
    }

    @Test
    void establishedCallsOfTheCallServiceAreTakenInWhenItAppears() {
        CallService calls = mock(CallService.class);
        when(calls.activeCalls()).thenReturn(List.of(
                new Call("c1", ALICE, BOB, CallState.ESTABLISHED, ANSWERED, ANSWERED, null, null),
                new Call("c2", new SipAddress("dave", "example.org"), BOB, CallState.RINGING, ANSWERED, null, null,
                        null)));

        listener.bindCallService(calls);

        assertEquals("on-the-phone", view.status(ALICE).activity());
        assertNull(view.status(new SipAddress("dave", "example.org")).activity());
    }

    @Test
    void aCallWhoseEndWasMissedStopsShowingWhenTheCallServiceIsBoundAgain() {
        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:bob@example.org"));
        CallService calls = mock(CallService.class);
        when(calls.activeCalls()).thenReturn(List.of(
                new Call("c2", BOB, new SipAddress("carol", "other.net"), CallState.HELD, ANSWERED, ANSWERED, null,
                        null)));

        listener.bindCallService(calls);

        assertNull(view.status(ALICE).activity(), "c1 ended while the service was away");
        assertEquals("on-the-phone", view.status(BOB).activity(), "still in c2");
        verify(subscriptions, times(2)).stateChanged("presence", ALICE);
        verify(subscriptions, times(1)).stateChanged("presence", BOB);
        assertEquals(null, view.status(new SipAddress("carol", "other.net")).activity(), "remote: not shown");
    }

    @Test
    void switchedOffCallsDoNotShow() {
        view = view(false);
        listener = new CallActivityListener(view, server, clock);

        listener.handleEvent(callEvent(CallService.TOPIC_ANSWERED, "sip:alice@example.org", "sip:bob@example.org"));

        assertNull(view.status(ALICE).activity());
        view.modified(TestConfigs.with(Map.of("on_the_phone", true)));
        assertEquals("on-the-phone", view.status(ALICE).activity());
    }

    private PresenceView view(boolean onThePhone) {
        PresenceView created = new PresenceView(store, eventAdmin, TestConfigs.with(Map.of("on_the_phone", onThePhone)),
                clock);
        created.subscriptions = subscriptions;
        return created;
    }

    private static Event callEvent(String topic, String caller, String callee) {
        return callEvent("c1", topic, caller, callee);
    }

    private static Event callEvent(String callId, String topic, String caller, String callee) {
        return callEvent(callId, topic, caller, callee, ANSWERED);
    }

    private static Event callEvent(String callId, String topic, String caller, String callee, Instant answered) {
        return new Event(topic, Map.of(CallService.PROPERTY_CALL_ID, callId, CallService.PROPERTY_CALLER, caller,
                CallService.PROPERTY_CALLEE, callee, CallService.PROPERTY_ANSWERED, answered.toEpochMilli()));
    }
}
