package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.jdt.annotation.Nullable;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;

/**
 * What every {@link MessageStore} must do. A store implementation extends this class and returns a fresh, empty
 * store from {@link #store()}.
 */
public abstract class MessageStoreContractTest {

    protected static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");
    protected static final SipAddress ALICE = new SipAddress("alice", "example.org");
    protected static final SipAddress BOB = new SipAddress("bob", "example.org");
    protected static final SipAddress CAROL = new SipAddress("carol", "example.org");

    /** The store under test: empty at the start of each test. */
    protected abstract MessageStore store();

    @Test
    void everyFieldRoundTrips() {
        StoredMessage full = new StoredMessage(new Message("m1", ALICE, BOB, "text/plain;charset=UTF-8",
                "Grüße, 你好 \uD83D\uDE00\nline two", NOW, MessageState.STORED, false, NOW, "480 Temporarily Unavailable"),
                3, NOW.plusSeconds(60), NOW.plusSeconds(86400));

        store().add(full);

        assertEquals(Optional.of(full), store().find("m1"));
        assertEquals(Optional.empty(), store().find("m2"));
    }

    @Test
    void aMessageWaitingForARegistrationHasNoNextAttempt() {
        StoredMessage waiting = stored("m1", ALICE, BOB, NOW, null);

        store().add(waiting);

        assertEquals(List.of(waiting), store().pending(BOB));
        assertEquals(List.of(), store().due(NOW.plusSeconds(3600), 10));
    }

    @Test
    void pendingListsTheStoredMessagesOfOneRecipientInOrder() {
        store().add(stored("m1", ALICE, BOB, NOW, null));
        store().add(stored("m2", CAROL, BOB, NOW, NOW));
        store().add(stored("m3", ALICE, CAROL, NOW, null));
        store().add(stored("m4", ALICE, BOB, NOW, null));
        store().finish("m4", MessageState.DELIVERED, NOW, null);

        assertEquals(List.of("m1", "m2"), ids(store().pending(BOB)));
        assertEquals(List.of(BOB, CAROL), store().pendingRecipients());
    }

    @Test
    void dueMessagesAreTheStoredOnesWhoseTimeHasComeOldestFirstUpToTheLimit() {
        store().add(stored("late", ALICE, BOB, NOW, NOW.plusSeconds(30)));
        store().add(stored("first", ALICE, BOB, NOW, NOW.minusSeconds(10)));
        store().add(stored("second", ALICE, BOB, NOW, NOW));
        store().add(stored("third", ALICE, BOB, NOW, NOW));
        store().add(stored("done", ALICE, BOB, NOW, NOW));
        store().finish("done", MessageState.DELIVERED, NOW, null);

        assertEquals(List.of("first", "second"), ids(store().due(NOW, 2)));
        assertEquals(List.of("first", "second", "third"), ids(store().due(NOW, 10)));
    }

    @Test
    void expiringMessagesAreTheStoredOnesPastTheirExpiry() {
        store().add(new StoredMessage(message("old", ALICE, BOB, NOW), 0, null, NOW.minusSeconds(1)));
        store().add(new StoredMessage(message("young", ALICE, BOB, NOW), 0, null, NOW.plusSeconds(1)));
        store().add(new StoredMessage(message("delivered", ALICE, BOB, NOW), 0, null, NOW.minusSeconds(1)));
        store().finish("delivered", MessageState.DELIVERED, NOW, null);

        assertEquals(List.of("old"), ids(store().expiring(NOW, 10)));
    }

    @Test
    void retryLaterRecordsTheAttemptAndTheNextTime() {
        store().add(stored("m1", ALICE, BOB, NOW, NOW));

        store().retryLater("m1", 2, NOW.plusSeconds(120), "408 timeout");

        StoredMessage found = store().find("m1").orElseThrow();
        assertEquals(2, found.attempts());
        assertEquals(NOW.plusSeconds(120), found.nextAttempt());
        assertEquals("408 timeout", found.message().failure());
        assertEquals(MessageState.STORED, found.message().state());
    }

    @Test
    void onlyTheFirstFinishWins() {
        store().add(stored("m1", ALICE, BOB, NOW, NOW));
        Instant later = NOW.plusSeconds(5);

        assertTrue(store().finish("m1", MessageState.DELIVERED, later, null));
        assertFalse(store().finish("m1", MessageState.FAILED, later.plusSeconds(1), "603 Decline"));
        store().retryLater("m1", 9, NOW.plusSeconds(99), "ignored once final");

        StoredMessage found = store().find("m1").orElseThrow();
        assertEquals(MessageState.DELIVERED, found.message().state());
        assertEquals(later, found.message().stateChanged());
        assertEquals(null, found.nextAttempt());
        assertEquals(0, found.attempts());
        assertEquals(List.of(), store().pending(BOB));
    }

