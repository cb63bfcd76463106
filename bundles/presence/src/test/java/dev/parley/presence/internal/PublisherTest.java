package dev.parley.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.SubscriptionService;
import dev.parley.api.presence.BasicStatus;
import dev.parley.presence.internal.Publisher.IntervalTooBrief;
import dev.parley.presence.internal.Publisher.Published;
import dev.parley.presence.internal.Publisher.Removed;
import dev.parley.presence.internal.Publisher.UnknownEtag;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfTuple;
import dev.parley.store.PresencePublication;

/** The RFC 3903 entity-tag cycle over the in-memory store, with the view that notifies watchers. */
class PublisherTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryPresenceStore store = new InMemoryPresenceStore();
    private final SubscriptionService subscriptions = mock(SubscriptionService.class);
    private final PresenceView view = new PresenceView(store, mock(EventAdmin.class), TestConfigs.defaults(), clock);
    private Publisher publisher = publisher(Map.of());

    {
        view.subscriptions = subscriptions;
    }

    @AfterEach
    void stop() {
        publisher.deactivate();
    }

    @Test
    void initialPublicationIsStoredUnderANewTagAndNotifiesWatchers() {
        Published published = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, "away"), 600));

        assertEquals(600, published.expires());
        PresencePublication stored = store.publication(ALICE, published.etag()).orElseThrow();
        assertEquals(clock.instant().plusSeconds(600), stored.expiresAt());
        assertEquals(PresencePublication.Origin.SIP, stored.origin());
        assertEquals("away", view.status(ALICE).activity());
        verify(subscriptions).stateChanged("presence", ALICE);
    }

    @Test
    void refreshGivesANewTagAndExpiryKeepsTheDocumentAndNotifiesNobody() {
        Published first = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, "away"), 600));
        clock.advance(Duration.ofSeconds(100));

        Published refreshed = published(publisher.publish(ALICE, first.etag(), null, 900));

        assertNotEquals(first.etag(), refreshed.etag());
        List<PresencePublication> stored = store.publications(ALICE);
        assertEquals(1, stored.size());
        assertEquals(refreshed.etag(), stored.get(0).etag());
        assertEquals(clock.instant().plusSeconds(900), stored.get(0).expiresAt());
        assertEquals("away", view.status(ALICE).activity());
        verify(subscriptions, times(1)).stateChanged("presence", ALICE);
    }

    @Test
    void modifyReplacesTheDocumentUnderANewTag() {
        Published first = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, "away"), 600));

        Published modified = published(publisher.publish(ALICE, first.etag(), document(BasicStatus.CLOSED, null), 600));

        assertNotEquals(first.etag(), modified.etag());
        assertEquals(1, store.publications(ALICE).size());
        assertEquals(BasicStatus.CLOSED, view.status(ALICE).basic());
        verify(subscriptions, times(2)).stateChanged("presence", ALICE);
    }

    @Test
    void anOldTagNoLongerMatchesAfterARefresh() {
        Published first = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 600));
        publisher.publish(ALICE, first.etag(), null, 600);

        assertEquals(new UnknownEtag(first.etag()), publisher.publish(ALICE, first.etag(), null, 600));
    }

    @Test
    void removeDeletesThePublicationAndNotifies() {
        Published first = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 600));

        assertInstanceOf(Removed.class, publisher.publish(ALICE, first.etag(), null, 0));

        assertEquals(List.of(), store.publications(ALICE));
        assertEquals(BasicStatus.CLOSED, view.status(ALICE).basic());
        verify(subscriptions, times(2)).stateChanged("presence", ALICE);
        assertEquals(new UnknownEtag(first.etag()), publisher.publish(ALICE, first.etag(), null, 0));
    }

    @Test
    void unknownOrLapsedTagsAre412() {
        assertEquals(new UnknownEtag("nope"), publisher.publish(ALICE, "nope", null, 600));
        Published first = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 60));
        clock.advance(Duration.ofSeconds(60));

        assertEquals(new UnknownEtag(first.etag()), publisher.publish(ALICE, first.etag(), null, 600));
        assertEquals(new UnknownEtag(first.etag()),
                publisher.publish(ALICE, first.etag(), document(BasicStatus.OPEN, null), 600));
    }

    @Test
    void expiryBelowTheMinimumIs423AndAboveTheMaximumIsShortened() {
        publisher = publisher(Map.of("min_expires", 120, "max_expires", 1000, "default_expires", 500));

        assertEquals(new IntervalTooBrief(120), publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 119));
        assertEquals(1000, published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 5000)).expires());
        assertEquals(500, published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), null)).expires());
        assertEquals(0, store.publications(ALICE).stream().filter(p -> p.expiresAt()
                .isAfter(clock.instant().plusSeconds(1000))).count());
    }

    @Test
    void combinationsTable1DoesNotAllowAre400() {
        assertError(ParleyError.INVALID_ARGUMENT, () -> publisher.publish(ALICE, null, null, 600));
        assertError(ParleyError.INVALID_ARGUMENT,
                () -> publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 0));
    }

    @Test
    void tooManyLivePublicationsAreRefused() {
        publisher = publisher(Map.of("max_publications", 2));
        publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 600);
        publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 600);

        assertError(ParleyError.FORBIDDEN, () -> publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 600));
    }

    @Test
    void theSweepDeletesLapsedPublicationsAndNotifiesTheirWatchers() {
        publisher.publish(ALICE, null, document(BasicStatus.OPEN, "busy"), 60);
        Published lasting = published(publisher.publish(ALICE, null, document(BasicStatus.CLOSED, null), 600));
        clock.advance(Duration.ofSeconds(60));

        assertEquals(1, publisher.sweep());

        assertEquals(List.of(lasting.etag()), store.publications(ALICE).stream().map(PresencePublication::etag).toList());
        assertEquals(BasicStatus.CLOSED, view.status(ALICE).basic());
        verify(subscriptions, times(3)).stateChanged("presence", ALICE);
        assertEquals(0, publisher.sweep());
    }

    @Test
    void aStatusSetOnBehalfReplacesThePreviousOneAndCanBeCleared() {
        publisher.publishOnBehalf(ALICE, document(BasicStatus.OPEN, "away"));
        publisher.publishOnBehalf(ALICE, document(BasicStatus.OPEN, "meeting"));

        List<PresencePublication> stored = store.publications(ALICE);
        assertEquals(1, stored.size());
        assertEquals(PresencePublication.Origin.API, stored.get(0).origin());
        assertEquals(clock.instant().plusSeconds(86400), stored.get(0).expiresAt());
        assertEquals("meeting", view.status(ALICE).activity());

        assertTrue(publisher.clearOnBehalf(ALICE));
        assertEquals(List.of(), store.publications(ALICE));
        assertEquals(false, publisher.clearOnBehalf(ALICE));
    }

    @Test
    void aRefreshOnlyNeverNotifies() {
        Published first = published(publisher.publish(ALICE, null, document(BasicStatus.OPEN, null), 600));
        publisher.publish(ALICE, first.etag(), null, 600);

        verify(subscriptions, times(1)).stateChanged("presence", ALICE);
        verify(subscriptions, never()).stateChanged("presence", new SipAddress("bob", "example.org"));
    }

    private Publisher publisher(Map<String, Object> config) {
        if (publisher != null) {
            publisher.deactivate();
        }
        return new Publisher(store, view, TestConfigs.with(config), clock);
    }

    private static Published published(Publisher.Outcome outcome) {
        return assertInstanceOf(Published.class, outcome);
    }

    private static PidfDocument document(BasicStatus basic, @Nullable String activity) {
        return new PidfDocument(ALICE.uri(), List.of(new PidfTuple("t", basic, null, null)),
                activity == null ? List.of() : List.of(activity), null);
    }

    private static void assertError(ParleyError expected, Runnable action) {
        assertEquals(expected, assertThrows(ParleyException.class, action::run).error());
    }
}
