package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;

class MessagesCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    private final MessagingService messaging = mock(MessagingService.class);
    private final Console console = new Console();
    private final MessagesCommand command = new MessagesCommand();

    @BeforeEach
    void setUp() {
        command.messaging = messaging;
        command.server = FakeServerInfo.servingExampleDomains();
        command.user = "alice";
    }

    @Test
    void listsTheConversationsOfAUser() throws CommandException {
        Message last = message("m-2", BOB, ALICE, "see you\nat  noon", MessageState.DELIVERED, null);
        when(messaging.conversations(ALICE)).thenReturn(List.of(new Conversation(ALICE, BOB, last, 3)));

        console.run(command);

        assertEquals(List.of(List.of("Peer", "Unread", "Last message", "Direction", "State", "Text"),
                List.of("sip:bob@example.org", "3", "2026-11-25T10:00:00Z", "received", "DELIVERED", "see you at noon")),
                console.tableRows());
    }

    @Test
    void listsThePageOfMessagesWithAPeerWithStateAndFailure() throws CommandException {
        command.peer = "bob@example.org";
        command.limit = 2;
        command.offset = 4;
        when(messaging.messages(ALICE, BOB, 4, 2)).thenReturn(List.of(
                message("m-9", ALICE, BOB, "x".repeat(100), MessageState.EXPIRED, "not delivered before its expiry"),
                message("m-8", BOB, ALICE, "hi", MessageState.DELIVERED, null)));

        console.run(command);

        List<List<String>> rows = console.tableRows();
        assertEquals(List.of("Time", "Direction", "State", "Read", "Id", "Text", "Failure"), rows.get(0));
        assertEquals(List.of("2026-11-25T10:00:00Z", "sent", "EXPIRED", "no", "m-9", "x".repeat(59) + "…",
                "not delivered before its expiry"), rows.get(1));
        assertEquals(List.of("2026-11-25T10:00:00Z", "received", "DELIVERED", "no", "m-8", "hi", ""), rows.get(2));
    }

    @Test
    void saysSoWhenThereAreNone() throws CommandException {
        when(messaging.conversations(ALICE)).thenReturn(List.of());

        console.run(command);

        assertTrue(console.output().strip().endsWith("No conversations"));
    }

    private static Message message(String id, SipAddress from, SipAddress to, String body, MessageState state,
            String failure) {
        return new Message(id, from, to, "text/plain", body, NOW, state, false, NOW, failure);
    }
}
