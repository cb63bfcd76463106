package dev.parley.presence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.OutgoingSubscription;
import dev.parley.api.event.SipEventService;
import dev.parley.api.presence.BasicStatus;
import dev.parley.api.presence.PresenceService;
import dev.parley.api.presence.PresenceStatus;
import dev.parley.api.presence.WatcherPolicy;

/** The API over the real view, publisher and rules; and the translation of SIP event notifications. */
class PresenceServiceImplTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress GHOST = new SipAddress("ghost", "example.org");

    private final PresenceFixture fixture = new PresenceFixture();
    private final AccountService accounts = mock(AccountService.class);
    private final SipEventService sipEvents = mock(SipEventService.class);
    private final WatcherRules rules = new WatcherRules(fixture.store, TestConfigs.defaults());
    private final PresenceServiceImpl service = new PresenceServiceImpl(fixture.view, fixture.publisher, rules,
            accounts);

    @BeforeEach
    void setUp() {
        when(accounts.find(ALICE)).thenReturn(Optional.of(mock(Account.class)));
        when(accounts.find(BOB)).thenReturn(Optional.of(mock(Account.class)));
        when(accounts.find(GHOST)).thenReturn(Optional.empty());
        service.sipEvents = sipEvents;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void anUpdateIsComposedAndReadBack() {
        PresenceStatus status = service.update(ALICE, BasicStatus.OPEN, " away ", "back at 3");

        assertEquals(new PresenceStatus(ALICE, BasicStatus.OPEN, "away", "back at 3", fixture.clock.instant()), status);
        assertEquals(List.of(status, PresenceStatus.unknown(BOB)), service.statuses(List.of(ALICE, BOB)));
        assertTrue(service.clear(ALICE));
        assertEquals(PresenceStatus.unknown(ALICE), service.status(ALICE));
    }

    @Test
    void aBlankActivityIsNoneAndOverlongTextIsRefused() {
        assertNull(service.update(ALICE, BasicStatus.OPEN, "  ", null).activity());
        assertError(ParleyError.INVALID_ARGUMENT,
                () -> service.update(ALICE, BasicStatus.OPEN, "x".repeat(65), null));
        assertError(ParleyError.INVALID_ARGUMENT,
                () -> service.update(ALICE, BasicStatus.OPEN, null, "x".repeat(1001)));
    }

    @Test
    void unknownUsersAndSelfRulesAreRefused() {
        assertError(ParleyError.NOT_FOUND, () -> service.update(GHOST, BasicStatus.OPEN, null, null));
        assertError(ParleyError.NOT_FOUND, () -> service.setWatcherRule(GHOST, BOB, WatcherPolicy.ALLOW));
        assertError(ParleyError.INVALID_ARGUMENT, () -> service.setWatcherRule(ALICE, ALICE, WatcherPolicy.BLOCK));
    }

    @Test
    void rulesDecideWhoMayWatch() {
        service.setWatcherRule(ALICE, BOB, WatcherPolicy.BLOCK);

        assertFalse(service.mayWatch(BOB, ALICE));
        assertEquals(Map.of(BOB, WatcherPolicy.BLOCK), service.watcherRules(ALICE));
        assertTrue(service.removeWatcherRule(ALICE, BOB));
        assertTrue(service.mayWatch(BOB, ALICE));
    }

    @Test
    void subscriptionsGoThroughTheSipEventService() {
        OutgoingSubscription made = new OutgoingSubscription("s1", BOB, "presence", Map.of(), Instant.now());
        when(sipEvents.subscribe(BOB, "presence", List.of(ALICE), Duration.ofMinutes(10))).thenReturn(made);
        when(sipEvents.unsubscribe("s1")).thenReturn(true);

        assertSame(made, service.subscribe(BOB, List.of(ALICE), Duration.ofMinutes(10)));
        assertTrue(service.unsubscribe("s1"));
        assertError(ParleyError.INVALID_ARGUMENT, () -> service.subscribe(BOB, List.of(), Duration.ofMinutes(1)));

        service.sipEvents = null;
        assertError(ParleyError.SERVICE_UNAVAILABLE,
                () -> service.subscribe(BOB, List.of(ALICE), Duration.ofMinutes(10)));
        assertFalse(service.unsubscribe("s1"));
    }

    @Test
    void notificationsBecomePresenceEventsWithTheStatus() {
        EventAdmin eventAdmin = mock(EventAdmin.class);
        PresenceNotificationListener listener = new PresenceNotificationListener(eventAdmin, fixture.clock);

        listener.handleEvent(new Event(SipEventService.TOPIC_NOTIFIED, Map.of(
                SipEventService.PROPERTY_SUBSCRIPTION_ID, "s1", "aor", BOB.uri(),
                SipEventService.PROPERTY_EVENT_PACKAGE, "presence", SipEventService.PROPERTY_RESOURCE, ALICE.uri(),
                SipEventService.PROPERTY_STATE, "ACTIVE", SipEventService.PROPERTY_BODY,
                fixture.view.document(ALICE).replace("closed", "open").replace("</presence>",
                        "<note>hello</note></presence>"))));

        ArgumentCaptor<Event> posted = ArgumentCaptor.forClass(Event.class);
        verify(eventAdmin).postEvent(posted.capture());
        Event event = posted.getValue();
        assertEquals(PresenceService.TOPIC_NOTIFIED, event.getTopic());
        assertEquals("s1", event.getProperty(PresenceService.PROPERTY_SUBSCRIPTION_ID));
        assertEquals(BOB.uri(), event.getProperty("aor"));
        assertEquals(ALICE.uri(), event.getProperty(PresenceService.PROPERTY_RESOURCE));
        assertEquals("ACTIVE", event.getProperty(PresenceService.PROPERTY_STATE));
        assertEquals("OPEN", event.getProperty(PresenceService.PROPERTY_BASIC));
        assertEquals("hello", event.getProperty(PresenceService.PROPERTY_NOTE));
    }

    private static void assertError(ParleyError expected, Runnable action) {
        assertEquals(expected, assertThrows(ParleyException.class, action::run).error());
    }
}