    @Test
    void finishAllChangesTheStoredOnesInOneGo() {
        store().add(stored("m1", ALICE, BOB, NOW, NOW));
        store().add(stored("m2", ALICE, BOB, NOW, NOW));
        store().add(stored("m3", ALICE, BOB, NOW, NOW));
        store().finish("m2", MessageState.EXPIRED, NOW, "too late");
        Instant later = NOW.plusSeconds(3);

        assertEquals(2, store().finishAll(List.of("m1", "m2", "m3", "unknown"), MessageState.DELIVERED, later));
        assertEquals(0, store().finishAll(List.of(), MessageState.DELIVERED, later));

        StoredMessage first = store().find("m1").orElseThrow();
        assertEquals(MessageState.DELIVERED, first.message().state());
        assertEquals(later, first.message().stateChanged());
        assertEquals(null, first.nextAttempt());
        assertEquals(MessageState.EXPIRED, store().find("m2").orElseThrow().message().state());
        assertEquals(MessageState.DELIVERED, store().find("m3").orElseThrow().message().state());
    }

    @Test
    void storedIsNotAFinalState() {
        store().add(stored("m1", ALICE, BOB, NOW, NOW));

        assertThrows(IllegalArgumentException.class, () -> store().finish("m1", MessageState.STORED, NOW, null));
        assertThrows(IllegalArgumentException.class,
                () -> store().finishAll(List.of("m1"), MessageState.STORED, NOW));
    }

    @Test
    void conversationsGiveTheLastMessageAndTheUnreadCountPerPeerNewestFirst() {
        store().add(stored("a1", ALICE, BOB, NOW, null));
        store().add(stored("b1", BOB, ALICE, NOW.plusSeconds(1), null));
        store().add(stored("b2", BOB, ALICE, NOW.plusSeconds(2), null));
        store().add(stored("c1", CAROL, ALICE, NOW.plusSeconds(3), null));
        store().add(stored("a2", ALICE, CAROL, NOW.plusSeconds(4), null));
        store().add(stored("x1", BOB, CAROL, NOW.plusSeconds(5), null));

        List<Conversation> conversations = store().conversations(ALICE);

        assertEquals(2, conversations.size());
        assertEquals(CAROL, conversations.get(0).peer());
        assertEquals("a2", conversations.get(0).lastMessage().id());
        assertEquals(1, conversations.get(0).unread());
        assertEquals(BOB, conversations.get(1).peer());
        assertEquals("b2", conversations.get(1).lastMessage().id());
        assertEquals(2, conversations.get(1).unread());
        assertEquals(ALICE, conversations.get(1).user());
        assertEquals(List.of(), store().conversations(new SipAddress("dave", "example.org")));
    }

    @Test
    void messagesOfAConversationComeNewestFirstInPages() {
        for (int i = 1; i <= 5; i++) {
            store().add(stored("m" + i, i % 2 == 0 ? BOB : ALICE, i % 2 == 0 ? ALICE : BOB, NOW, null));
        }
        store().add(stored("other", ALICE, CAROL, NOW, null));

        assertEquals(List.of("m5", "m4"), store().messages(ALICE, BOB, 0, 2).stream().map(Message::id).toList());
        assertEquals(List.of("m3", "m2"), store().messages(BOB, ALICE, 2, 2).stream().map(Message::id).toList());
        assertEquals(List.of("m1"), store().messages(ALICE, BOB, 4, 10).stream().map(Message::id).toList());
    }

    @Test
    void markReadMarksOnlyTheMessagesFromThePeerToTheUser() {
        store().add(stored("b1", BOB, ALICE, NOW, null));
        store().add(stored("b2", BOB, ALICE, NOW, null));
        store().add(stored("a1", ALICE, BOB, NOW, null));
        store().add(stored("c1", CAROL, ALICE, NOW, null));

        assertEquals(2, store().markRead(ALICE, BOB));
        assertEquals(0, store().markRead(ALICE, BOB));

        assertTrue(store().find("b1").orElseThrow().message().read());
        assertFalse(store().find("a1").orElseThrow().message().read());
        assertFalse(store().find("c1").orElseThrow().message().read());
    }

    @Test
    void deleteRemovesTheMessage() {
        store().add(stored("m1", ALICE, BOB, NOW, NOW));

        assertTrue(store().delete("m1"));
        assertFalse(store().delete("m1"));

        assertEquals(Optional.empty(), store().find("m1"));
        assertEquals(List.of(), store().pending(BOB));
    }

    protected static StoredMessage stored(String id, SipAddress from, SipAddress to, Instant time,
            @Nullable Instant nextAttempt) {
        return new StoredMessage(message(id, from, to, time), 0, nextAttempt, time.plusSeconds(86400));
    }

    private static Message message(String id, SipAddress from, SipAddress to, Instant time) {
        return new Message(id, from, to, "text/plain", "hello " + id, time, MessageState.STORED, false, time, null);
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }
}
