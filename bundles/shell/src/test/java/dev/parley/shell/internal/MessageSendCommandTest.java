package dev.parley.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.messaging.MessagingService;

class MessageSendCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.com");

    private final MessagingService messaging = mock(MessagingService.class);
    private final Console console = new Console();
    private final MessageSendCommand command = new MessageSendCommand();

    @BeforeEach
    void setUp() {
        command.messaging = messaging;
        command.server = FakeServerInfo.servingExampleDomains();
        command.from = "alice";
        command.to = "bob@example.com";
        command.text = List.of("hello", "there");
    }

    @Test
    void sendsTheJoinedWordsAsPlainTextOnBehalfOfTheUser() throws CommandException {
        when(messaging.send(ALICE, BOB, "text/plain;charset=UTF-8", "hello there")).thenReturn(new Message("m-1",
                ALICE, BOB, "text/plain;charset=UTF-8", "hello there", NOW, MessageState.STORED, false, NOW, null));

        console.run(command);

        assertEquals("Stored message m-1 from sip:alice@example.org to sip:bob@example.com", console.output().strip());
    }

    @Test
    void aRefusalIsAOneLineError() {
        when(messaging.send(ALICE, BOB, "text/plain;charset=UTF-8", "hello there"))
                .thenThrow(new ParleyException(ParleyError.NOT_FOUND, "No such user"));

        CommandException failure = assertThrows(CommandException.class,
                () -> console.run(command));
        assertEquals("Error: No such user", failure.getNiceHelp());
    }

    @Test
    void withoutTheMessagingFeatureItSaysSo() {
        command.messaging = null;

        CommandException failure = assertThrows(CommandException.class,
                () -> console.run(command));
        assertEquals("Error: " + MessagingAction.NOT_INSTALLED, failure.getNiceHelp());
    }
}
