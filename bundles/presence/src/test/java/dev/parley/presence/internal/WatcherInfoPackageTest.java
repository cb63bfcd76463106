package dev.parley.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventState;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionDecision;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.event.SubscriptionState;

class WatcherInfoPackageTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "example.org");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private final SubscriptionService subscriptions = mock(SubscriptionService.class);
    private final WatcherInfoPackage winfo = new WatcherInfoPackage(subscriptions, clock);

    private Subscription presence(String id, SipAddress watcher, SubscriptionState state) {
        return new Subscription(id, "presence", watcher, ALICE, state, clock.instant().plusSeconds(600), 0);
    }

    private Subscription aliceWatchingHerWatchers(long notifyCount) {
        return new Subscription("w-1", WatcherInfoPackage.NAME, ALICE, ALICE, SubscriptionState.ACTIVE,
                clock.instant().plusSeconds(600), notifyCount);
    }

    private static Event changed(String id, SipAddress watcher, String state, String reason) {
        return new Event(SubscriptionService.TOPIC_CHANGED, Map.of(SubscriptionService.PROPERTY_ID, id,
                SubscriptionService.PROPERTY_EVENT_PACKAGE, "presence", SubscriptionService.PROPERTY_SUBSCRIBER,
                watcher.uri(), SubscriptionService.PROPERTY_RESOURCE, ALICE.uri(),
                SubscriptionService.PROPERTY_STATE, state, SubscriptionService.PROPERTY_REASON, reason));
    }

    @Test
    void onlyTheUserHimselfMayWatchHisWatchers() {
        assertEquals(SubscriptionDecision.ACCEPT, winfo.authorize(ALICE, ALICE));
        assertEquals(SubscriptionDecision.REJECT, winfo.authorize(BOB, ALICE));
        assertEquals("presence.winfo", winfo.name());
        assertEquals("application/watcherinfo+xml", winfo.contentType());
    }

    @Test
    void theDocumentListsActiveAndPendingWatchersWithTheSubscriptionVersion() {
        when(subscriptions.subscriptions("presence", ALICE)).thenReturn(List.of(
                presence("s-bob", BOB, SubscriptionState.ACTIVE), presence("s-carol", CAROL,
                        SubscriptionState.PENDING)));

        EventState state = winfo.currentState(aliceWatchingHerWatchers(3));

        assertEquals("application/watcherinfo+xml", state.contentType());
        String xml = state.body();
        assertTrue(xml.contains("<watcherinfo xmlns=\"urn:ietf:params:xml:ns:watcherinfo\" version=\"3\""
                + " state=\"full\">"), xml);
        assertTrue(xml.contains("<watcher-list resource=\"sip:alice@example.org\" package=\"presence\">"), xml);
        assertTrue(xml.contains("<watcher id=\"s-bob\" event=\"subscribe\" status=\"active\">sip:bob@example.org"
                + "</watcher>"), xml);
        assertTrue(xml.contains("<watcher id=\"s-carol\" event=\"subscribe\" status=\"pending\">"
                + "sip:carol@example.org</watcher>"), xml);
    }

    @Test
    void everyChangeOfAPresenceSubscriptionIsNotifiedAndAnEndedOneIsShownForAMinute() {
        winfo.handleEvent(changed("s-bob", BOB, "active", ""));
        winfo.handleEvent(changed("s-bob", BOB, "terminated", "timeout"));
        when(subscriptions.subscriptions("presence", ALICE)).thenReturn(List.of());

        verify(subscriptions, times(2)).stateChanged("presence.winfo", ALICE);
        String xml = winfo.currentState(aliceWatchingHerWatchers(2)).body();
        assertTrue(xml.contains("<watcher id=\"s-bob\" event=\"timeout\" status=\"terminated\">"
                + "sip:bob@example.org</watcher>"), xml);

        clock.advance(WatcherInfoPackage.ENDED_SHOWN.plus(Duration.ofSeconds(1)));
        assertFalse(winfo.currentState(aliceWatchingHerWatchers(3)).body().contains("s-bob"));
    }

    @Test
    void onlyTheLatestEndedSubscriptionsAreKept() {
        for (int i = 0; i < WatcherInfoPackage.ENDED_KEPT + 5; i++) {
            winfo.handleEvent(changed("s-" + i, BOB, "terminated", "rejected"));
        }
        when(subscriptions.subscriptions("presence", ALICE)).thenReturn(List.of());

        String xml = winfo.currentState(aliceWatchingHerWatchers(0)).body();
        assertFalse(xml.contains("id=\"s-4\""), xml);
        assertTrue(xml.contains("id=\"s-5\""), xml);
        assertTrue(xml.contains("id=\"s-" + (WatcherInfoPackage.ENDED_KEPT + 4) + "\""), xml);
    }

    @Test
    void anEventWithAnUnreadableResourceIsIgnored() {
        winfo.handleEvent(new Event(SubscriptionService.TOPIC_CHANGED, Map.of(SubscriptionService.PROPERTY_RESOURCE,
                "not an address")));

        verify(subscriptions, never()).stateChanged(anyString(),
                any());
    }
}
