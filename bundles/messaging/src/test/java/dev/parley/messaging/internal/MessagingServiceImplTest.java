package dev.parley.messaging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.api.account.Account;
import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;
import dev.parley.api.registration.Binding;
import dev.parley.api.registration.LocationService;
import dev.parley.api.server.ServerInfo;
import dev.parley.store.StoredMessage;

class MessagingServiceImplTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress STRANGER = new SipAddress("eve", "elsewhere.net");

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final FakeSender sender = new FakeSender();
    private final List<Event> events = new ArrayList<>();
    private final Map<SipAddress, List<Binding>> registered = new HashMap<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final AtomicLong nanos = new AtomicLong();
    private MessagingServiceImpl service;

    @BeforeEach
    void start() {
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.20:5060")));
        service = create(Map.of());
    }

    @AfterEach
    void stop() {
        service.deactivate();
    }

    private MessagingServiceImpl create(Map<String, Object> config) {
        return create(config, Runnable::run);
    }

    private MessagingServiceImpl create(Map<String, Object> config, Executor background) {
        EventAdmin eventAdmin = mock(EventAdmin.class);
        org.mockito.Mockito.doAnswer(call -> events.add(call.getArgument(0))).when(eventAdmin).postEvent(any());
        ServerInfo server = mock(ServerInfo.class);
        when(server.isLocalDomain("example.org")).thenReturn(true);
        AccountService accounts = mock(AccountService.class);
        when(accounts.find(any())).thenAnswer(call -> {
            SipAddress address = call.getArgument(0);
            return address.domain().equals("example.org") && !address.user().equals("nobody")
                    ? Optional.of(new Account(address, "", true, START, START))
                    : Optional.empty();
        });
        LocationService location = mock(LocationService.class);
        when(location.lookup(any())).thenAnswer(call -> registered.getOrDefault(call.getArgument(0), List.of()));
        Clock clock = mock(Clock.class);
        when(clock.instant()).thenAnswer(call -> now.get());
        return new MessagingServiceImpl(store, eventAdmin, server, accounts, location, sender,
                TestConfigs.with(config), clock, nanos::get, background);
    }

    private void advance(Duration duration) {
        now.set(now.get().plus(duration));
        nanos.addAndGet(duration.toNanos());
    }

    // --- accepting ----------------------------------------------------------------------------------------------

    @Test
    void anAcceptedMessageIsStoredAndAnnouncedThenSent() {
        Message message = service.accept(ALICE, BOB, "text/plain;charset=UTF-8", "hi Bob", 6);

        StoredMessage stored = store.get(message.id());
        assertEquals(message, stored.message());
        assertEquals(MessageState.STORED, message.state());
        assertEquals(START, message.time());
        assertEquals(START.plus(Postman.IN_FLIGHT_GUARD), stored.nextAttempt());
        assertEquals(START.plus(Duration.ofDays(7)), stored.expiresAt());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED), topics());
        assertEquals(ALICE.uri(), events.get(0).getProperty(MessagingService.PROPERTY_FROM));
        assertEquals("text/plain;charset=UTF-8", events.get(0).getProperty(MessagingService.PROPERTY_CONTENT_TYPE));
        assertEquals(message, sender.sent().get(0).message());
    }

    @Test
    void anIndicationIsRelayedToOnlineContactsOnlyAndNeverStored() {
        Message typing = service.accept(ALICE, BOB, "application/im-iscomposing+xml", "<isComposing/>", 14);

        assertEquals(typing, sender.take().get(0).message());
        assertTrue(store.all().isEmpty());
        assertTrue(events.isEmpty());
        registered.remove(BOB);
        ParleyException offline = assertThrows(ParleyException.class,
                () -> service.accept(ALICE, BOB, "application/im-iscomposing+xml", "<isComposing/>", 14));
        assertEquals(480, offline.error().sipStatus());
        assertTrue(sender.sent().isEmpty());
    }

    @Test
    void aRecipientInAnotherDomainIsRelayingAndRefused() {
        ParleyException refused = assertThrows(ParleyException.class,
                () -> service.accept(ALICE, STRANGER, "text/plain", "x", 1));
        assertEquals(ParleyError.FORBIDDEN, refused.error());
        assertEquals("Relaying not allowed", refused.getMessage());
        assertTrue(store.all().isEmpty());
    }

    @Test
    void anUnknownRecipientIsNotFound() {
        ParleyException refused = assertThrows(ParleyException.class,
                () -> service.accept(ALICE, new SipAddress("nobody", "example.org"), "text/plain", "x", 1));
        assertEquals(ParleyError.NOT_FOUND, refused.error());
    }

    @Test
    void anUnacceptedContentTypeNamesTheAcceptedOnes() {
        UnsupportedContentTypeException refused = assertThrows(UnsupportedContentTypeException.class,
                () -> service.accept(ALICE, BOB, "text/html", "<b>x</b>", 8));
        assertEquals(415, refused.error().sipStatus());
        assertEquals(List.of("text/plain", "application/im-iscomposing+xml", "message/cpim"), refused.accepted());
        assertThrows(UnsupportedContentTypeException.class, () -> service.accept(ALICE, BOB, "", "x", 1));
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        service.modified(TestConfigs.with(Map.of("max_body_size", 10)));

        service.accept(ALICE, BOB, "text/plain", "0123456789", 10);
        ParleyException refused = assertThrows(ParleyException.class,
                () -> service.accept(ALICE, BOB, "text/plain", "0123456789x", 11));
        assertEquals(ParleyError.PAYLOAD_TOO_LARGE, refused.error());
    }

    @Test
    void aSenderOverItsRateIsToldWhenToRetry() {
        service.modified(TestConfigs.with(Map.of("rate_per_sender", 0.5, "rate_burst", 2)));
        service.accept(ALICE, BOB, "text/plain", "1", 1);
        service.accept(ALICE, BOB, "text/plain", "2", 1);

        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> service.accept(ALICE, BOB, "text/plain", "3", 1));
        assertEquals(503, refused.error().sipStatus());
        assertEquals(2, refused.retryAfterSeconds());
        assertEquals(2, store.all().size());
        service.accept(BOB, ALICE, "text/plain", "another sender has its own bucket", 1);

        advance(Duration.ofSeconds(2));
        service.accept(ALICE, BOB, "text/plain", "3 again", 1);
    }

    // --- delivery -----------------------------------------------------------------------------------------------

    @Test
    void theFirst2xxMarksTheMessageDeliveredOnce() {
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.20:5060"), binding(BOB, "sip:bob@192.0.2.21:5060")));
        Message stored = service.accept(ALICE, BOB, "text/plain", "hi", 2);

        List<FakeSender.Sent> sent = sender.take();
        assertEquals(2, sent.size(), "every registered contact gets it");
        assertEquals(stored, sent.get(0).message());
        advance(Duration.ofSeconds(1));
        sent.get(1).answer(200, "OK");
        sent.get(0).answer(200, "OK");

        Message delivered = store.get(stored.id()).message();
        assertEquals(MessageState.DELIVERED, delivered.state());
        assertEquals(START.plusSeconds(1), delivered.stateChanged());
        assertNull(store.get(stored.id()).nextAttempt());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED, MessagingService.TOPIC_DELIVERED), topics());
        assertEquals("sip:bob@192.0.2.21:5060", events.get(1).getProperty(MessagingService.PROPERTY_CONTACT));
    }

    @Test
    void theDeliveriesOfAMomentAreWrittenTogetherAndOnlyThenAnnounced() {
        List<Runnable> background = new ArrayList<>();
        service.deactivate();
        service = create(Map.of(), background::add);
        background.forEach(Runnable::run); // resumption at activation: nothing pending
        background.clear();
        Message first = service.accept(ALICE, BOB, "text/plain", "one", 3);
        Message second = service.accept(BOB, BOB, "text/plain", "two", 3);
        List<FakeSender.Sent> sent = sender.take();

        sent.forEach(s -> s.answer(200, "OK"));

        assertEquals(1, background.size(), "one write for both answers");
        assertEquals(MessageState.STORED, store.get(first.id()).message().state());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED, MessagingService.TOPIC_RECEIVED), topics());
        service.recipientRegistered(BOB); // still in flight until written: not sent again
        background.remove(1).run();
        assertTrue(sender.sent().isEmpty());
        background.remove(0).run();
        assertEquals(MessageState.DELIVERED, store.get(first.id()).message().state());
        assertEquals(MessageState.DELIVERED, store.get(second.id()).message().state());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED, MessagingService.TOPIC_RECEIVED,
                MessagingService.TOPIC_DELIVERED, MessagingService.TOPIC_DELIVERED), topics());
    }

    @Test
    void anAttemptRunningIsNotStartedTwice() {
        service.accept(ALICE, BOB, "text/plain", "hi", 2);

        service.recipientRegistered(BOB); // the pending message is in flight already

        assertEquals(1, sender.sent().size());
    }

    @Test
    void failuresOfEveryContactKeepTheMessageForARetryThatBacksOff() {
        Message stored = service.accept(ALICE, BOB, "text/plain", "hi", 2);
        sender.take().get(0).answer(480, "Temporarily Unavailable");

        StoredMessage failed = store.get(stored.id());
        assertEquals(MessageState.STORED, failed.message().state());
        assertEquals(1, failed.attempts());
        assertEquals(START.plusSeconds(30), failed.nextAttempt());
        assertEquals("480 Temporarily Unavailable", failed.message().failure());

        advance(Duration.ofSeconds(29));
        service.sweep();
        assertTrue(sender.sent().isEmpty(), "not before its time");
        advance(Duration.ofSeconds(1));
        service.sweep();
        sender.take().get(0).timeOut();

        StoredMessage again = store.get(stored.id());
        assertEquals(2, again.attempts());
        assertEquals(now.get().plusSeconds(60), again.nextAttempt(), "doubled");
        assertEquals("timeout", again.message().failure());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED), topics(), "a retry is no event");
    }

    @Test
    void a6xxFailsTheMessageForGood() {
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.20:5060"), binding(BOB, "sip:bob@192.0.2.21:5060")));
        Message stored = service.accept(ALICE, BOB, "text/plain", "hi", 2);
        List<FakeSender.Sent> sent = sender.take();
        sent.get(0).answer(486, "Busy Here");
        sent.get(1).answer(603, "Decline");

        Message failed = store.get(stored.id()).message();
        assertEquals(MessageState.FAILED, failed.state());
        assertEquals("486 Busy Here; 603 Decline", failed.failure());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED, MessagingService.TOPIC_FAILED), topics());
        assertEquals("FAILED", events.get(1).getProperty(MessagingService.PROPERTY_STATE));
    }

    @Test
    void anOfflineRecipientGetsItsMessagesWhenItRegisters() {
        registered.remove(BOB);
        Message first = service.accept(ALICE, BOB, "text/plain", "one", 3);
        Message second = service.accept(ALICE, BOB, "text/plain", "two", 3);
        assertNull(store.get(first.id()).nextAttempt(), "waits for a registration, not for the sweep");
        advance(Duration.ofHours(1));
        service.sweep();
        assertTrue(sender.sent().isEmpty());

        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.30:5060")));
        service.recipientRegistered(BOB);

        List<FakeSender.Sent> sent = sender.take();
        assertEquals(List.of("one", "two"), sent.stream().map(s -> s.message().body()).toList());
        sent.forEach(s -> s.answer(200, "OK"));
        assertEquals(MessageState.DELIVERED, store.get(first.id()).message().state());
        assertEquals(MessageState.DELIVERED, store.get(second.id()).message().state());
    }

    @Test
    void aRefreshDeliversWaitingMessagesAtOnceAndCostsNothingWithoutThem() {
        Message failed = service.accept(ALICE, BOB, "text/plain", "retry me", 8);
        sender.take().get(0).answer(408, "Request Timeout");
        assertEquals(MessageState.STORED, store.get(failed.id()).message().state());
        assertTrue(store.get(failed.id()).nextAttempt().isAfter(now.get()), "backed off");

        service.recipientRefreshed(BOB);

        List<FakeSender.Sent> again = sender.take();
        assertEquals(List.of("retry me"), bodies(again));
        again.get(0).answer(200, "OK");
        assertEquals(MessageState.DELIVERED, store.get(failed.id()).message().state());
        service.recipientRefreshed(BOB);
        service.recipientRefreshed(ALICE);
        assertTrue(sender.sent().isEmpty(), "nothing waits any more");
    }

    @Test
    void aRefreshAfterARestartDeliversWhatWasStoredForTheRecipient() {
        registered.remove(BOB);
        Message waiting = service.accept(ALICE, BOB, "text/plain", "while away", 10);
        service.deactivate();
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.30:5060")));
        service = create(Map.of());
        sender.take().forEach(s -> s.answer(480, "Temporarily Unavailable")); // resumed at activation, failed

        service.recipientRefreshed(BOB);

        List<FakeSender.Sent> again = sender.take();
        assertEquals(List.of("while away"), bodies(again));
        again.get(0).answer(200, "OK");
        assertEquals(MessageState.DELIVERED, store.get(waiting.id()).message().state());
    }

    @Test
    void aRecipientBackWithManyMessagesGetsThemAWindowAtATime() {
        registered.remove(BOB);
        service.modified(TestConfigs.with(Map.of("delivery_window", 2)));
        for (int i = 1; i <= 5; i++) {
            service.accept(ALICE, BOB, "text/plain", "m" + i, 2);
        }
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.30:5060")));

        service.recipientRegistered(BOB);
        List<FakeSender.Sent> first = sender.take();
        assertEquals(List.of("m1", "m2"), bodies(first));
        first.get(0).answer(200, "OK");
        assertEquals(List.of("m3"), bodies(sender.sent()));
        first.get(1).answer(480, "Temporarily Unavailable"); // a failure frees its place too
        List<FakeSender.Sent> second = sender.take();
        assertEquals(List.of("m3", "m4"), bodies(second));
        service.recipientRegistered(BOB); // registering again queues nothing twice
        assertTrue(sender.sent().isEmpty());
        second.forEach(s -> s.answer(200, "OK"));
        sender.take().get(0).answer(200, "OK");

        assertEquals(List.of(MessageState.DELIVERED, MessageState.STORED, MessageState.DELIVERED,
                MessageState.DELIVERED, MessageState.DELIVERED),
                store.all().stream().map(m -> m.message().state()).toList());
        assertTrue(sender.sent().isEmpty());
    }

    @Test
    void thousandsOfSendsFailingOnTheSpotLoopInsteadOfRecursing() {
        registered.remove(BOB);
        service.modified(TestConfigs.with(Map.of("rate_per_sender", 0.0, "delivery_window", 1)));
        for (int i = 0; i < 5000; i++) {
            service.accept(ALICE, BOB, "text/plain", "m" + i, 2);
        }
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.30:5060")));
        sender.answerAtOnce(503);

        service.recipientRegistered(BOB);

        assertEquals(5000, sender.sent().size());
        assertTrue(store.all().stream().allMatch(m -> m.attempts() == 1));
    }

    @Test
    void aFailedMessageWhoseRecipientLeftWaitsForItsNextRegistration() {
        Message stored = service.accept(ALICE, BOB, "text/plain", "hi", 2);
        sender.take().get(0).timeOut();
        registered.remove(BOB);

        advance(Duration.ofSeconds(30));
        service.sweep();

        assertTrue(sender.sent().isEmpty());
        assertNull(store.get(stored.id()).nextAttempt());
        assertEquals("timeout", store.get(stored.id()).message().failure());
    }

    @Test
    void anUndeliveredMessageExpires() {
        registered.remove(BOB);
        service.modified(TestConfigs.with(Map.of("expiry", 3600L)));
        Message stored = service.accept(ALICE, BOB, "text/plain", "hi", 2);

        advance(Duration.ofSeconds(3599));
        service.sweep();
        assertEquals(MessageState.STORED, store.get(stored.id()).message().state());
        advance(Duration.ofSeconds(1));
        service.sweep();

        Message expired = store.get(stored.id()).message();
        assertEquals(MessageState.EXPIRED, expired.state());
        assertEquals(Postman.NOT_DELIVERED_IN_TIME, expired.failure());
        assertEquals(List.of(MessagingService.TOPIC_RECEIVED, MessagingService.TOPIC_FAILED), topics());
        assertEquals("EXPIRED", events.get(1).getProperty(MessagingService.PROPERTY_STATE));
        registered.put(BOB, List.of(binding(BOB, "sip:bob@192.0.2.30:5060")));
        service.recipientRegistered(BOB);
        assertTrue(sender.sent().isEmpty(), "an expired message is not delivered any more");
    }

    @Test
    void pendingMessagesResumeWhenTheServiceStarts() {
        Message stored = service.accept(ALICE, BOB, "text/plain", "in flight at the crash", 2);
        service.deactivate();
        sender.take().get(0).answer(200, "OK"); // the answer reaches a stopped service: not recorded
        assertEquals(MessageState.STORED, store.get(stored.id()).message().state());

        service = create(Map.of());

        List<FakeSender.Sent> resent = sender.take();
        assertEquals(1, resent.size());
        resent.get(0).answer(200, "OK");
        assertEquals(MessageState.DELIVERED, store.get(stored.id()).message().state());
    }

    // --- the API --------------------------------------------------------------------------------------------------

    @Test
    void sendStoresAndDeliversOnBehalfOfALocalUser() {
        Message sent = service.send(ALICE, BOB, "text/plain;charset=ISO-8859-1", "Grüße");

        assertEquals(MessageState.STORED, sent.state());
        assertEquals(sent, sender.take().get(0).message());
        ParleyException foreign = assertThrows(ParleyException.class,
                () -> service.send(STRANGER, BOB, "text/plain", "x"));
        assertEquals(ParleyError.FORBIDDEN, foreign.error());
    }

    @Test
    void sendCountsTheBodyInItsCharset() {
        service.modified(TestConfigs.with(Map.of("max_body_size", 5)));

        service.send(ALICE, BOB, "text/plain;charset=ISO-8859-1", "Grüße"); // 5 bytes in Latin-1
        assertThrows(ParleyException.class, () -> service.send(ALICE, BOB, "text/plain", "Grüße")); // 7 in UTF-8
    }

    @Test
    void historyMarkReadAndDeleteActForTheUsersOfTheMessage() {
        Message first = service.send(ALICE, BOB, "text/plain", "one");
        service.send(BOB, ALICE, "text/plain", "two");

        assertEquals(List.of("two", "one"), service.messages(ALICE, BOB, 0, 10).stream().map(Message::body).toList());
        assertEquals(1, service.conversations(ALICE).get(0).unread());
        assertEquals(1, service.markRead(ALICE, BOB));
        assertEquals(0, service.conversations(ALICE).get(0).unread());
        assertThrows(ParleyException.class, () -> service.messages(ALICE, BOB, -1, 10));
        assertThrows(ParleyException.class, () -> service.messages(ALICE, BOB, 0, 0));

        assertFalse(service.delete(new SipAddress("carol", "example.org"), first.id()), "not carol's message");
        assertTrue(service.delete(BOB, first.id()));
        assertEquals(Optional.empty(), service.find(first.id()));
        assertFalse(service.delete(BOB, first.id()));
    }

    private static List<String> bodies(List<FakeSender.Sent> sent) {
        return sent.stream().map(s -> s.message().body()).toList();
    }

    private List<String> topics() {
        return events.stream().map(Event::getTopic).toList();
    }

    private static Binding binding(SipAddress aor, String contact) {
        return new Binding(aor, contact, START.plusSeconds(3600), 1.0f, "reg-" + contact, 1, "udp",
                contact.substring(contact.indexOf('@') + 1), List.of(), null, 0, null, START);
    }
}
